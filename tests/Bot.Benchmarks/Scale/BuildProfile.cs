using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Quotes;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// <c>build-profile [--copies 1] [--runs 3] [--stages [--allocations]] [--hold-corpus]</c>: times the build of the Brown texts (×copies) exactly as
/// <c>scale</c> measures it (folder of article files in, knowledge file written, after the same warm-up on the two
/// committed articles), several runs in one process so the first (cold, still JIT-compiling) and the later ones can
/// be told apart, with the process's CPU time beside the wall time (on a shared machine the wall time mostly measures the others), and prints the SHA-256 of the file written so output equality can be checked. With
/// <c>--stages</c>, then times each stage on its own, single-threaded, and the load and first answer; with <c>--allocations</c>, what each stage allocates by type (sampled).
/// </summary>
internal static class BuildProfile
{
    public static int Run(Arguments arguments)
    {
        var copies = int.Parse(arguments.Option("--copies") ?? "1", CultureInfo.InvariantCulture);
        var runs = int.Parse(arguments.Option("--runs") ?? "3", CultureInfo.InvariantCulture);
        var folder = Path.Combine(arguments.Option("--work") ?? Path.Combine(Path.GetTempPath(), "bot-bench"), $"brown-x{copies}");
        var articles = Path.Combine(folder, "articles");
        if (!Directory.Exists(articles))
        {
            BrownCorpus.WriteArticles(BrownCorpus.Read(BrownCorpus.Locate()), articles, copies);
        }

        Console.WriteLine($"Machine: {Machine.Describe()}");

        // scale builds with the whole corpus and its queries in memory; --hold-corpus does the same, to tell the build's
        // own cost from what a fuller heap adds to its collections.
        var held = arguments.Flag("--hold-corpus") ? BrownCorpus.Read(BrownCorpus.Locate()) : null;
        KnowledgeBuilder.BuildFromDirectory(Path.Combine(RepositoryRoot.Path, "knowledge", "articles"));
        var file = Path.Combine(folder, "knowledge.bin");
        for (var run = 1; run <= runs; run++)
        {
            GC.Collect();
            var cpu = Environment.CpuUsage.TotalTime;
            var pauses = GC.GetTotalPauseDuration();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var collections = (Gen0: GC.CollectionCount(0), Gen1: GC.CollectionCount(1), Gen2: GC.CollectionCount(2));
            var started = Stopwatch.GetTimestamp();
            var payload = KnowledgeBuilder.BuildFromDirectory(articles);
            var built = Stopwatch.GetElapsedTime(started);
            KnowledgeFile.Write(file, payload);
            var total = Stopwatch.GetElapsedTime(started);
            cpu = Environment.CpuUsage.TotalTime - cpu;
            pauses = GC.GetTotalPauseDuration() - pauses;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var gcs = $"{GC.CollectionCount(0) - collections.Gen0}/{GC.CollectionCount(1) - collections.Gen1}/{GC.CollectionCount(2) - collections.Gen2}";
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"run {run}: build {built.TotalMilliseconds:0} ms + write {(total - built).TotalMilliseconds:0} ms = {total.TotalMilliseconds:0} ms (CPU {cpu.TotalMilliseconds:0} ms; {allocated / 1048576.0:0} MB allocated, GCs gen0/1/2 {gcs}, paused {pauses.TotalMilliseconds:0} ms), " +
                $"{total.TotalMilliseconds * 1000 / payload.Passages.Count:0.0} µs per passage ({payload.Passages.Count} passages), " +
                $"sha256 {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)))}, load average {Machine.LoadAverage}"));
        }

        GC.KeepAlive(held);
        if (arguments.Flag("--stages"))
        {
            using var sampler = arguments.Flag("--allocations") ? new AllocationSampler() : null;
            Stages(articles, file, sampler);
        }

        return 0;
    }

    private static void Stages(string articles, string file, AllocationSampler? sampler)
    {
        _sampler = sampler;
        var files = Directory.GetFiles(articles).Order(StringComparer.Ordinal).ToList();
        var sources = Time("read files", () => files.Select(ArticleSource.Read).ToList());
        var parsed = Time("parse (paragraphs, sentences)", () => sources.Select(ArticleParser.Parse).ToList());
        Time("extract quotes", () => parsed.Sum(article => QuoteExtractor.Extract(article).Count));
        var tokens = new List<Token>();
        Time("analyze paragraphs", () => parsed.SelectMany(article => article.Paragraphs).Sum(paragraph =>
        {
            tokens.Clear();
            TextAnalyzer.Shared.Analyze(paragraph.Text, tokens, keepStopWords: false);
            return tokens.Count;
        }));
        var payload = Time("whole build (parallel)", () => KnowledgeBuilder.Build(sources));
        var bytes = Time("serialize", () => KnowledgeFile.Serialize(payload));
        Time("parse file (JSON + checksum + validation)", () => KnowledgeFile.Parse(bytes, "brown"));
        var contents = Time("read file (as the host loads it)", () => KnowledgeFile.Read(file));
        var knowledge = Time("KnowledgeBase from contents", () => KnowledgeBase.FromContents(contents));
        var searcher = new RankedSearcher(knowledge);
        Time("first answer (PassageIndex, synonyms, spelling)", () => searcher.Search("the jury said the election", 5).Hits.Count);
    }

    private static AllocationSampler? _sampler;

    private static T Time<T>(string stage, Func<T> work)
    {
        _sampler?.TakeSummary();
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var result = work();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(
            $"{stage,-50} {elapsed.TotalMilliseconds,8:0} ms (CPU {(Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds,6:0} ms, " +
            $"{(GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0,5:0} MB allocated)");
        if (_sampler is not null)
        {
            Console.WriteLine(_sampler.TakeSummary());
        }

        return result;
    }
}
