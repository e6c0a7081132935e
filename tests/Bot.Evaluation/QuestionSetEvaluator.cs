using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Knowledge.Search;

namespace Bot.Evaluation;

/// <summary>
/// Measures a searcher on a question set: how often the answering passage comes first (recall@1), in the
/// top three (recall@3), the mean reciprocal rank, and how often it declines: off-topic questions it rightly
/// refuses, in-scope questions it wrongly refuses. A refused in-scope question counts as a miss in every figure.
/// </summary>
public static class QuestionSetEvaluator
{
    /// <summary>Enough hits to see rank 3 and a little beyond for the reciprocal rank.</summary>
    public const int MaxResults = 10;

    /// <summary>How long <see cref="Time"/> searches before it measures.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    public static EvaluationReport Evaluate(string searcherName, IPassageSearcher searcher, IEnumerable<EvaluationQuestion> questions, string split)
    {
        var outcomes = questions.Select(question => Ask(searcher, question)).ToList();
        return EvaluationReport.From(searcherName, split, outcomes);
    }

    /// <summary>One report per split in the set (tune, holdout, ...) and one for all questions together.</summary>
    public static IReadOnlyList<EvaluationReport> EvaluateBySplit(string searcherName, IPassageSearcher searcher, IReadOnlyList<EvaluationQuestion> questions)
    {
        var outcomes = questions.Select(question => Ask(searcher, question)).ToList();
        var reports = outcomes
            .GroupBy(outcome => outcome.Question.Split, StringComparer.Ordinal)
            .OrderByDescending(group => group.Key == QuestionSet.Tune)
            .ThenBy(group => group.Key, StringComparer.Ordinal)
            .Select(group => EvaluationReport.From(searcherName, group.Key, group.ToList()))
            .ToList();
        reports.Add(EvaluationReport.From(searcherName, "all", outcomes));
        return reports;
    }

    public static QuestionOutcome Ask(IPassageSearcher searcher, EvaluationQuestion question)
    {
        var result = searcher.Search(question.Question, MaxResults);
        var rank = 0;
        if (result.Answered)
        {
            for (var i = 0; i < result.Hits.Count && rank == 0; i++)
            {
                var passage = result.Hits[i].Passage;
                if (question.IsAnsweredBy(passage.Article.Id, passage.Number))
                {
                    rank = i + 1;
                }
            }
        }

        var first = result.Answered && result.Hits.Count > 0 ? result.Hits[0].Passage : null;
        return new QuestionOutcome(question, result.Answered, rank, first is null ? null : new ExpectedPassage(first.Article.Id, first.Number));
    }

    /// <summary>
    /// Times each question's search over <paramref name="rounds"/> rounds, after a second of warm-up, for a rough p50/p99
    /// on this machine (the benchmark project measures properly).
    /// </summary>
    public static SearchTiming Time(IPassageSearcher searcher, IReadOnlyList<EvaluationQuestion> questions, int rounds = 20)
    {
        // Warm up until the JIT has settled (tiered compilation recompiles hot methods after ~30 calls and a 100 ms
        // delay, then again with profile data): a long-running bot answers in steady state, not in tier-0 code.
        var warming = Stopwatch.StartNew();
        while (warming.Elapsed < WarmUp)
        {
            foreach (var question in questions)
            {
                searcher.Search(question.Question, MaxResults);
            }
        }

        var microseconds = new double[questions.Count * rounds];
        var n = 0;
        for (var round = 0; round < rounds; round++)
        {
            foreach (var question in questions)
            {
                var started = Stopwatch.GetTimestamp();
                searcher.Search(question.Question, MaxResults);
                microseconds[n++] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
            }
        }

        Array.Sort(microseconds);
        double Percentile(double p) => microseconds.Length == 0 ? 0 : microseconds[Math.Min(microseconds.Length - 1, (int)(p * microseconds.Length))];
        return new SearchTiming(microseconds.Length, Percentile(0.5), Percentile(0.99));
    }

    /// <summary>A plain-text table, one row per searcher and split, for the <c>eval</c> command.</summary>
    public static string Format(IEnumerable<EvaluationReport> reports)
    {
        var text = new StringBuilder();
        text.AppendLine("searcher       split     in-scope  recall@1  recall@3    MRR   off-topic refused  in-scope refused");
        foreach (var report in reports)
        {
            text.AppendLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Searcher,-14} {report.Split,-9} {report.InScope,8}  {report.RecallAt1,8:P1}  {report.RecallAt3,8:P1}  {report.MeanReciprocalRank,5:F3}   {report.OffTopicRefused,7}/{report.OffTopic,-9}  {report.InScopeRefused,7}/{report.InScope}"));
        }

        return text.ToString();
    }

    /// <summary>The questions a searcher got wrong: misses, wrong refusals, and off-topic answers.</summary>
    public static string FormatMistakes(EvaluationReport report, Func<string, string>? explain = null)
    {
        var text = new StringBuilder();
        foreach (var outcome in report.Outcomes.Where(outcome => !outcome.IsCorrectFirst))
        {
            var expected = outcome.Question.IsOffTopic ? "refusal" : string.Join(" ", outcome.Question.Answers.Select(answer => $"{answer.Article}¶{answer.Paragraph}"));
            var got = outcome.Answered ? $"{outcome.First?.Article}¶{outcome.First?.Paragraph} (rank of answer {(outcome.Rank == 0 ? "-" : outcome.Rank)})" : "refused";
            text.AppendLine(CultureInfo.InvariantCulture, $"  [{outcome.Question.Split}] {outcome.Question.Question}\n      expected {expected}, got {got}");
            if (explain is not null)
            {
                text.Append("      ").Append(explain(outcome.Question.Question));
            }
        }

        return text.ToString();
    }
}

/// <summary>How long searches took: how many were timed, and the median and 99th percentile in microseconds.</summary>
public sealed record SearchTiming(int Searches, double P50Microseconds, double P99Microseconds)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Searches} searches: p50 {P50Microseconds:F1} µs, p99 {P99Microseconds:F1} µs");
}

/// <summary>What one question got: whether it was answered, and the rank of the first acceptable passage (0: none).</summary>
public sealed record QuestionOutcome(EvaluationQuestion Question, bool Answered, int Rank, ExpectedPassage? First)
{
    public bool IsCorrectFirst => Question.IsOffTopic ? !Answered : Rank == 1;
}

/// <summary>The figures for one searcher on one split.</summary>
public sealed record EvaluationReport(
    string Searcher,
    string Split,
    int InScope,
    double RecallAt1,
    double RecallAt3,
    double MeanReciprocalRank,
    int InScopeRefused,
    int OffTopic,
    int OffTopicRefused,
    IReadOnlyList<QuestionOutcome> Outcomes)
{
    public static EvaluationReport From(string searcher, string split, IReadOnlyList<QuestionOutcome> outcomes)
    {
        var inScope = outcomes.Where(outcome => !outcome.Question.IsOffTopic).ToList();
        var offTopic = outcomes.Where(outcome => outcome.Question.IsOffTopic).ToList();
        double Share(Func<QuestionOutcome, bool> predicate) => inScope.Count == 0 ? 0 : (double)inScope.Count(predicate) / inScope.Count;

        return new EvaluationReport(
            searcher,
            split,
            inScope.Count,
            Share(outcome => outcome.Rank == 1),
            Share(outcome => outcome.Rank is >= 1 and <= 3),
            inScope.Count == 0 ? 0 : inScope.Sum(outcome => outcome.Rank == 0 ? 0 : 1.0 / outcome.Rank) / inScope.Count,
            inScope.Count(outcome => !outcome.Answered),
            offTopic.Count,
            offTopic.Count(outcome => !outcome.Answered),
            outcomes);
    }
}
