using Bot.Evaluation;

const string Usage = $"""
    Usage: dotnet run -c Release --project tests/Bot.Evaluation -- VERB
      {EvalCommand.Usage}
      {FitCommand.Usage}
      {WordNetCommand.Usage}
    """;

var verb = args.Length > 0 ? args[0] : "help";
var rest = new Arguments(args.Skip(1).ToList());
switch (verb)
{
    case "eval":
        return EvalCommand.Run(rest, Console.Out);
    case "fit":
        return FitCommand.Run(rest, Console.Out);
    case "wordnet":
        return WordNetCommand.Run(rest, Console.Out);
    default:
        Console.WriteLine(Usage);
        return verb == "help" ? 0 : 2;
}
