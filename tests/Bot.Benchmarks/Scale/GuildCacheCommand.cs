using System.Diagnostics;
using System.Globalization;
using Bot.Answering;
using Bot.Discord.Abstractions;
using Bot.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// <c>guild-cache</c>: the memory of many servers' own knowledge under <c>Knowledge:CacheMegabytes</c>. Every server gets
/// the same number of generated articles (news-sized, each with words of its own), one question per server builds its
/// knowledge on first use, and the process's RSS and managed heap are read after all, then a second pass shows what
/// eviction costs. Also times the rebuild of one server with 100 articles. <c>--knowledge FILE</c> names the shipped
/// knowledge (the Brown archive of the scale benchmark, say), which each server's own articles are combined with. The articles are served from memory, so the
/// figures are the knowledge's, not the database's.
/// </summary>
internal static class GuildCacheCommand
{
    public static int Run(Arguments arguments)
    {
        var guilds = int.Parse(arguments.Option("--guilds") ?? "1000", CultureInfo.InvariantCulture);
        var perGuild = int.Parse(arguments.Option("--articles") ?? "20", CultureInfo.InvariantCulture);
        var cacheMb = int.Parse(arguments.Option("--cache-mb") ?? "512", CultureInfo.InvariantCulture);
        var shippedPath = arguments.Option("--knowledge") ?? Path.Combine(RepositoryRoot.Path, "knowledge", "knowledge.bin");
        var options = Options.Create(new KnowledgeOptions { Path = shippedPath, CacheMegabytes = cacheMb });
        var shipped = new KnowledgeProvider(options, NullLogger<KnowledgeProvider>.Instance);
        var store = new GeneratedArticles(perGuild);
        var knowledge = new GuildKnowledge(shipped, store, new NoChanges(), options, NullLogger<GuildKnowledge>.Instance);
        shipped.Searcher.Search("warm up", 1);
        var baseline = Measure();
        Console.WriteLine($"baseline (shipped knowledge loaded): RSS {baseline.RssMb:0} MB, managed {baseline.ManagedMb:0} MB");

        var hundred = store.Library(new Snowflake(1), 100).Articles;
        var rebuilds = Enumerable.Range(0, 3).Select(_ =>
        {
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(knowledge.Build(hundred, withShipped: true));
            return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }).ToList();
        Console.WriteLine($"one server, 100 articles ({hundred.Sum(article => article.Source.Length) / 1024} KB of text): rebuilt in {string.Join(", ", rebuilds.Select(ms => $"{ms:0} ms"))}");
        Console.WriteLine($"  of the last: {Stages(hundred, shipped.Current)}");
        if (arguments.Flag("--rebuild-only"))
        {
            return 0;
        }

        var started = Stopwatch.GetTimestamp();
        var answered = 0;
        for (var g = 1; g <= guilds; g++)
        {
            var view = knowledge.ForGuildAsync(new Snowflake((ulong)g), CancellationToken.None).AsTask().GetAwaiter().GetResult()!;
            answered += view.Searcher.Search($"What did the council of town {g} decide about the harbour?", 3).Answered ? 1 : 0;
            if (g % 100 == 0)
            {
                var now = Measure();
                Console.WriteLine($"  {g} servers: RSS {now.RssMb:0} MB, managed {now.ManagedMb:0} MB, {knowledge.CachedServers} cached ({knowledge.CachedBytes / 1048576.0:0} MB estimated), {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            }
        }

        var first = Measure();
        var elapsed = Stopwatch.GetElapsedTime(started);
        Console.WriteLine(
            $"{guilds} servers × {perGuild} articles, cache {cacheMb} MB: built in {elapsed.TotalSeconds:0} s ({elapsed.TotalMilliseconds / guilds:0} ms a server), " +
            $"RSS {first.RssMb:0} MB, managed {first.ManagedMb:0} MB, {knowledge.CachedServers} servers cached, estimate {knowledge.CachedBytes / 1048576.0:0} MB, " +
            $"{(first.ManagedMb - baseline.ManagedMb) / Math.Max(1, knowledge.CachedServers):0.00} MB managed per cached server, {answered} of {guilds} questions answered");
        return 0;
    }

    /// <summary>Where a rebuild's time goes: the builder, the knowledge file's serialise-and-parse round trip, the searcher.</summary>
    private static string Stages(IReadOnlyList<GuildArticle> articles, Bot.Knowledge.Search.KnowledgeBase shippedKnowledge)
    {
        var sources = articles.Select(article => Bot.Knowledge.Articles.ArticleSource.Parse($"{article.Info.Id}.txt", System.Text.Encoding.UTF8.GetBytes(article.Source))).ToList();
        var started = Stopwatch.GetTimestamp();
        var payload = Bot.Knowledge.Index.KnowledgeBuilder.Build(sources, synonyms: shippedKnowledge.Synonyms);
        var built = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var own = Bot.Knowledge.Search.KnowledgeBase.FromPayload(payload);
        var roundTrip = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var loaded = shippedKnowledge.With(own);
        var combined = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        var searcher = new Bot.Knowledge.Ranking.RankedSearcher(loaded);
        var ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        started = Stopwatch.GetTimestamp();
        searcher.Search("What did the council decide about the harbour?", 3);
        var firstSearch = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // What the server's knowledge holds beyond the shipped knowledge, stage by stage, as the managed heap grows.
        var heap = new List<string>();
        var before = GC.GetTotalMemory(forceFullCollection: true);
        void Held(string stage)
        {
            var now = GC.GetTotalMemory(forceFullCollection: true);
            heap.Add($"{stage} {(now - before) / 1048576.0:0.0} MB");
            before = now;
        }

        var fresh = shippedKnowledge.With(Bot.Knowledge.Search.KnowledgeBase.FromPayload(payload));
        Held("combined");
        GC.KeepAlive(fresh.PassageIndex);
        Held("passage index");
        GC.KeepAlive(fresh.SynonymTable);
        Held("synonym table");
        GC.KeepAlive(fresh.Spelling);
        Held("spelling");
        var freshSearcher = new Bot.Knowledge.Ranking.RankedSearcher(fresh);
        Held("searcher");
        freshSearcher.Search("What did the council decide about the harbour?", 3);
        Held("a question of known words");
        freshSearcher.Search("What did the council of town 7 decide about the harbour?", 3);
        Held("a question with a word the articles lack");
        GC.KeepAlive(freshSearcher);
        return $"KnowledgeBuilder.Build {built:0} ms, KnowledgeBase.FromPayload (serialise + parse + validate) {roundTrip:0} ms, combined with the shipped knowledge {combined:0} ms, RankedSearcher {ready:0} ms, first search {firstSearch:0} ms; " +
            $"managed heap held: {string.Join(", ", heap)}";
    }

    private static (double RssMb, double ManagedMb) Measure()
    {
        var managed = GC.GetTotalMemory(forceFullCollection: true) / 1048576.0;
        using var self = Process.GetCurrentProcess();
        return (self.WorkingSet64 / 1048576.0, managed);
    }

    /// <summary>Every server's articles, generated on demand: news-sized, with town names and figures of their own.</summary>
    private sealed class GeneratedArticles(int perGuild) : IArticleStore
    {
        private static readonly string[] Words =
        [
            "council", "harbour", "ferry", "budget", "school", "bridge", "mayor", "river", "market", "festival", "road", "housing",
            "library", "station", "museum", "park", "water", "power", "farmers", "workers", "teachers", "residents", "plan", "vote",
            "approved", "rejected", "delayed", "opened", "closed", "expanded", "repaired", "funded", "protested", "welcomed",
        ];

        public GuildLibrary Library(Snowflake guildId, int count)
        {
            var random = new Random((int)(guildId.Value % int.MaxValue));
            var articles = Enumerable.Range(1, count).Select(n =>
            {
                var town = $"Town{guildId.Value}x{n}";
                var paragraphs = Enumerable.Range(1, 12).Select(p =>
                    $"The {Pick(random)} of {town} {Pick(random)} the {Pick(random)} {Pick(random)} on day {random.Next(1, 365)}, " +
                    $"said {Name(random)}, who added that {random.Next(2, 9000)} {Pick(random)} and the {Pick(random)} {Pick(random)} would follow. " +
                    $"Critics of the {Pick(random)} in {town} {Pick(random)} the {Pick(random)}, citing {random.Next(2, 500)} {Pick(random)}.");
                var source = $"---\nid: news-{n}\ntitle: {town} {Pick(random)} {Pick(random)}\n---\n{string.Join("\n\n", paragraphs)}\n";
                return new GuildArticle(new GuildArticleInfo($"news-{n}", town, $"news-{n}.txt", 12, source.Length, new Snowflake(1), DateTimeOffset.UnixEpoch), source, $"{guildId}-{n}");
            }).ToList();
            return new GuildLibrary(guildId, true, 1, articles);
        }

        public Task<GuildLibrary> LoadAsync(Snowflake guildId, CancellationToken cancellationToken) => Task.FromResult(Library(guildId, perGuild));

        public Task<IReadOnlyList<GuildArticleInfo>> ListAsync(Snowflake guildId, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<GuildArticleInfo>>(Library(guildId, perGuild).Articles.Select(article => article.Info).ToList());

        public Task<long> RevisionAsync(Snowflake guildId, CancellationToken cancellationToken) => Task.FromResult(1L);

        public Task<ArticleAddOutcome> AddAsync(Snowflake guildId, GuildArticle article, ArticleLimits limits, AuditEntry audit, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> RemoveAsync(Snowflake guildId, string articleId, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> SetShippedAsync(Snowflake guildId, bool on, AuditEntry audit, CancellationToken cancellationToken) => throw new NotSupportedException();

        private static string Pick(Random random) => Words[random.Next(Words.Length)];

        private static string Name(Random random) => $"{(char)('A' + random.Next(26))}{Words[random.Next(Words.Length)]} {(char)('A' + random.Next(26))}son";
    }

    private sealed class NoChanges : IChangeFeed
    {
        public event Action<StoredChange>? Changed
        {
            add { }
            remove { }
        }

        public bool IsLive => true;

        public Task PublishAsync(StoredChange change, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
