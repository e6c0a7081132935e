using System.Collections.Concurrent;
using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>When each member last asked in each server: what the cooldown checks against.</summary>
public interface IAskCooldowns
{
    /// <summary>
    /// Records that the member asks at <paramref name="now"/>, unless they asked less than <paramref name="cooldown"/>
    /// before; returns how long they must still wait (zero: the ask was recorded). Check and record are one step, so
    /// two asks at once never both pass.
    /// </summary>
    ValueTask<TimeSpan> TryAskAsync(Snowflake guildId, Snowflake userId, DateTimeOffset now, TimeSpan cooldown, CancellationToken cancellationToken);
}

/// <summary>
/// The cooldown in this process's memory, for SQLite's one process: nothing to share, and a restart forgetting who
/// asked costs at most one extra question each.
/// </summary>
internal sealed class InMemoryAskCooldowns : IAskCooldowns
{
    /// <summary>Past this many remembered members, forget those whose cooldown has run out.</summary>
    internal const int PruneAbove = 10_000;

    /// <summary>No cooldown is longer than this (<c>ModerationLimits.MaxCooldownSeconds</c>), so older asks can go.</summary>
    private static readonly TimeSpan s_longest = TimeSpan.FromHours(1);

    /// <summary>How often, at most, the members are counted to see whether to prune.</summary>
    internal static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<(Snowflake Guild, Snowflake User), DateTimeOffset> _lastAsked = new();

    private long _nextPruneTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>How many members are remembered (for tests).</summary>
    internal int Remembered => _lastAsked.Count;

    public ValueTask<TimeSpan> TryAskAsync(Snowflake guildId, Snowflake userId, DateTimeOffset now, TimeSpan cooldown, CancellationToken cancellationToken)
    {
        var wait = TimeSpan.Zero;
        _lastAsked.AddOrUpdate(
            (guildId, userId),
            now,
            (_, last) =>
            {
                var next = last + cooldown;
                wait = next > now ? next - now : TimeSpan.Zero;
                return wait > TimeSpan.Zero ? last : now;
            });
        Prune(now);
        return ValueTask.FromResult(wait);
    }

    private void Prune(DateTimeOffset now)
    {
        // Counting takes every lock of the map, so it is done once in a while, not on every ask of a busy server; one
        // ask claims each turn.
        var next = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < next
            || Interlocked.CompareExchange(ref _nextPruneTicks, now.UtcTicks + PruneEvery.Ticks, next) != next
            || _lastAsked.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, last) in _lastAsked)
        {
            if (now - last > s_longest)
            {
                _lastAsked.TryRemove(key, out _);
            }
        }
    }
}
