using Bot.Answering;
using Bot.Knowledge.Evaluation;
using Bot.Knowledge.Search;

namespace Bot.Cli;

/// <summary>
/// <c>eval FILE [--knowledge FILE] [--mistakes] [--explain] [--timing]</c>: measures the bot's answer search on a question set, side by side
/// with plain BM25, per split (tune, holdout) and overall.
/// </summary>
public static class EvalCli
{
    public const string Usage = "eval FILE [--knowledge FILE] [--mistakes] [--explain] [--timing]";

    public static int Run(CliArguments arguments, TextWriter output)
    {
        var knowledgePath = arguments.TakeOption("--knowledge") ?? "knowledge/knowledge.json";
        var mistakes = arguments.TakeFlag("--mistakes");
        var explain = arguments.TakeFlag("--explain");
        var timing = arguments.TakeFlag("--timing");
        arguments.RejectUnknownOptions();
        if (arguments.Remaining.Count != 1)
        {
            throw new CliUsageException($"Usage: {Usage}");
        }

        var path = arguments.Remaining[0];
        IReadOnlyList<EvaluationQuestion> questions;
        try
        {
            questions = QuestionSet.Read(path);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException or FormatException)
        {
            throw new CliUsageException($"Cannot read the question set '{path}': {problem.Message}");
        }

        var knowledge = KnowledgeBase.Load(KnowledgeProvider.ResolvePath(knowledgePath));
        var searcher = new AnswerSearcher(knowledge);
        var plain = new Bm25Searcher(knowledge);
        var bot = QuestionSetEvaluator.EvaluateBySplit("answer-search", searcher, questions);
        var baseline = QuestionSetEvaluator.EvaluateBySplit("plain-bm25", plain, questions);
        output.WriteLine($"{questions.Count} questions from {path}, knowledge {knowledge.Version}");
        output.Write(QuestionSetEvaluator.Format([.. bot, .. baseline]));
        if (mistakes)
        {
            output.WriteLine();
            // Every split's mistakes, each tagged with its split: the holdout ones are the ones that say most.
            output.WriteLine("answer-search mistakes:");
            output.Write(QuestionSetEvaluator.FormatMistakes(bot[^1], explain ? question => searcher.Explain(question) : null));
        }

        if (timing)
        {
            // A rough figure on this machine; a Debug build is several times slower than Release.
            output.WriteLine();
            output.WriteLine($"answer-search {QuestionSetEvaluator.Time(searcher, questions)}");
            output.WriteLine($"plain-bm25    {QuestionSetEvaluator.Time(plain, questions)}");
        }

        return 0;
    }
}
