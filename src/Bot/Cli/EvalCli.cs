using Bot.Answering;
using Bot.Knowledge.Evaluation;
using Bot.Knowledge.Search;

namespace Bot.Cli;

/// <summary>
/// <c>eval FILE [--knowledge FILE] [--mistakes]</c>: measures the bot's answer search on a question set, side by side
/// with plain BM25, per split (tune, holdout) and overall.
/// </summary>
public static class EvalCli
{
    public const string Usage = "eval FILE [--knowledge FILE] [--mistakes]";

    public static int Run(CliArguments arguments, TextWriter output)
    {
        var knowledgePath = arguments.TakeOption("--knowledge") ?? "knowledge/knowledge.json";
        var mistakes = arguments.TakeFlag("--mistakes");
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
        var bot = QuestionSetEvaluator.EvaluateBySplit("answer-search", new AnswerSearcher(knowledge), questions);
        var baseline = QuestionSetEvaluator.EvaluateBySplit("plain-bm25", new Bm25Searcher(knowledge), questions);
        output.WriteLine($"{questions.Count} questions from {path}, knowledge {knowledge.Version}");
        output.Write(QuestionSetEvaluator.Format([.. bot, .. baseline]));
        if (mistakes)
        {
            output.WriteLine();
            output.WriteLine($"answer-search mistakes on the {bot[0].Split} split:");
            output.Write(QuestionSetEvaluator.FormatMistakes(bot[0]));
        }

        return 0;
    }
}
