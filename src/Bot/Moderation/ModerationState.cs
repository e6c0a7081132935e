using System.Collections.Concurrent;
using Bot.Discord.Abstractions;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>
/// Each server's moderation settings as the guards read them on every interaction: loaded once from the store,
/// then served from memory until a moderator changes something, in this process or (heard through the
/// <see cref="IChangeFeed"/>) in another one sharing the database. While the feed is not live, every read goes to the
/// store, so a change made elsewhere is never missed for longer than the feed's own delay.
/// </summary>
public sealed class ModerationState
{
    private readonly ConcurrentDictionary<Snowflake, GuildModeration> _byGuild = new();
    private readonly IModerationStore _store;
    private readonly IChangeFeed _changes;
    private long _generation;

    public ModerationState(IModerationStore store, IChangeFeed changes)
    {
        _store = store;
        _changes = changes;
        changes.Changed += OnChanged;
    }

    public async ValueTask<GuildModeration> GetAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        var live = _changes.IsLive;
        if (live && _byGuild.TryGetValue(guildId, out var cached))
        {
            return cached;
        }

        // A load that raced with a change must not put the old settings back: keep it only if nothing changed meanwhile.
        var generation = Interlocked.Read(ref _generation);
        var loaded = await _store.LoadAsync(guildId, cancellationToken);
        if (live && Interlocked.Read(ref _generation) == generation)
        {
            _byGuild[guildId] = loaded;
        }

        return loaded;
    }

    /// <summary>Forgets the server's settings after a change, so the next interaction reads the stored ones.</summary>
    public void Invalidate(Snowflake guildId)
    {
        Interlocked.Increment(ref _generation);
        _byGuild.TryRemove(guildId, out _);
    }

    private void OnChanged(StoredChange change)
    {
        switch (change)
        {
            case StoredChange.GuildSettings guild:
                Invalidate(guild.GuildId);
                break;
            case StoredChange.Anything:
                Interlocked.Increment(ref _generation);
                _byGuild.Clear();
                break;
        }
    }
}
