using Bot.Discord.Models;

namespace Bot.Discord.Gateway;

/// <summary>
/// Spaces the IDENTIFYs of the shards this process runs as Discord requires (docs/events--gateway.mdx, "Max Concurrency"
/// and "Session Start Limit"): at most one per bucket (<c>shard_id % max_concurrency</c>) every 5 seconds, and none while
/// <c>remaining</c> is 0 until <c>reset_after</c> has passed. Shared by every shard of the process; the shards of another
/// process are not seen here, so processes whose shards share a bucket must start 5 s apart (or coordinate elsewhere).
/// </summary>
internal sealed class IdentifyLimiter(TimeProvider time)
{
    /// <summary>"max_concurrency: Number of identify requests allowed per 5 seconds".</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(5);

    private readonly Lock sync = new();
    private readonly Dictionary<int, DateTimeOffset> nextSlot = [];
    private readonly Dictionary<int, DateTimeOffset> lastSent = [];
    private int maxConcurrency = 1;
    private int total = 1000;
    private int remaining = int.MaxValue;
    private DateTimeOffset resetAt = DateTimeOffset.MinValue;

    public int MaxConcurrency
    {
        get
        {
            lock (sync)
            {
                return maxConcurrency;
            }
        }
    }

    /// <summary>Takes the limits from <c>GET /gateway/bot</c>; without them, one identify per 5 s and no daily count.</summary>
    public void Configure(SessionStartLimit? limit)
    {
        if (limit is null)
        {
            return;
        }

        lock (sync)
        {
            maxConcurrency = Math.Max(limit.MaxConcurrency, 1);
            total = Math.Max(limit.Total, 1);
            remaining = Math.Max(limit.Remaining, 0);
            resetAt = time.GetUtcNow() + TimeSpan.FromMilliseconds(Math.Max(limit.ResetAfter, 0));
        }
    }

    /// <summary>Reserves <paramref name="shard"/>'s next identify slot and says how long to wait for it (zero: now).</summary>
    public TimeSpan Reserve(GatewayShard shard)
    {
        lock (sync)
        {
            var now = time.GetUtcNow();
            var slot = now;
            if (remaining <= 0)
            {
                // No session starts left: none until the reset, after which the day's allowance is back.
                slot = resetAt > slot ? resetAt : slot;
                remaining = total;
                resetAt = slot + TimeSpan.FromDays(1);
            }

            var key = shard.RateLimitKey(maxConcurrency);
            if (nextSlot.TryGetValue(key, out var free) && free > slot)
            {
                slot = free;
            }

            nextSlot[key] = slot + Spacing;
            remaining--;
            return slot - now;
        }
    }

    /// <summary>Waits for <paramref name="shard"/>'s reserved turn; called before connecting, so the wait holds no socket open.</summary>
    public async Task WaitForTurnAsync(GatewayShard shard, CancellationToken cancellationToken)
    {
        var wait = Reserve(shard);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Called just before IDENTIFY is written: the turn was taken before connecting, and connecting takes longer for one
    /// shard than another, so this holds the send until 5 s after the bucket's last IDENTIFY really went out.
    /// </summary>
    public async Task WaitToSendAsync(GatewayShard shard, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (sync)
            {
                var key = shard.RateLimitKey(maxConcurrency);
                var now = time.GetUtcNow();
                wait = lastSent.TryGetValue(key, out var sent) ? sent + Spacing - now : TimeSpan.Zero;
                if (wait <= TimeSpan.Zero)
                {
                    lastSent[key] = now;
                    return;
                }
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
