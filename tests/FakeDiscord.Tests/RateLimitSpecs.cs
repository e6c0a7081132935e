using System.Net;

namespace FakeDiscord.Tests;

public sealed class RateLimitSpecs
{
    [Fact]
    public async Task The_emulator_answers_a_scripted_429_with_discords_headers_and_body()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        discord.RateLimits.Script("PUT /applications/*/commands", count: 1, retryAfterSeconds: 0.3, RateLimitScope.User);
        var path = $"applications/{discord.Options.ApplicationId}/commands";

        // Act
        var limited = await bot.SendJsonAsync(HttpMethod.Put, path, Scenario.AskCommand);
        await Task.Delay(350);
        var retried = await bot.SendJsonAsync(HttpMethod.Put, path, Scenario.AskCommand);

        // Assert
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("1", limited.Headers.GetValues("Retry-After").Single());
        Assert.Equal("user", limited.Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.False(limited.Headers.Contains("X-RateLimit-Global"));
        Assert.NotEmpty(limited.Headers.GetValues("X-RateLimit-Bucket").Single());
        var body = await bot.ReadJsonAsync(limited);
        Assert.Equal("You are being rate limited.", (string?)body["message"]);
        Assert.Equal(0.3, (double?)body["retry_after"]);
        Assert.False((bool?)body["global"]);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_flags_a_retry_before_a_global_retry_after_ran_out()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        discord.RateLimits.Script("GET /users/@me", count: 1, retryAfterSeconds: 2, RateLimitScope.Global);

        // Act
        var limited = await bot.Http.GetAsync("users/@me");
        var tooSoon = await bot.Http.GetAsync("gateway/bot");

        // Assert
        Assert.Equal("true", limited.Headers.GetValues("X-RateLimit-Global").Single());
        Assert.Equal("global", limited.Headers.GetValues("X-RateLimit-Scope").Single());
        Assert.True((bool?)(await bot.ReadJsonAsync(limited))["global"]);
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);
        Assert.Contains(discord.Violations, v => v.Contains("retry_after was still running", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_limits_a_bot_that_ignores_an_exhausted_bucket()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { RouteBucketLimit = 2 });
        await using var bot = new RawBot(discord);

        // Act
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await bot.Http.GetAsync("users/@me")).StatusCode);
        }

        // Assert
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains(discord.Violations, v => v.Contains("exhausted", StringComparison.Ordinal));
    }
}
