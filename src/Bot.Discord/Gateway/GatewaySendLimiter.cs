namespace Bot.Discord.Gateway;

/// <summary>
/// At most 120 sends per 60 seconds per connection (docs/events--gateway.mdx, "Rate Limiting"), as a
/// sliding window. Other sends stop a few short of the limit so heartbeats always find room: a missed
/// heartbeat would cost the connection.
/// </summary>
internal sealed class GatewaySendLimiter(TimeProvider time, int limit = 120, TimeSpan? window = null, int heartbeatReserve = 3)
{
    private readonly TimeSpan span = window ?? TimeSpan.FromSeconds(60);
    private readonly Queue<DateTimeOffset> sent = new();
    private readonly Lock sync = new();

    /// <summary>Takes a slot now, or says how long to wait for one.</summary>
    public TimeSpan TryAcquire(bool heartbeat)
    {
        lock (sync)
        {
            var now = time.GetUtcNow();
            while (sent.Count > 0 && now - sent.Peek() >= span)
            {
                sent.Dequeue();
            }

            var allowed = heartbeat ? limit : limit - heartbeatReserve;
            if (sent.Count < allowed)
            {
                sent.Enqueue(now);
                return TimeSpan.Zero;
            }

            // The slot frees when the send that used it leaves the window.
            var index = sent.Count - allowed;
            return sent.ElementAt(index) + span - now;
        }
    }

    public async Task WaitAsync(bool heartbeat, CancellationToken cancellationToken)
    {
        for (var wait = TryAcquire(heartbeat); wait > TimeSpan.Zero; wait = TryAcquire(heartbeat))
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
