using System.Globalization;
using Bot.Discord.Rest;

namespace Bot.Discord.Tests;

public sealed class RateLimiterMemorySpecs
{
    private static RestRoute Callback(int interaction) => new(
        HttpMethod.Post,
        "/interactions/{id}/{token}/callback",
        $"/interactions/{interaction}/token/callback",
        interaction.ToString(CultureInfo.InvariantCulture),
        Authorized: false,
        CountsTowardGlobal: false);

    [Fact]
    public async Task The_limiter_forgets_the_buckets_of_interactions_answered_long_ago()
    {
        var time = Support.Discord.Time();
        var limiter = new RestRateLimiter(time);
        for (var interaction = 0; interaction < RestRateLimiter.PruneAbove + 200; interaction++)
        {
            (await limiter.AcquireAsync(Callback(interaction), CancellationToken.None)).Dispose();
        }

        var before = limiter.BucketCount;
        time.Advance(RestRateLimiter.IdleLifetime + TimeSpan.FromMinutes(1));
        (await limiter.AcquireAsync(Callback(-1), CancellationToken.None)).Dispose();

        Assert.Equal(RestRateLimiter.PruneAbove + 200, before);
        Assert.Equal(1, limiter.BucketCount);
    }

    [Fact]
    public async Task Recently_used_buckets_are_kept()
    {
        var time = Support.Discord.Time();
        var limiter = new RestRateLimiter(time);
        for (var interaction = 0; interaction < RestRateLimiter.PruneAbove + 10; interaction++)
        {
            (await limiter.AcquireAsync(Callback(interaction), CancellationToken.None)).Dispose();
        }

        time.Advance(TimeSpan.FromSeconds(30));
        (await limiter.AcquireAsync(Callback(-1), CancellationToken.None)).Dispose();

        Assert.Equal(RestRateLimiter.PruneAbove + 11, limiter.BucketCount);
    }
}
