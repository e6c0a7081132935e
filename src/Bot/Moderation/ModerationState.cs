using System.Collections.Concurrent;
using Bot.Discord.Abstractions;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>
/// Each server's moderation settings as the guards read them on every interaction: loaded once from the store,
/// then served from memory until a moderator changes something in this process.
/// </summary>
/// <remarks>
/// A process serves its own changes at once. Several bot processes sharing one database would each need to hear of
/// the others' changes (a short expiry or a change feed); see IModerationStore.
/// </remarks>
public sealed class ModerationState(IModerationStore store)
{
    private readonly ConcurrentDictionary<Snowflake, GuildModeration> _byGuild = new();
    private long _generation;

    public async ValueTask<GuildModeration> GetAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        if (_byGuild.TryGetValue(guildId, out var cached))
        {
            return cached;
        }

        // A load that raced with a change must not put the old settings back: keep it only if nothing changed meanwhile.
        var generation = Interlocked.Read(ref _generation);
        var loaded = await store.LoadAsync(guildId, cancellationToken);
        if (Interlocked.Read(ref _generation) == generation)
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
}
