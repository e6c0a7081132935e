using System.Net;

namespace FakeDiscord.Tests;

public sealed class RestSpecs
{
    [Fact]
    public async Task The_emulator_requires_the_bot_token_for_gateway_bot()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var stranger = new RawBot(discord, token: "not-the-token");

        // Act
        var response = await stranger.Http.GetAsync("gateway/bot");

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await stranger.ReadJsonAsync(response);
        Assert.Equal("401: Unauthorized", (string?)body["message"]);
        Assert.Equal(0, (int?)body["code"]);
        Assert.Contains(discord.Violations, v => v.Contains("401", StringComparison.Ordinal) && v.Contains("wrong bot token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_gives_an_authorised_bot_its_gateway_url_and_rate_limit_headers()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);

        // Act
        var response = await bot.Http.GetAsync("gateway/bot");

        // Assert
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await bot.ReadJsonAsync(response);
        Assert.Equal(discord.GatewayUrl, (string?)body["url"]);
        Assert.Equal(1, (int?)body["shards"]);
        Assert.Equal(1, (int?)body["session_start_limit"]!["max_concurrency"]);
        Assert.Equal("5", response.Headers.GetValues("X-RateLimit-Limit").Single());
        Assert.Equal("4", response.Headers.GetValues("X-RateLimit-Remaining").Single());
        Assert.NotEmpty(response.Headers.GetValues("X-RateLimit-Bucket").Single());
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_records_requests_with_the_token_redacted()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);

        // Act
        await bot.Http.GetAsync("users/@me");

        // Assert
        var request = Assert.Single(discord.Requests);
        Assert.Equal("/api/v10/users/@me", request.Path);
        Assert.Equal("Bot [redacted]", request.Header("Authorization"));
        Assert.Equal(200, request.StatusCode);
        Assert.DoesNotContain(discord.Options.Token, request.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_emulator_rejects_a_request_without_a_DiscordBot_user_agent()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        bot.Http.DefaultRequestHeaders.UserAgent.Clear();
        bot.Http.DefaultRequestHeaders.UserAgent.ParseAdd("curl/8.0");

        // Act
        var response = await bot.Http.GetAsync("users/@me");

        // Assert
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains(discord.Violations, v => v.Contains("User-Agent", StringComparison.Ordinal));
    }
}
