using Bot.Discord.Gateway;

namespace Bot.Discord.Tests;

/// <summary>120 sends per 60 s per connection, with room kept for heartbeats (docs/events--gateway.mdx, "Rate Limiting").</summary>
public sealed class GatewaySendLimiterSpecs
{
    [Fact]
    public void Other_sends_stop_short_of_120_so_heartbeats_always_find_room()
    {
        var time = Support.Discord.Time();
        var limiter = new GatewaySendLimiter(time);

        var allowed = Enumerable.Range(0, 130).Count(_ => limiter.TryAcquire(heartbeat: false) == TimeSpan.Zero);
        var heartbeats = Enumerable.Range(0, 5).Count(_ => limiter.TryAcquire(heartbeat: true) == TimeSpan.Zero);

        Assert.Equal(117, allowed);
        Assert.Equal(3, heartbeats);
        Assert.Equal(TimeSpan.FromSeconds(60), limiter.TryAcquire(heartbeat: false));
    }

    [Fact]
    public void The_window_slides()
    {
        var time = Support.Discord.Time();
        var limiter = new GatewaySendLimiter(time);
        for (var i = 0; i < 117; i++)
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
            limiter.TryAcquire(heartbeat: false);
        }

        var wait = limiter.TryAcquire(heartbeat: false);
        time.Advance(wait);

        Assert.Equal(TimeSpan.FromSeconds(60) - TimeSpan.FromMilliseconds(11600), wait);
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire(heartbeat: false));
    }
}
