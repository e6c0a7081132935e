using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Answering;

/// <summary>The knowledge a server's questions are answered from, and its answer search.</summary>
/// <param name="Knowledge">The articles and passages: the shipped ones, the server's own, or both.</param>
/// <param name="Searcher">The answer search over <paramref name="Knowledge"/>.</param>
/// <param name="OwnArticles">How many of the server's own articles it holds.</param>
public sealed record KnowledgeView(KnowledgeBase Knowledge, IPassageSearcher Searcher, int OwnArticles);

/// <summary>
/// Each server's knowledge: the shipped knowledge, plus the server's own articles (<see cref="IArticleStore"/>), minus
/// the shipped articles where a moderator turned them off. A server without articles of its own shares the shipped
/// knowledge; one with articles gets its own: its article files built in memory (<see cref="KnowledgeBuilder"/>) and
/// combined with the shared shipped knowledge (<see cref="KnowledgeBase.With"/>), on first use and again after every
/// change, then swapped in whole: questions are answered from the previous knowledge until then. Built knowledge is kept least-recently-used under <see cref="KnowledgeOptions.CacheMegabytes"/>.
/// </summary>
public sealed class GuildKnowledge
{
    private readonly KnowledgeProvider _shipped;
    private readonly IArticleStore _store;
    private readonly IChangeFeed _changes;
    private readonly ILogger<GuildKnowledge> _logger;
    private readonly long _budgetBytes;
    private readonly ConcurrentDictionary<Snowflake, Entry> _entries = new();
    private readonly Lock _evictionGate = new();
    private long _cachedBytes;

    public GuildKnowledge(KnowledgeProvider shipped, IArticleStore store, IChangeFeed changes, IOptions<KnowledgeOptions> options, ILogger<GuildKnowledge> logger)
    {
        _shipped = shipped;
        _store = store;
        _changes = changes;
        _logger = logger;
        _budgetBytes = (long)options.Value.CacheMegabytes * 1024 * 1024;
        changes.Changed += OnChanged;
    }

    /// <summary>Bytes the built knowledge of the cached servers is estimated to hold.</summary>
    public long CachedBytes => Interlocked.Read(ref _cachedBytes);

    /// <summary>Servers whose knowledge is in memory.</summary>
    public int CachedServers => _entries.Count(pair => pair.Value.Current is not null);

    /// <summary>
    /// The server's knowledge; the shipped knowledge outside a server. Null when the server has no articles and the shipped
    /// ones are off. Throws <see cref="KnowledgeFileException"/> when the shipped knowledge is needed and cannot be loaded.
    /// </summary>
    public async ValueTask<KnowledgeView?> ForGuildAsync(Snowflake? guildId, CancellationToken cancellationToken)
    {
        if (guildId is not { } guild)
        {
            return Shared();
        }

        var entry = _entries.GetOrAdd(guild, static id => new Entry(id));
        entry.Touch();
        var current = entry.Current;
        if (current is null)
        {
            return (await RefreshAsync(entry, cancellationToken)).View;
        }

        var stale = entry.Stale
            || (current.Shipped is not null && !ReferenceEquals(current.Shipped, ShippedOrNull()))
            || (!_changes.IsLive && await _store.RevisionAsync(guild, cancellationToken) != current.Revision);
        if (stale && entry.Gate.CurrentCount > 0)
        {
            // The previous knowledge answers this question; the new one answers the next ones once it is built.
            _ = Task.Run(() => RefreshQuietlyAsync(entry));
        }

        // A server without articles of its own follows the shipped knowledge at once, /mod reload included.
        return current.SharesShipped ? Shared() : current.View;
    }

    /// <summary>Rebuilds the server's knowledge from the store now and swaps it in: after a moderator's change, before it is confirmed.</summary>
    public async Task<KnowledgeView?> RefreshAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        var entry = _entries.GetOrAdd(guildId, static id => new Entry(id));
        entry.Touch();
        entry.Stale = true;
        return (await RefreshAsync(entry, cancellationToken)).View;
    }

    /// <summary>Builds knowledge from the shipped articles (when <paramref name="withShipped"/>) and <paramref name="articles"/>; for tools and benchmarks too.</summary>
    public KnowledgeView? Build(IReadOnlyList<GuildArticle> articles, bool withShipped) =>
        Build(new GuildLibrary(default, withShipped, 0, articles), withShipped ? _shipped.Current : null).View;

    private async Task<Built> RefreshAsync(Entry entry, CancellationToken cancellationToken)
    {
        await entry.Gate.WaitAsync(cancellationToken);
        try
        {
            if (entry.Current is { } fresh && !entry.Stale && (fresh.Shipped is null || ReferenceEquals(fresh.Shipped, ShippedOrNull())))
            {
                return fresh;
            }

            // Cleared before reading, so a change that lands during the build marks the entry stale again.
            entry.Stale = false;
            var library = await _store.LoadAsync(entry.GuildId, cancellationToken);
            var shipped = library.ShippedArticles ? _shipped.Current : null;
            var built = await Task.Run(() => Build(library, shipped), cancellationToken);
            var previous = entry.Current;
            entry.Current = built;
            Interlocked.Add(ref _cachedBytes, built.Bytes - (previous?.Bytes ?? 0));
            _entries[entry.GuildId] = entry;
            Evict(entry);
            return built;
        }
        catch
        {
            entry.Stale = true;
            throw;
        }
        finally
        {
            entry.Gate.Release();
        }
    }

    private async Task RefreshQuietlyAsync(Entry entry)
    {
        try
        {
            await RefreshAsync(entry, CancellationToken.None);
        }
        catch (Exception problem) when (problem is StorageException or KnowledgeFileException or KnowledgeBuildException)
        {
            _logger.LogWarning("Could not rebuild the knowledge of {GuildId}; the previous knowledge keeps answering: {Reason}", entry.GuildId, problem.Message);
        }
    }

    private Built Build(GuildLibrary library, KnowledgeBase? shipped)
    {
        if (library.Articles.Count == 0)
        {
            return new Built(shipped is null ? null : Shared(), library.Revision, shipped, 0, SharesShipped: shipped is not null);
        }

        var started = Stopwatch.GetTimestamp();
        var own = library.Articles.Select(article => ArticleSource.Parse($"{article.Info.Id}.txt", Encoding.UTF8.GetBytes(article.Source))).ToList();

        // Only the server's own articles are built; the shipped knowledge is shared, not copied: combined with it as a
        // segment (a server's article replaces a shipped one of the same id), which reads none of its texts or postings.
        var ownKnowledge = KnowledgeBase.FromPayload(KnowledgeBuilder.Build(own, synonyms: shipped?.Synonyms));
        var knowledge = shipped is null ? ownKnowledge : shipped.With(ownKnowledge);
        var searcher = new RankedSearcher(knowledge);
        var bytes = EstimateBytes(own, knowledge.Passages.Count - ownKnowledge.Passages.Count);
        _logger.LogInformation(
            "Built the knowledge of {GuildId}: {Own} own articles{Shipped}, {Passages} passages in {ElapsedMs} ms",
            library.GuildId,
            own.Count,
            shipped is null ? string.Empty : " and the shipped ones",
            knowledge.Passages.Count,
            (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new Built(new KnowledgeView(knowledge, searcher, own.Count), library.Revision, shipped, bytes);
    }

    /// <summary>
    /// Roughly what a server's knowledge holds once it has answered, calibrated on the cache benchmark
    /// (docs/articles-from-discord.md): a fixed part, 20 bytes per character of its own article text (passages, postings,
    /// the searcher's per-passage data; 1.05 MB of managed heap for 20 news-sized articles beside the two shipped ones),
    /// and 128 bytes per shipped passage it is combined with (the combined passage table and term list, the searcher's
    /// per-passage columns and block bounds: 37 MB beside a 312,140-passage archive; the shipped texts and postings
    /// themselves stay with the shared knowledge).
    /// </summary>
    internal static long EstimateBytes(IReadOnlyList<ArticleSource> own, int shippedPassages) =>
        (128 * 1024) + (own.Sum(source => (long)source.Body.Length) * 20) + (shippedPassages * 128L);

    /// <summary>Drops the least recently used servers' knowledge while the cache is over its budget; never <paramref name="keep"/>.</summary>
    private void Evict(Entry keep)
    {
        if (Interlocked.Read(ref _cachedBytes) <= _budgetBytes)
        {
            return;
        }

        lock (_evictionGate)
        {
            foreach (var entry in _entries.Values.Where(entry => entry != keep && entry.Current is not null).OrderBy(entry => entry.LastUsed).ToList())
            {
                if (Interlocked.Read(ref _cachedBytes) <= _budgetBytes)
                {
                    break;
                }

                if (entry.Gate.Wait(0))
                {
                    try
                    {
                        if (entry.Current is { } dropped)
                        {
                            entry.Current = null;
                            Interlocked.Add(ref _cachedBytes, -dropped.Bytes);
                            _entries.TryRemove(new KeyValuePair<Snowflake, Entry>(entry.GuildId, entry));
                        }
                    }
                    finally
                    {
                        entry.Gate.Release();
                    }
                }
            }
        }
    }

    private KnowledgeView Shared() => new(_shipped.Current, _shipped.Searcher, 0);

    private KnowledgeBase? ShippedOrNull()
    {
        try
        {
            return _shipped.Current;
        }
        catch (KnowledgeFileException)
        {
            return null;
        }
    }

    private void OnChanged(StoredChange change)
    {
        switch (change)
        {
            case StoredChange.GuildArticles articles when _entries.TryGetValue(articles.GuildId, out var entry):
                entry.Stale = true;
                break;
            case StoredChange.Anything:
                foreach (var entry in _entries.Values)
                {
                    entry.Stale = true;
                }

                break;
        }
    }

    /// <summary>One server's knowledge as built: <see cref="View"/> is null when it has nothing to answer from.</summary>
    private sealed record Built(KnowledgeView? View, long Revision, KnowledgeBase? Shipped, long Bytes, bool SharesShipped = false);

    private sealed class Entry(Snowflake guildId)
    {
        private long _lastUsed;

        public Snowflake GuildId { get; } = guildId;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile Built? Current;

        public volatile bool Stale;

        public long LastUsed => Interlocked.Read(ref _lastUsed);

        public void Touch() => Interlocked.Exchange(ref _lastUsed, Stopwatch.GetTimestamp());
    }
}
