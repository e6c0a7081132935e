using System.Globalization;
using Bot.Evaluation.Corpora;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Evaluation;

/// <summary>
/// <c>eval</c>: builds each development corpus's knowledge as <c>knowledge build</c> does, asks it its question set, and
/// prints one row per corpus for the answer search with plain BM25 from the same run beside it. A change to the search is
/// decided on every row at once. <c>eval FILE --knowledge FILE</c> measures one question set on one knowledge file.
/// </summary>
public static class EvalCommand
{
    public const string Usage =
        "eval [--corpus NAME]... [--split tune|holdout|all] [--bbc DIR] [--model FILE] [--mistakes [--explain]] [--timing]\n" +
        "  eval FILE --knowledge FILE [--mistakes [--explain]] [--timing]";

    public static int Run(Arguments arguments, TextWriter output)
    {
        var knowledgePath = arguments.Option("--knowledge");
        var split = arguments.Option("--split") ?? "all";
        var mistakes = arguments.Flag("--mistakes");
        var explain = arguments.Flag("--explain");
        var timing = arguments.Flag("--timing");
        var chosen = arguments.Options("--corpus");

        // --model FILE: another ranking model than the shipped one, to try a setting before refitting.
        var model = arguments.Option("--model") is { } modelFile ? RankingModel.Parse(File.ReadAllText(modelFile)) : null;
        if (knowledgePath is not null)
        {
            var questions = QuestionSet.Read(arguments.Positional(0));
            var knowledge = KnowledgeBase.Load(knowledgePath);
            Report(output, Path.GetFileNameWithoutExtension(knowledgePath), "-", knowledge, questions, split, model, mistakes, explain, timing);
            return 0;
        }

        var corpora = DevelopmentCorpora.From(arguments).Where(corpus => chosen.Count == 0 || chosen.Contains(corpus.Name)).ToList();
        output.WriteLine(Header);
        foreach (var corpus in corpora)
        {
            if (!File.Exists(corpus.QuestionsFile))
            {
                output.WriteLine($"{corpus.Name,-14} (no question set yet)");
                continue;
            }

            var knowledge = corpus.Build(DevelopmentCorpora.Cache);
            if (knowledge is null)
            {
                output.WriteLine($"{corpus.Name,-14} (articles not on this machine; skipped)");
                continue;
            }

            Report(output, corpus.Name, corpus.Style, knowledge, corpus.Questions, split, model, mistakes, explain, timing);
        }

        return 0;
    }

    private const string Header =
        "corpus         style      split    in-scope | answer search: r@1    r@3    MRR   off-topic refused  wrongly refused | plain BM25: r@1    r@3";

    private static void Report(
        TextWriter output, string name, string style, KnowledgeBase knowledge, IReadOnlyList<EvaluationQuestion> all, string split, RankingModel? model, bool mistakes, bool explain, bool timing)
    {
        var questions = split == "all" ? all : all.Where(question => question.Split == split).ToList();
        var searcher = new RankedSearcher(knowledge, model);
        var bot = QuestionSetEvaluator.Evaluate("ranked", searcher, questions, split);
        var plain = QuestionSetEvaluator.Evaluate("plain-bm25", new Bm25Searcher(knowledge), questions, split);
        output.WriteLine(Row(name, style, bot, plain));

        if (mistakes)
        {
            // Holdout mistakes are printed only when asked for by name: reading them spends the split.
            output.Write(QuestionSetEvaluator.FormatMistakes(bot, explain ? question => searcher.Explain(question) : null));
        }

        if (timing)
        {
            output.WriteLine($"    answer-search {QuestionSetEvaluator.Time(searcher, questions)}");
            output.WriteLine($"    plain-bm25    {QuestionSetEvaluator.Time(new Bm25Searcher(knowledge), questions)}");
        }
    }

    private static string Row(string name, string style, EvaluationReport bot, EvaluationReport plain) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{name,-14} {style,-10} {bot.Split,-8} {bot.InScope,8} |                {bot.RecallAt1,6:P1} {bot.RecallAt3,6:P1} {bot.MeanReciprocalRank,5:F3} {bot.OffTopicRefused,8}/{bot.OffTopic,-9} {bot.InScopeRefused,7}/{bot.InScope,-7} |             {plain.RecallAt1,6:P1} {plain.RecallAt3,6:P1}");
}
