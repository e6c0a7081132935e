using System.Collections.Concurrent;

namespace Bot.Discord.Rest;

/// <summary>
/// Keeps the bot inside Discord's REST rate limits (docs/topics--rate-limits.mdx): it waits before sending
/// on an exhausted bucket, pauses everything after a global 429, and never sends more than 50 requests a
/// second in all (interaction callbacks are exempt). Requests on one bucket go one at a time, so the
/// <c>Remaining</c> count from the last answer is always current when the next request leaves.
/// Shared by every <see cref="DiscordRestClient"/> instance (a singleton).
/// </summary>
internal sealed class RestRateLimiter(TimeProvider time)
{
    public const int GlobalPerSecond = 50;

    /// <summary>
    /// Interaction callbacks and webhook edits get a bucket per interaction, so a long-running bot would collect
    /// one per question forever; above this many, buckets idle for <see cref="IdleLifetime"/> are forgotten.
    /// </summary>
    internal const int PruneAbove = 1024;

    /// <summary>
    /// A bucket nobody holds and whose window is over carries nothing Discord still enforces; a minute idle is ample
    /// margin. At 500 interactions a second this keeps about 30,000 buckets, where five minutes kept 150,000.
    /// </summary>
    internal static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Pruning walks every bucket, so it runs at most this often: run on every request past <see cref="PruneAbove"/>,
    /// each request walked the buckets of every interaction of the last minutes, tens of thousands under load.
    /// </summary>
    internal static readonly TimeSpan PruneEvery = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, string> bucketOfRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> recentGlobal = new();
    private readonly Lock globalLock = new();
    private DateTimeOffset globalPausedUntil = DateTimeOffset.MinValue;
    private long lastPruneTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>Waits until <paramref name="route"/> may be sent; dispose the lease once the answer was recorded.</summary>
    public async Task<IDisposable> AcquireAsync(RestRoute route, CancellationToken cancellationToken)
    {
        PruneIdleBuckets();
        var bucket = BucketFor(route);
        bucket.LastUsed = time.GetUtcNow();
        await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            while (true)
            {
                var wait = WaitNeeded(bucket, route.CountsTowardGlobal);
                if (wait <= TimeSpan.Zero)
                {
                    return new Lease(bucket);
                }

                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            bucket.Gate.Release();
            throw;
        }
    }

    /// <summary>Records the bucket headers of an answer (<c>X-RateLimit-Bucket</c>, <c>-Remaining</c>, <c>-Reset-After</c>).</summary>
    public void Update(RestRoute route, HttpResponseMessage response)
    {
        var headers = response.Headers;
        var bucket = BucketFor(route);
        if (Header(headers, "X-RateLimit-Bucket") is { } hash)
        {
            // Routes that share a bucket hash share their limit, per major parameter.
            var key = $"{hash} {route.MajorParameter}";
            bucketOfRoute[route.Key] = key;
            bucket = buckets.GetOrAdd(key, _ => new Bucket());
        }

        if (Number(headers, "X-RateLimit-Remaining") is { } remaining && Number(headers, "X-RateLimit-Reset-After") is { } resetAfter)
        {
            lock (bucket.Sync)
            {
                bucket.Remaining = (int)remaining;
                bucket.ResetAt = time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter);
            }
        }
    }

    /// <summary>
    /// Records a 429. <paramref name="global"/> pauses every request; otherwise (scope <c>user</c> or <c>shared</c>)
    /// only the route's bucket waits, as docs/topics--rate-limits.mdx, "Exceeding A Rate Limit", describes.
    /// </summary>
    public void RecordTooManyRequests(RestRoute route, TimeSpan retryAfter, bool global)
    {
        var until = time.GetUtcNow() + retryAfter;
        if (global)
        {
            lock (globalLock)
            {
                if (until > globalPausedUntil)
                {
                    globalPausedUntil = until;
                }
            }

            return;
        }

        var bucket = BucketFor(route);
        lock (bucket.Sync)
        {
            // retry_after is the wait Discord asks for; the 429's own bucket headers may name a later window reset,
            // and waiting for that instead would let an interaction's 3-second deadline pass.
            bucket.Remaining = 0;
            bucket.ResetAt = until;
        }
    }

    /// <summary>How many buckets are remembered (for tests).</summary>
    internal int BucketCount => buckets.Count;

    private void PruneIdleBuckets()
    {
        // The time first: counting the buckets takes every lock of the map, so it is done once per turn, not per request.
        var now = time.GetUtcNow();
        var last = Interlocked.Read(ref lastPruneTicks);
        if (now.UtcTicks - last < PruneEvery.Ticks
            || Interlocked.CompareExchange(ref lastPruneTicks, now.UtcTicks, last) != last
            || buckets.Count <= PruneAbove)
        {
            return;
        }

        foreach (var (key, bucket) in buckets)
        {
            // Only a bucket nobody holds, whose window is over and that has been idle a while: forgetting it
            // loses nothing Discord would still enforce.
            if (now - bucket.LastUsed > IdleLifetime && bucket.ResetAt < now && bucket.Gate.CurrentCount == 1)
            {
                buckets.TryRemove(key, out _);
            }
        }

        foreach (var (route, key) in bucketOfRoute)
        {
            if (!buckets.ContainsKey(key))
            {
                bucketOfRoute.TryRemove(route, out _);
            }
        }
    }

    private Bucket BucketFor(RestRoute route)
    {
        var key = bucketOfRoute.TryGetValue(route.Key, out var named) ? named : route.Key;
        return buckets.GetOrAdd(key, _ => new Bucket());
    }

    private TimeSpan WaitNeeded(Bucket bucket, bool countsTowardGlobal)
    {
        var now = time.GetUtcNow();
        lock (globalLock)
        {
            if (globalPausedUntil > now)
            {
                return globalPausedUntil - now;
            }
        }

        lock (bucket.Sync)
        {
            if (bucket.Remaining <= 0 && bucket.ResetAt > now)
            {
                return bucket.ResetAt - now;
            }
        }

        if (countsTowardGlobal)
        {
            lock (globalLock)
            {
                while (recentGlobal.Count > 0 && now - recentGlobal.Peek() >= TimeSpan.FromSeconds(1))
                {
                    recentGlobal.Dequeue();
                }

                if (recentGlobal.Count >= GlobalPerSecond)
                {
                    return recentGlobal.Peek() + TimeSpan.FromSeconds(1) - now;
                }

                recentGlobal.Enqueue(now);
            }
        }

        lock (bucket.Sync)
        {
            // Spend one request now; the answer's headers will correct the count.
            if (bucket.ResetAt > now)
            {
                bucket.Remaining--;
            }
        }

        return TimeSpan.Zero;
    }

    private static string? Header(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static double? Number(System.Net.Http.Headers.HttpResponseHeaders headers, string name) =>
        double.TryParse(Header(headers, name), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private sealed class Bucket
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Lock Sync { get; } = new();

        public int Remaining { get; set; } = 1;

        public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MinValue;

        public DateTimeOffset LastUsed { get; set; } = DateTimeOffset.MinValue;
    }

    private sealed class Lease(Bucket bucket) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                bucket.Gate.Release();
            }
        }
    }
}
