using Bot.Evaluation;
using Bot.Knowledge.Index;

const string Usage = $"""
    Usage: dotnet run -c Release --project tests/Bot.Evaluation -- VERB
      {EvalCommand.Usage}
      {FitCommand.Usage}
      {WordNetCommand.Usage}
      {PersonNounsCommand.Usage}
      {ParagraphsCommand.Usage}
      {CandidatesCommand.Usage}
    """;

var verb = args.Length > 0 ? args[0] : "help";
var rest = new Arguments(args.Skip(1).ToList());
try
{
    switch (verb)
    {
        case "eval":
            return EvalCommand.Run(rest, Console.Out);
        case "fit":
            return FitCommand.Run(rest, Console.Out);
        case "wordnet":
            return WordNetCommand.Run(rest, Console.Out);
        case "person-nouns":
            return PersonNounsCommand.Run(rest, Console.Out);
        case "paragraphs":
            return ParagraphsCommand.Run(rest, Console.Out);
        case "candidates":
            return CandidatesCommand.Run(rest, Console.Out);
        default:
            Console.WriteLine(Usage);
            return verb == "help" ? 0 : 2;
    }
}
catch (KnowledgeFileException problem)
{
    // A knowledge file given with --knowledge that is stale or damaged: the reason and how to rebuild, not a stack.
    Console.Error.WriteLine(problem.Message);
    return 1;
}
catch (IOException problem)
{
    // A question set or knowledge file that is not there or cannot be read.
    Console.Error.WriteLine(problem.Message);
    return 1;
}
