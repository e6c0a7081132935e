using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Bot.Benchmarks.Scale;
using Bot.Evaluation;
using FakeDiscord;

namespace Bot.Benchmarks.Load;

/// <summary>
/// <c>load</c>: drives the unmodified host through the loopback Discord with /ask. A warm-up, then a steady phase
/// (<c>--count</c> interactions at <c>--rate</c> per second), then <c>--bursts</c> bursts of <c>--burst-size</c> sent at
/// once; with <c>--minutes</c>, a soak at the steady rate that samples the bot's memory every 10 s. Latency is the
/// emulator's: from the INTERACTION_CREATE reaching the bot's socket to the callback arriving. With <c>--processes N</c>
/// (N &gt; 1) the bot is N processes of two shards each over one PostgreSQL database (<c>--postgres</c>, a connection
/// string to a server where it may create a database), and the questions come from one guild per shard in turn.
/// </summary>
internal static class LoadCommand
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>
    /// FakeDiscordOptions.HistoryLimit: 10 s at 500/s, past any interaction's 3 s and the edit after a deferral. The
    /// emulator holds about 40 KB per interaction it remembers (its payload, reply and records as JSON trees).
    /// </summary>
    private const int HistoryLimit = 5_000;

    public static async Task<int> RunAsync(Arguments arguments)
    {
        var rate = int.Parse(arguments.Option("--rate") ?? "500", CultureInfo.InvariantCulture);
        var count = int.Parse(arguments.Option("--count") ?? "5000", CultureInfo.InvariantCulture);
        var bursts = int.Parse(arguments.Option("--bursts") ?? "5", CultureInfo.InvariantCulture);
        var burstSize = int.Parse(arguments.Option("--burst-size") ?? "500", CultureInfo.InvariantCulture);
        var minutes = double.Parse(arguments.Option("--minutes") ?? "0", CultureInfo.InvariantCulture);
        var knowledge = arguments.Option("--knowledge") ?? Path.Combine(RepositoryRoot.Path, "knowledge", "knowledge.bin");
        var logLevel = arguments.Option("--log-level") ?? "Information";
        var inProcess = arguments.Flag("--in-process");
        var databaseFolder = arguments.Option("--database-dir") ?? Path.GetTempPath();
        // FakeDiscordOptions.SchemaValidationEvery: new body shapes and every n-th body go through the OpenAPI schema;
        // limits, deadlines and rate limits are enforced on all. 1 validates every body, as the tests do.
        var schemaEvery = int.Parse(arguments.Option("--schema-every") ?? "50", CultureInfo.InvariantCulture);
        var processes = int.Parse(arguments.Option("--processes") ?? "1", CultureInfo.InvariantCulture);
        var postgres = arguments.Option("--postgres");
        if (processes < 1 || (processes > 1 && (inProcess || postgres is null)))
        {
            Console.Error.WriteLine("load: --processes must be 1, or more with --postgres CONNECTION_STRING (the processes share one database) and without --in-process.");
            return 2;
        }

        // Two shards per process; max_concurrency 16 (what Discord gives large bots) puts every shard in a bucket of its own,
        // so the processes may identify at once.
        var shards = processes == 1 ? 1 : processes * 2;
        var questions = QuestionSet.Read(Path.Combine(RepositoryRoot.Path, "tests", "Bot.Evaluation", "Questions", "shipped.jsonl"))
            .Select(question => question.Question)
            .ToList();

        Console.WriteLine($"Machine: {Machine.Describe()}");
        Console.WriteLine($"Emulator: rate limits enforced; OpenAPI schema on {(schemaEvery <= 1 ? "every body" : $"each new body shape and every {schemaEvery}th body")}, message limits and deadlines on every request; remembers the last {HistoryLimit} interactions");
        await using var database = postgres is null ? null : await LoadDatabase.CreateAsync(postgres);
        var where = database is null ? $"SQLite database in {databaseFolder}" : $"PostgreSQL {database.Describe()}";
        var shape = processes == 1 ? "" : $"{processes} processes × 2 shards of {shards}, ";
        Console.WriteLine($"Bot: {(inProcess ? "host built in this process (BotApplication.BuildHost)" : "the unmodified binary, its own process")}, {shape}knowledge {knowledge}, log level {logLevel}, {where}");
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions
        {
            EnforceRateLimits = true,
            SchemaValidationEvery = schemaEvery,
            HistoryLimit = HistoryLimit,
            Shards = shards,
            MaxConcurrency = shards == 1 ? 1 : 16,
        });
        await using var bot = new Fleet();
        for (var i = 0; i < processes; i++)
        {
            var settings = new Dictionary<string, string>();
            if (shards > 1)
            {
                settings["Discord:GuildId"] = "";
                settings["Discord:ShardCount"] = shards.ToString(CultureInfo.InvariantCulture);
                settings["Discord:Shards"] = $"{2 * i}-{(2 * i) + 1}";
            }

            if (database is not null)
            {
                settings["Storage:Provider"] = "postgres";
                settings["Storage:ConnectionString"] = database.ConnectionString;
            }

            bot.Add(await BotUnderLoad.StartAsync(discord, knowledge, logLevel, inProcess, databaseFolder, settings));
        }

        await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(60), count: shards);
        await discord.Commands.WaitForOverwriteAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"Bot ready; RSS {bot.ResidentMb():0} MB");

        // One guild per shard: guild (1000 + k) << 22 is on shard (1000 + k) % shards.
        IReadOnlyList<ulong> guilds = shards == 1 ? [discord.Options.GuildId] : [.. Enumerable.Range(0, shards).Select(k => (ulong)(1_000 + k) << 22 | 12_345)];
        var generator = new Generator(discord, questions, guilds);
        await generator.SequentialAsync(50);
        Console.WriteLine($"Warm-up: 50 sequential /ask answered; RSS {bot.ResidentMb():0} MB");

        var report = new List<string>();

        // A host that has just started has a small thread pool; the first seconds of load show how it copes with that.
        var (botCpu, ownCpu) = (bot.CpuTime(), OwnCpu());
        var cold = await generator.SteadyAsync(rate, rate * 5);
        report.Add(cold.Describe($"cold start {rate}/s × {rate * 5}") + CpuPerInteraction(bot.CpuTime() - botCpu, OwnCpu() - ownCpu, rate * 5));
        Console.WriteLine(report[^1]);

        (botCpu, ownCpu) = (bot.CpuTime(), OwnCpu());
        var steady = await generator.SteadyAsync(rate, count);
        report.Add(steady.Describe($"steady {rate}/s × {count}") + CpuPerInteraction(bot.CpuTime() - botCpu, OwnCpu() - ownCpu, count));
        Console.WriteLine(report[^1]);

        for (var burst = 0; burst < bursts; burst++)
        {
            await Task.Delay(TimeSpan.FromSeconds(2));
            (botCpu, ownCpu) = (bot.CpuTime(), OwnCpu());
            var result = await generator.BurstAsync(burstSize);
            report.Add(result.Describe($"burst {burst + 1}: {burstSize} at once") + CpuPerInteraction(bot.CpuTime() - botCpu, OwnCpu() - ownCpu, burstSize));
            Console.WriteLine(report[^1]);
        }

        if (minutes > 0)
        {
            Console.WriteLine($"Soak: {rate}/s for {minutes} min; bot RSS every 10 s");
            var started = Stopwatch.GetTimestamp();
            var samples = new List<string>();
            var total = new Outcome();
            var window = 0;
            while (Stopwatch.GetElapsedTime(started).TotalMinutes < minutes)
            {
                var part = await generator.SteadyAsync(rate, rate * 10);
                total.Add(part);
                window++;
                var rss = bot.ResidentMb();
                samples.Add(rss.ToString("0", CultureInfo.InvariantCulture));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  t={Stopwatch.GetElapsedTime(started).TotalSeconds:0} s: {part.Describe("10 s")}; bot RSS {rss:0} MB, GC heap of the generator {GC.GetTotalMemory(false) / 1048576.0:0} MB ({LiveAfterFullGcMb():0} MB live after its last full GC, {GC.CollectionCount(2)} so far)"));
            }

            report.Add(total.Describe($"soak {minutes} min at {rate}/s") + $"; bot RSS samples (MB, every 10 s): {string.Join(' ', samples)}");
        }

        Console.WriteLine();
        var (validated, skipped) = discord.SchemaValidations;
        Console.WriteLine($"Summary (load average {Machine.LoadAverage}; bot RSS now {bot.ResidentMb():0} MB, violations {discord.Violations.Count}, bodies schema-validated {validated} of {validated + skipped}; connections to the emulator: {discord.Connections}):");
        if (shards > 1)
        {
            Console.WriteLine($"  answered per shard: {string.Join(", ", generator.AnsweredByShard.OrderBy(pair => pair.Key).Select(pair => $"{pair.Key}: {pair.Value}"))}; identifies {discord.Gateway.Identifies.Count} (all accepted: {discord.Gateway.Identifies.All(identify => identify.Accepted)})");
        }

        if (database is not null)
        {
            Console.WriteLine($"  questions logged in PostgreSQL: {await database.CountAsync("SELECT COUNT(*) FROM questions;")}");
        }

        foreach (var line in report)
        {
            Console.WriteLine("  " + line);
        }

        foreach (var violation in discord.Violations.Take(10))
        {
            Console.WriteLine("  violation: " + violation);
        }

        return discord.Violations.Count == 0 && !report.Any(line => line.Contains("LOST", StringComparison.Ordinal)) ? 0 : 1;
    }

    /// <summary>The generator's heap as its last full (gen 2) collection left it: the total above includes garbage not yet collected.</summary>
    private static double LiveAfterFullGcMb()
    {
        var full = GC.GetGCMemoryInfo(GCKind.Background) is { Index: > 0 } background ? background : GC.GetGCMemoryInfo(GCKind.FullBlocking);
        return (full.HeapSizeBytes - full.FragmentedBytes) / 1048576.0;
    }

    private static TimeSpan OwnCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    /// <summary>
    /// CPU per interaction, which a busy shared machine does not distort the way it distorts latency: the bot's, and the
    /// emulator's plus the generator's (this process).
    /// </summary>
    private static string CpuPerInteraction(TimeSpan bot, TimeSpan emulator, int interactions) => string.Create(
        CultureInfo.InvariantCulture,
        $"; CPU per interaction: bot {bot.TotalMilliseconds / interactions:0.00} ms, emulator+generator {emulator.TotalMilliseconds / interactions:0.00} ms");

    /// <summary>Sends /ask and collects each one's callback.</summary>
    private sealed class Generator(FakeDiscordServer discord, IReadOnlyList<string> questions, IReadOnlyList<ulong> guilds)
    {
        private int _next;

        /// <summary>Interactions answered, by the shard the emulator routed each to.</summary>
        public ConcurrentDictionary<int, int> AnsweredByShard { get; } = new();

        public async Task SequentialAsync(int count)
        {
            for (var i = 0; i < count; i++)
            {
                var handle = await SendAsync();
                await handle.WaitForOriginalAsync(Patience);
            }
        }

        public async Task<Outcome> SteadyAsync(int rate, int count)
        {
            var pending = new List<Task<InteractionCallback?>>(count);
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                // Interaction i is due at i / rate seconds; sleep when ahead, never try to catch up in a rush.
                var due = (double)i / rate;
                var ahead = due - Stopwatch.GetElapsedTime(started).TotalSeconds;
                if (ahead > 0.002)
                {
                    await Task.Delay(TimeSpan.FromSeconds(ahead));
                }

                pending.Add(CallbackOf(await SendAsync()));
            }

            var sent = Stopwatch.GetElapsedTime(started);
            return await Outcome.CollectAsync(pending, started, sent);
        }

        public async Task<Outcome> BurstAsync(int size)
        {
            var started = Stopwatch.GetTimestamp();
            var handles = await Task.WhenAll(Enumerable.Range(0, size).Select(_ => SendAsync()));
            var sent = Stopwatch.GetElapsedTime(started);
            return await Outcome.CollectAsync(handles.Select(CallbackOf).ToList(), started, sent);
        }

        private Task<InteractionHandle> SendAsync()
        {
            var next = Interlocked.Increment(ref _next);
            var question = questions[next % questions.Count];
            return guilds.Count == 1
                ? discord.SendSlashCommandAsync("ask", CommandOption.String("question", question))
                : discord.SendSlashCommandAsync(guilds[next % guilds.Count], discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", question)]);
        }

        private async Task<InteractionCallback?> CallbackOf(InteractionHandle handle)
        {
            try
            {
                var callback = await handle.WaitForCallbackAsync(Patience);
                // A deferral is an answer in time, but the person sees the reply only once the edit lands.
                await handle.WaitForOriginalAsync(Patience);
                AnsweredByShard.AddOrUpdate(handle.Shard ?? 0, 1, (_, n) => n + 1);
                return callback;
            }
            catch (TimeoutException)
            {
                return null;
            }
        }
    }

    /// <summary>What one phase measured.</summary>
    private sealed class Outcome
    {
        private readonly Latencies _latencies = new();
        private readonly ConcurrentDictionary<int, int> _types = new();

        public int Sent { get; private set; }

        public int Lost { get; private set; }

        public int OverDeadline { get; private set; }

        public TimeSpan SendTime { get; private set; }

        public TimeSpan TotalTime { get; private set; }

        public static async Task<Outcome> CollectAsync(List<Task<InteractionCallback?>> pending, long started, TimeSpan sent)
        {
            var callbacks = await Task.WhenAll(pending);
            var outcome = new Outcome { Sent = pending.Count, SendTime = sent, TotalTime = Stopwatch.GetElapsedTime(started) };
            foreach (var callback in callbacks)
            {
                if (callback is null)
                {
                    outcome.Lost++;
                    continue;
                }

                outcome._latencies.AddMicroseconds(callback.Latency.TotalMilliseconds * 1000);
                outcome._types.AddOrUpdate(callback.Type, 1, (_, n) => n + 1);
                if (callback.Latency > TimeSpan.FromSeconds(3))
                {
                    outcome.OverDeadline++;
                }
            }

            return outcome;
        }

        public void Add(Outcome other)
        {
            Sent += other.Sent;
            Lost += other.Lost;
            OverDeadline += other.OverDeadline;
            SendTime += other.SendTime;
            TotalTime += other.TotalTime;
            foreach (var (type, n) in other._types)
            {
                _types.AddOrUpdate(type, n, (_, m) => m + n);
            }

            other._latencies.CopyTo(_latencies);
        }

        public string Describe(string phase) => string.Create(
            CultureInfo.InvariantCulture,
            $"{phase}: {Sent} sent in {SendTime.TotalSeconds:0.0} s, all answered after {TotalTime.TotalSeconds:0.0} s → {Sent / TotalTime.TotalSeconds:0} interactions/s; " +
            $"callback p50 {Latencies.Format(_latencies.Percentile(50))}, p99 {Latencies.Format(_latencies.Percentile(99))}, max {Latencies.Format(_latencies.Max)}; " +
            $"callback types {string.Join(", ", _types.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}; over 3 s: {OverDeadline}; {(Lost == 0 ? "lost: 0" : $"LOST: {Lost}")}");
    }
}
