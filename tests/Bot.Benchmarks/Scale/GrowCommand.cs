using System.Diagnostics;
using System.Text.Json;
using Bot.Evaluation;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// <c>grow [--copies 20] [--work DIR]</c>: adds one article to the Brown ×copies knowledge file (issue 20) and times what
/// an operator and a member wait for: <c>knowledge add</c> in a fresh process (open the archive, build the article alone,
/// write its segment and the segments file), the running bot's reload (it keeps the archive open and opens the segment),
/// a fresh process opening the grown knowledge, the same article taken inside the running bot as a server's own article
/// is, each answering a question only the new article answers, and the merge that folds the segment in. The added article is a shipped one, which the
/// Brown corpus does not hold, and the question is the first of the shipped question set.
/// </summary>
internal static class GrowCommand
{
    public static int Run(Arguments arguments)
    {
        if (arguments.Option("--check") is { } folder)
        {
            return Check(folder, arguments.Option("--questions") ?? throw new ArgumentException("--check needs --questions FILE"));
        }

        var copies = int.Parse(arguments.Option("--copies") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        var work = arguments.Option("--work") ?? Path.Combine(Path.GetTempPath(), "bot-bench");
        var archive = Path.Combine(work, $"brown-x{copies}", "knowledge.bin");
        Console.WriteLine($"Machine: {Machine.Describe()}");
        if (!File.Exists(archive))
        {
            var texts = BrownCorpus.Read(BrownCorpus.Locate());
            ScaleCommand.Build(texts, copies, work, archive, out _);
        }

        var grown = Path.Combine(work, $"grow-x{copies}", "knowledge.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(grown)!);
        foreach (var stale in Directory.EnumerateFiles(Path.GetDirectoryName(grown)!))
        {
            File.Delete(stale);
        }

        File.Copy(archive, grown);
        var article = Path.Combine(RepositoryRoot.Path, "knowledge", "articles", "ft-xi-wary-of-kim-putin.txt");
        var question = QuestionSet.Read(Path.Combine(RepositoryRoot.Path, "tests", "Bot.Evaluation", "Questions", "shipped.jsonl"))
            .First(q => q.Answers.Any(answer => answer.Article == "ft-xi-wary-of-kim-putin"))
            .Question;

        var before = ScaleCommand.Probe(grown, question);
        var running = Running(grown, question);
        var add = Child("grow-add", grown, article);
        var reload = Timed(() => running.Reopen(grown), question);
        var after = ScaleCommand.Probe(grown, question);
        var own = Timed(() => running.With(KnowledgeBase.FromPayload(KnowledgeBuilder.Build([ArticleSource.Read(article)], synonyms: running.Synonyms))), question);
        var merge = Child("grow-merge", grown, string.Empty);
        var merged = ScaleCommand.Probe(grown, question);

        Console.WriteLine();
        Console.WriteLine($"Brown ×{copies} + one article ({Path.GetFileName(article)}); question: \"{question}\"");
        Console.WriteLine("| step | time | peak RSS | first answer |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| archive alone: fresh process opens and answers | {before.LoadMs + before.FirstAnswerMs:0} ms | {before.WorkingSetMb:0} MB | {before.Answer ?? "declined"} |");
        Console.WriteLine($"| `knowledge add` (fresh process: open, build the article, write segment and list) | {add.Ms:0} ms | {add.WorkingSetMb:0} MB | |");
        Console.WriteLine($"| the running bot reloads (keeps the open archive, opens the segment) and answers | {reload.Ms:0} ms | | {reload.Answer ?? "declined"} |");
        Console.WriteLine($"| grown: fresh process opens (archive + segment) and answers | {after.LoadMs + after.FirstAnswerMs:0} ms ({after.LoadMs:0} + {after.FirstAnswerMs:0}) | {after.WorkingSetMb:0} MB | {after.Answer ?? "declined"} |");
        Console.WriteLine($"| the running bot takes it as a server's own article (build it, combine, answer) | {own.Ms:0} ms | | {own.Answer ?? "declined"} |");
        Console.WriteLine($"| `knowledge merge` (fresh process) | {merge.Ms:0} ms | {merge.WorkingSetMb:0} MB | |");
        Console.WriteLine($"| merged: fresh process opens and answers | {merged.LoadMs + merged.FirstAnswerMs:0} ms | {merged.WorkingSetMb:0} MB | {merged.Answer ?? "declined"} |");
        Console.WriteLine($"load average at the end: {Machine.LoadAverage}");
        return 0;
    }

    /// <summary>This process as a running bot: the archive open and answering, and the combining code compiled on a small article.</summary>
    private static KnowledgeBase Running(string archive, string question)
    {
        var knowledge = KnowledgeBase.Load(archive);
        new RankedSearcher(knowledge).Search(question);
        var warm = KnowledgeBase.FromPayload(KnowledgeBuilder.Build([ArticleSource.Read(Path.Combine(RepositoryRoot.Path, "knowledge", "articles", "bloomberg-xi-balancing-act.txt"))]));
        new RankedSearcher(knowledge.With(warm)).Search(question);
        return knowledge;
    }

    private static (double Ms, string? Answer) Timed(Func<KnowledgeBase> open, string question)
    {
        var started = Stopwatch.GetTimestamp();
        var answer = new RankedSearcher(open()).Search(question);
        return (Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer.Hits.FirstOrDefault()?.Passage.Citation);
    }

    /// <summary>
    /// <c>grow --check DIR --questions FILE</c>: for every tenth article of the folder, the knowledge built without it and
    /// then given it as a segment, against the knowledge built with everything, on every question of the set (five
    /// answers each, in order). Only the corpus words (names, spelling words, acronyms) can differ until a merge.
    /// </summary>
    private static int Check(string folder, string questionFile)
    {
        var questions = QuestionSet.Read(questionFile).Select(question => question.Question).ToList();
        var files = Directory.GetFiles(folder, "*.txt").Order(StringComparer.Ordinal).ToList();
        var sources = files.Select(ArticleSource.Read).ToList();
        var whole = Answers(KnowledgeBase.FromPayload(KnowledgeBuilder.Build(sources)), questions);
        var (compared, differing) = (0, 0);
        for (var left = 0; left < sources.Count; left += 10)
        {
            var without = KnowledgeBase.FromPayload(KnowledgeBuilder.Build(sources.Where((_, index) => index != left)));
            var grown = without.With(KnowledgeBase.FromPayload(KnowledgeBuilder.Build([sources[left]], synonyms: without.Synonyms)));
            var answers = Answers(grown, questions);
            var differs = answers.Where((answer, index) => answer != whole[index]).Count();
            Console.WriteLine($"{Path.GetFileName(files[left])} added last: {differs} of {questions.Count} questions answered differently");
            (compared, differing) = (compared + questions.Count, differing + differs);
        }

        Console.WriteLine($"{differing} of {compared} answers differ from the whole build's ({100.0 * differing / compared:0.00} %)");
        return 0;
    }

    private static List<string> Answers(KnowledgeBase knowledge, IReadOnlyList<string> questions)
    {
        var searcher = new RankedSearcher(knowledge);
        return [.. questions.Select(question => searcher.Search(question)).Select(result =>
            result.Answered ? string.Join(" ", result.Hits.Select(hit => hit.Passage.Citation)) : "declined: " + string.Join(",", result.MissingWords))];
    }

    private static (double Ms, double WorkingSetMb) Child(string verb, string file, string article)
    {
        var result = ScaleCommand.InChild(verb, file, article);
        return (result.LoadMs, result.WorkingSetMb);
    }

    /// <summary>The child side: <c>grow-add FILE ARTICLE</c> and <c>grow-merge FILE</c>, timed as the command line runs them.</summary>
    public static int RunChild(string verb, Arguments arguments)
    {
        var file = arguments.Positional(0);
        var started = Stopwatch.GetTimestamp();
        if (verb == "grow-add")
        {
            KnowledgeSegments.Add(file, [ArticleSource.Read(arguments.Positional(1))]);
        }
        else
        {
            KnowledgeSegments.Merge(file);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(new ProbeResult(elapsed.TotalMilliseconds, 0, self.PeakWorkingSet64 / 1048576.0, 0, 0), ProbeResult.Json));
        return 0;
    }
}
