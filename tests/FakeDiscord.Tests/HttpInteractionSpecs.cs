using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

/// <summary>Interactions POSTed to a bot's endpoint, as Discord does once an Interactions Endpoint URL is set (docs/interactions--overview.mdx).</summary>
public sealed class HttpInteractionSpecs
{
    private static FakeDiscordOptions Options => Scenario.FastOptions with { RequireRegisteredCommands = false };

    [Fact]
    public async Task The_emulator_signs_each_interaction_with_the_key_it_publishes_and_takes_the_answer_from_the_response()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Options);
        using var endpoint = new RawEndpoint(discord.PublicKey);
        endpoint.Answer = _ => (200, Scenario.Reply("Answered over HTTP").ToJsonString());
        discord.InteractionsEndpoint = endpoint.Url;
        await using var bot = new RawBot(discord);

        // Act
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Who won?"));
        var reply = await ask.WaitForOriginalAsync(TimeSpan.FromSeconds(5));
        var application = await bot.ReadJsonAsync(await bot.Http.GetAsync("applications/@me"));

        // Assert
        Assert.Equal(200, await ask.WaitForHttpStatusAsync());
        Assert.Equal("Answered over HTTP", reply.Content);
        Assert.Equal(4, ask.Callback!.Type);
        Assert.Null(ask.Shard);
        Assert.Equal([true], endpoint.Verdicts);
        Assert.Equal(discord.PublicKey, (string?)application["verify_key"]);
        Assert.Matches("^[0-9a-f]{64}$", discord.PublicKey);
        Assert.Empty(discord.Violations);
    }

    [Theory]
    [InlineData(Signing.Missing)]
    [InlineData(Signing.Tampered)]
    [InlineData(Signing.ForeignKey)]
    [InlineData(Signing.Stale)]
    public async Task The_emulator_can_send_a_request_a_careful_endpoint_refuses(Signing signing)
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Options);
        using var endpoint = new RawEndpoint(discord.PublicKey);
        discord.InteractionsEndpoint = endpoint.Url;
        discord.HttpSigning = signing;

        // Act
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Who won?"));
        var status = await ask.WaitForHttpStatusAsync();

        // Assert
        Assert.Equal(401, status);
        Assert.Equal([false], endpoint.Verdicts);
        Assert.Null(ask.Callback);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_records_an_endpoint_that_accepts_a_tampered_request()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Options);
        using var endpoint = new RawEndpoint(discord.PublicKey, checkSignatures: false);
        endpoint.Answer = _ => (200, Scenario.Reply("Sure").ToJsonString());
        discord.InteractionsEndpoint = endpoint.Url;
        discord.HttpSigning = Signing.Tampered;

        // Act
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Who won?"));
        var status = await ask.WaitForHttpStatusAsync();

        // Assert
        Assert.Equal(200, status);
        Assert.Contains(discord.Violations, v => v.Contains("not 401", StringComparison.Ordinal) && v.Contains("Tampered", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_pings_the_endpoint_and_shows_what_it_answered()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Options);
        using var endpoint = new RawEndpoint(discord.PublicKey);
        discord.InteractionsEndpoint = endpoint.Url;

        // Act
        var ping = await discord.PingAsync();
        var forged = await discord.PingAsync(Signing.ForeignKey);

        // Assert
        Assert.Equal(new EndpointResponse(200, """{"type":1}"""), ping);
        Assert.Equal(401, forged.Status);
    }

    [Fact]
    public async Task A_deferral_in_the_response_is_followed_by_an_edit_through_the_webhook_route()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Options);
        using var endpoint = new RawEndpoint(discord.PublicKey);
        endpoint.Answer = _ => (200, """{"type":5}""");
        discord.InteractionsEndpoint = endpoint.Url;
        await using var bot = new RawBot(discord);

        // Act
        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "Who won?"));
        var deferred = await ask.WaitForCallbackAsync(TimeSpan.FromSeconds(5));
        var edit = await bot.SendJsonAsync(HttpMethod.Patch, $"webhooks/{discord.Options.ApplicationId}/{ask.Token}/messages/@original", new JsonObject
        {
            ["content"] = "Later",
            ["allowed_mentions"] = new JsonObject { ["parse"] = new JsonArray() },
        });
        var reply = await ask.WaitForOriginalAsync(TimeSpan.FromSeconds(5), minimumEdits: 1);

        // Assert
        Assert.Equal(5, deferred.Type);
        Assert.True(edit.IsSuccessStatusCode, string.Join("\n", discord.Violations));
        Assert.Equal("Later", reply.Content);
        Assert.Empty(discord.Violations);
    }
}
