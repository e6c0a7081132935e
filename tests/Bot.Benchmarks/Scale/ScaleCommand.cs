using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Bot.Benchmarks.Corpus;
using Bot.Benchmarks.Load;
using Bot.Evaluation;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// <c>scale [--copies 1,20] [--queries 1000] [--rounds 3] [--work DIR] [--reuse] [--no-probe] [--answers DIR]</c>: builds the Brown corpus (×copies) into a knowledge file,
/// loads it in a fresh process (time and memory), then answers the same corpus-drawn queries with the bot's full
/// answer search and with plain Lucene.Net, interleaved, and prints p50/p99 side by side with the ratio. Starts with
/// the two committed articles and their question set. <c>--reuse</c> keeps a knowledge file already built in the work
/// directory (the ×20 build alone takes half a minute), and <c>--no-probe</c> skips the fresh-process load; both are for
/// iterating on search speed, and a row so made says so instead of giving build and load figures. <c>--answers</c>
/// writes every answer per corpus (see <see cref="AnswerDump"/>) instead of timing against Lucene.Net.
/// </summary>
internal static class ScaleCommand
{
    private const int MaxResults = 5;

    public static int Run(Arguments arguments)
    {
        var copies = (arguments.Option("--copies") ?? "1").Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var queryCount = int.Parse(arguments.Option("--queries") ?? "1000", CultureInfo.InvariantCulture);
        var rounds = int.Parse(arguments.Option("--rounds") ?? "3", CultureInfo.InvariantCulture);
        var skipSmall = arguments.Flag("--no-articles");
        var reuse = arguments.Flag("--reuse");
        var probing = !arguments.Flag("--no-probe");
        var answers = arguments.Option("--answers");
        var work = arguments.Option("--work") ?? Path.Combine(Path.GetTempPath(), "bot-bench");

        Console.WriteLine($"Machine: {Machine.Describe()}");
        var rows = new List<string>();
        if (!skipSmall)
        {
            rows.Add(TwoArticles(rounds * 20));
        }

        var texts = BrownCorpus.Read(BrownCorpus.Locate());
        var queries = QuerySet.Draw(texts, queryCount);
        Console.WriteLine($"Brown corpus: {texts.Count} texts, {texts.Sum(t => t.Paragraphs.Count)} paragraphs; {queries.Count} queries of 3–8 words (seed {QuerySet.Seed}), {rounds} rounds");
        foreach (var copy in copies)
        {
            rows.Add(Corpus(texts, copy, queries, rounds, work, reuse, probing, answers));
        }

        Console.WriteLine();
        Console.WriteLine("| corpus | passages | build | file | load (fresh process) | first answer | peak RSS | managed heap | Lucene.Net fresh process: index the texts + first answer, RSS | ours p50 / p99 | Lucene.Net build | Lucene.Net p50 / p99 | faster ×(p50 / p99) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var row in rows)
        {
            Console.WriteLine(row);
        }

        Console.WriteLine($"load average at the end: {Machine.LoadAverage}");
        return 0;
    }

    /// <summary>The committed knowledge file and the evaluation questions people wrote for it.</summary>
    private static string TwoArticles(int rounds)
    {
        var file = Path.Combine(RepositoryRoot.Path, "knowledge", "knowledge.bin");
        var questions = QuestionSet.Read(Path.Combine(RepositoryRoot.Path, "tests", "Bot.Evaluation", "Questions", "shipped.jsonl"))
            .Select(question => question.Question)
            .ToList();
        var probe = Probe(file, questions[0]);
        var knowledge = KnowledgeBase.Load(file);
        using var lucene = LuceneBaseline.Build(knowledge.Passages.Select(passage => passage.Text));
        var (ours, theirs) = Compare(knowledge, lucene, questions, rounds);
        Console.WriteLine($"Two articles: {knowledge.Passages.Count} passages, {questions.Count} questions × {rounds} rounds");
        return Row("2 articles", knowledge.Passages.Count, "—", new FileInfo(file).Length, probe, ours, null, theirs, null);
    }

    private static string Corpus(IReadOnlyList<BrownText> texts, int copies, IReadOnlyList<string> queries, int rounds, string work, bool reuse, bool probing, string? answers)
    {
        var file = Path.Combine(work, $"brown-x{copies}", "knowledge.bin");
        var written = texts.Count * copies;
        TimeSpan? build = null;
        TimeSpan? botBuild = null;
        if (reuse && File.Exists(file))
        {
            Console.WriteLine($"×{copies}: reusing {file} (built {File.GetLastWriteTimeUtc(file):u})");
        }
        else
        {
            build = Build(texts, copies, work, file, out written);
            botBuild = probing ? BuildInBot(Path.Combine(Path.GetDirectoryName(file)!, "articles"), file) : null;
        }

        var probe = probing ? Probe(file, queries[0]) : null;
        var luceneProbe = probing ? Probe(Path.Combine(Path.GetDirectoryName(file)!, "articles"), queries[0], "probe-lucene") : null;
        if (probe is not null && luceneProbe is not null)
        {
            Console.WriteLine($"×{copies}: fresh process loads the file in {probe.LoadMs:0} ms, first answer {probe.FirstAnswerMs:0} ms (CPU {probe.CpuMs:0} ms in all), peak RSS {probe.WorkingSetMb:0} MB, managed heap {probe.ManagedMb:0} MB");
            Console.WriteLine($"×{copies}: fresh Lucene.Net process indexes the article files in {luceneProbe.LoadMs:0} ms, first answer {luceneProbe.FirstAnswerMs:0} ms (CPU {luceneProbe.CpuMs:0} ms in all), peak RSS {luceneProbe.WorkingSetMb:0} MB");
        }

        var knowledge = KnowledgeBase.Load(file);
        var passages = knowledge.Passages.Count;
        if (answers is not null)
        {
            AnswerDump.Write(new RankedSearcher(knowledge), queries, MaxResults, Path.Combine(answers, $"brown-x{copies}.txt"));
            return $"| Brown ×{copies} ({written} texts) | {passages:N0} | answers written to {answers}, not timed |";
        }

        var started = Stopwatch.GetTimestamp();
        using var lucene = LuceneBaseline.Build(knowledge.Passages.Select(passage => passage.Text));
        var luceneBuild = Stopwatch.GetElapsedTime(started);
        Console.WriteLine($"×{copies}: Lucene.Net indexed the same passages in {luceneBuild.TotalMilliseconds:0} ms");
        var (ours, theirs) = Compare(knowledge, lucene, queries, rounds);
        var builds = build is { } b
            ? string.Create(CultureInfo.InvariantCulture, $"{b.TotalSeconds:0.00} s{(botBuild is { } f ? $", bot's fresh process {f.TotalSeconds:0.00} s" : "")}")
            : "(reused)";
        return Row($"Brown ×{copies} ({written} texts)", passages, builds, new FileInfo(file).Length, probe, ours, luceneBuild, theirs, luceneProbe);
    }

    /// <summary>
    /// The bot's own <c>knowledge build</c> of the same articles in a fresh process, timed from outside: what the person
    /// who runs it waits for, under the bot's runtime settings (its collector among them), not this program's. Its file
    /// must be the in-process build's, byte for byte.
    /// </summary>
    private static TimeSpan BuildInBot(string articles, string file)
    {
        var output = file + ".bot";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { BotUnderLoad.BotDll, "knowledge", "build", "--articles", articles, "--out", output })
        {
            start.ArgumentList.Add(argument);
        }

        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start)!;
        var printed = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (process.ExitCode != 0 || !File.ReadAllBytes(output).AsSpan().SequenceEqual(File.ReadAllBytes(file)))
        {
            throw new InvalidOperationException($"The bot's knowledge build of {articles} failed or wrote another file: {printed.Result}{errors}");
        }

        File.Delete(output);
        Console.WriteLine($"{articles}: the bot's `knowledge build` in a fresh process took {elapsed.TotalMilliseconds:0} ms");
        return elapsed;
    }

    internal static TimeSpan Build(IReadOnlyList<BrownText> texts, int copies, string work, string file, out int written)
    {
        var articles = Path.Combine(work, $"brown-x{copies}", "articles");
        if (Directory.Exists(articles))
        {
            Directory.Delete(articles, recursive: true);
        }

        written = BrownCorpus.WriteArticles(texts, articles, copies);

        // JIT and caches warmed on the two small articles, so the figure is the build, not the runtime starting.
        KnowledgeBuilder.BuildFromDirectory(Path.Combine(RepositoryRoot.Path, "knowledge", "articles"));
        GC.Collect();
        var started = Stopwatch.GetTimestamp();
        var payload = KnowledgeBuilder.BuildFromDirectory(articles);
        KnowledgeFile.Write(file, payload);
        var build = Stopwatch.GetElapsedTime(started);
        var passages = payload.Passages.Count;
        Console.WriteLine($"×{copies}: {written} article files, {passages} passages, {payload.Terms.Count} terms; built in {build.TotalMilliseconds:0} ms ({build.TotalMilliseconds * 1000 / passages:0.0} µs per passage), file {new FileInfo(file).Length / 1048576.0:0.0} MB");
        payload = null;
        GC.Collect();
        return build;
    }

    /// <summary>Warms both engines on every query, then times each query on both, alternating which goes first.</summary>
    private static (Latencies Ours, Latencies Theirs) Compare(KnowledgeBase knowledge, LuceneBaseline lucene, IReadOnlyList<string> queries, int rounds)
    {
        var searcher = new RankedSearcher(knowledge);
        var sink = 0;
        foreach (var query in queries)
        {
            sink += searcher.Search(query, MaxResults).Hits.Count;
            sink += lucene.Search(query, MaxResults);
        }

        var ours = new Latencies();
        var theirs = new Latencies();
        var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
        var paused = GC.GetTotalPauseDuration();
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < queries.Count; i++)
            {
                if ((i + round) % 2 == 0)
                {
                    sink += TimeOurs(searcher, queries[i], ours);
                    sink += TimeTheirs(lucene, queries[i], theirs);
                }
                else
                {
                    sink += TimeTheirs(lucene, queries[i], theirs);
                    sink += TimeOurs(searcher, queries[i], ours);
                }
            }
        }

        // Pauses land in whichever engine's query is running, so they are printed, not charged to either.
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"  while timing: {GC.CollectionCount(0) - collections.Item1} gen0, {GC.CollectionCount(1) - collections.Item2} gen1, {GC.CollectionCount(2) - collections.Item3} gen2 collections, {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:0} ms paused in all; heap {GC.GetTotalMemory(false) / 1048576.0:0} MB"));
        GC.KeepAlive(sink);
        return (ours, theirs);
    }

    private static int TimeOurs(RankedSearcher searcher, string query, Latencies into)
    {
        var start = Stopwatch.GetTimestamp();
        var hits = searcher.Search(query, MaxResults).Hits.Count;
        into.Add(start, Stopwatch.GetTimestamp());
        return hits;
    }

    private static int TimeTheirs(LuceneBaseline lucene, string query, Latencies into)
    {
        var start = Stopwatch.GetTimestamp();
        var length = lucene.Search(query, MaxResults);
        into.Add(start, Stopwatch.GetTimestamp());
        return length;
    }

    private static string Row(string name, int passages, string build, long fileBytes, ProbeResult? probe, Latencies ours, TimeSpan? luceneBuild, Latencies theirs, ProbeResult? luceneProbe)
    {
        var p50 = theirs.Percentile(50) / ours.Percentile(50);
        var p99 = theirs.Percentile(99) / ours.Percentile(99);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"| {name} | {passages:N0} | {build} | {fileBytes / 1048576.0:0.0} MB | " +
            $"{(probe is null ? "— | — | — | —" : $"{probe.LoadMs:0} ms | {probe.FirstAnswerMs:0} ms (CPU {probe.CpuMs:0} ms in all) | {probe.WorkingSetMb:0} MB | {probe.ManagedMb:0} MB")} | " +
            $"{(luceneProbe is null ? "—" : $"{luceneProbe.LoadMs + luceneProbe.FirstAnswerMs:0} ms (CPU {luceneProbe.CpuMs:0} ms), {luceneProbe.WorkingSetMb:0} MB")} | {Latencies.Format(ours.Percentile(50))} / {Latencies.Format(ours.Percentile(99))} | " +
            $"{(luceneBuild is { } l ? $"{l.TotalSeconds:0.00} s" : "—")} | {Latencies.Format(theirs.Percentile(50))} / {Latencies.Format(theirs.Percentile(99))} | {p50:0.0} / {p99:0.0} |");
    }

    /// <summary>Loads the file in a fresh process, as the host would at start, and reports time and memory.</summary>
    internal static ProbeResult Probe(string file, string question, string command = "probe") => InChild(command, file, question);

    /// <summary>Runs this program's verb in a fresh process and reads the <see cref="ProbeResult"/> it prints last.</summary>
    internal static ProbeResult InChild(params string[] arguments)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };

        // Compiled the way the host is (Bot.csproj: precompiled, and what is not is compiled optimised at once): with
        // unoptimised first compiles a first load runs the hashing and decoding loops unoptimised, and measures the JIT,
        // not the file (0.8 s against 0.36 s at 10,000 texts). Both engines' probes run so.
        start.Environment["DOTNET_TC_QuickJit"] = "0";

        // Ours with the bot's collector too (Bot.csproj: the server one); Lucene.Net with the runtime's default, as an
        // application of its own would run.
        if (arguments[0] != "probe-lucene")
        {
            start.Environment["DOTNET_gcServer"] = "1";
        }

        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ScaleCommand).Assembly.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonSerializer.Deserialize<ProbeResult>(line, ProbeResult.Json)!;
    }

    private static void Stage(string name, Func<object> work)
    {
        var started = Stopwatch.GetTimestamp();
        GC.KeepAlive(work());
        Console.WriteLine($"  {name}: {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
    }

    /// <summary>The child side of <see cref="Probe"/>: <c>probe FILE QUESTION [--stages]</c>.</summary>
    public static int RunProbe(Arguments arguments)
    {
        var file = arguments.Positional(0);
        var question = arguments.Positional(1);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var knowledge = KnowledgeBase.Load(file);
        var load = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        if (arguments.Flag("--stages"))
        {
            // What the first answer spends, stage by stage (each forced before the search would force it).
            Stage("ranking model", () => Bot.Knowledge.Ranking.RankingModel.Default);
            Stage("english words", () => Bot.Knowledge.Analysis.EnglishWordFrequencies.Shared);
            Stage("passage index", () => knowledge.PassageIndex);
            Stage("synonym table", () => knowledge.SynonymTable);
            Stage("spelling", () => knowledge.Spelling);
            Stage("searcher", () => new RankedSearcher(knowledge));
        }

        var answer = new RankedSearcher(knowledge).Search(question, MaxResults);
        var first = Stopwatch.GetElapsedTime(started);
        var cpuTime = Environment.CpuUsage.TotalTime - cpu;
        var allocated = GC.GetTotalAllocatedBytes();
        int[] collections = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        GC.KeepAlive(knowledge);
        if (arguments.Flag("--stages"))
        {
            // What the runtime compiled itself, before the first answer or while it was made: what the precompiled code lacks.
            Console.WriteLine($"  jit: {System.Runtime.JitInfo.GetCompiledMethodCount()} methods, {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:0} ms");
        }

        Console.WriteLine(JsonSerializer.Serialize(
            new ProbeResult(load.TotalMilliseconds, first.TotalMilliseconds, self.PeakWorkingSet64 / 1048576.0, managed / 1048576.0, cpuTime.TotalMilliseconds)
            {
                Answer = answer.Hits.FirstOrDefault()?.Passage.Citation,
                AllocatedMb = allocated / 1048576.0,
                Collections = collections,
            },
            ProbeResult.Json));
        return 0;
    }
}

/// <summary>
/// The child side of the Lucene.Net probe, <c>probe-lucene ARTICLES QUESTION</c>: what an operator without a prebuilt file
/// waits for at start (issue 20's comparison): read the article files, index their paragraphs, answer one question.
/// </summary>
internal static class LuceneProbe
{
    public static int Run(Arguments arguments)
    {
        var articles = arguments.Positional(0);
        var question = arguments.Positional(1);
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        using var lucene = LuceneBaseline.Build(Directory.EnumerateFiles(articles).Order(StringComparer.Ordinal).SelectMany(Paragraphs));
        var load = Stopwatch.GetElapsedTime(started);
        started = Stopwatch.GetTimestamp();
        lucene.Search(question, 5);
        var first = Stopwatch.GetElapsedTime(started);
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        Console.WriteLine(JsonSerializer.Serialize(
            new ProbeResult(load.TotalMilliseconds, first.TotalMilliseconds, self.PeakWorkingSet64 / 1048576.0, GC.GetTotalMemory(false) / 1048576.0, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds),
            ProbeResult.Json));
        return 0;
    }

    /// <summary>The body's paragraphs, after the <c>---</c> header: one Lucene document each, as one passage is ours.</summary>
    private static IEnumerable<string> Paragraphs(string file)
    {
        var text = File.ReadAllText(file);
        var body = text.IndexOf("\n---\n", 4, StringComparison.Ordinal) is var end and >= 0 ? text[(end + 5)..] : text;
        return body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}

// CpuMs: the process's CPU time from opening to the first answer; on a machine shared with other builds the wall time
// mostly measures the others.
internal sealed record ProbeResult(double LoadMs, double FirstAnswerMs, double WorkingSetMb, double ManagedMb, double CpuMs)
{
    /// <summary>The first answer's citation, when the probe answered.</summary>
    public string? Answer { get; init; }

    /// <summary>Managed memory allocated from the process's start to its first answer.</summary>
    public double AllocatedMb { get; init; }

    /// <summary>Garbage collections of generations 0, 1 and 2 before the first answer.</summary>
    public int[] Collections { get; init; } = [];

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
