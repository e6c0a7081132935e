using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

public sealed class SessionSpecs
{
    [Fact]
    public async Task The_emulator_delivers_an_interaction_sent_before_the_bot_was_ready_right_after_ready()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await Scenario.RegisterAskAsync(bot, discord);
        var early = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "early"));

        // Act
        var ready = await bot.IdentifyAsync();
        var dispatch = await bot.ReceiveAsync();

        // Assert
        Assert.Equal("READY", (string?)ready["t"]);
        Assert.Equal("INTERACTION_CREATE", (string?)dispatch["t"]);
        Assert.Equal(early.Token, (string?)dispatch["d"]!["token"]);
        Assert.Equal(2, (int?)dispatch["s"]);
    }

    [Fact]
    public async Task The_emulator_lets_the_bot_identify_again_after_a_non_resumable_invalid_session()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        var firstSession = discord.Gateway.SessionId;

        // Act
        await discord.Gateway.SendInvalidSessionAsync(resumable: false);
        var invalid = await bot.ReceiveAsync();
        await bot.SendAsync(RawBot.Identify(discord.Options.Token));
        var ready = await bot.ReceiveAsync();

        // Assert
        Assert.Equal(9, (int?)invalid["op"]);
        Assert.False((bool?)invalid["d"]);
        Assert.Equal("READY", (string?)ready["t"]);
        Assert.Equal(1, (int?)ready["s"]);
        Assert.NotEqual(firstSession, discord.Gateway.SessionId);
        Assert.Equal(2, discord.Gateway.IdentifyCount);
    }

    [Fact]
    public async Task The_emulator_refuses_to_resume_a_session_the_bot_closed_with_1000()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using (var first = new RawBot(discord))
        {
            await first.IdentifyAsync();
        }

        var sessionId = discord.Gateway.SessionId;
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync(discord.ResumeGatewayUrl);
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = discord.Options.Token, ["session_id"] = sessionId, ["seq"] = 1 } });
        var answer = await bot.ReceiveAsync();

        // Assert
        Assert.Contains(1000, discord.Gateway.ClientCloseCodes);
        Assert.Equal(9, (int?)answer["op"]);
        Assert.False((bool?)answer["d"]);
    }

    [Fact]
    public async Task The_emulator_flags_a_resume_on_the_main_gateway_url()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var first = new RawBot(discord);
        await first.IdentifyAsync();
        await discord.Gateway.DropConnectionAsync();
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync(discord.GatewayUrl);
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = discord.Options.Token, ["session_id"] = discord.Gateway.SessionId, ["seq"] = 1 } });
        var resumed = await bot.ReceiveAsync();

        // Assert
        Assert.Equal("RESUMED", (string?)resumed["t"]);
        Assert.Contains(discord.Violations, v => v.Contains("resume_gateway_url", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_answers_hundreds_of_concurrent_interactions()
    {
        // Arrange
        const int count = 300;
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { CallbackDeadline = TimeSpan.FromSeconds(10) });
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        await Scenario.RegisterAskAsync(bot, discord);
        var interactions = await Task.WhenAll(Enumerable.Range(0, count).Select(i => discord.SendSlashCommandAsync("ask", CommandOption.String("question", $"q{i}"))));
        for (var i = 0; i < count; i++)
        {
            await bot.ReceiveAsync();
        }

        // Act
        var clock = Stopwatch.StartNew();
        var responses = await Task.WhenAll(interactions.Select(i => bot.CallbackAsync(i, Scenario.Reply($"answer {i.Id}"))));
        var originals = await Task.WhenAll(interactions.Select(i => i.WaitForOriginalAsync(TimeSpan.FromSeconds(5))));
        clock.Stop();

        // Assert
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.NoContent, r.StatusCode));
        Assert.Equal(interactions.Select(i => $"answer {i.Id}"), originals.Select(o => o.Content));
        Assert.Equal(count, discord.Messages.Count);
        Assert.Empty(discord.Violations);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task The_emulator_shuts_down_quickly_with_a_bot_still_connected()
    {
        // Arrange
        var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        var clock = Stopwatch.StartNew();

        // Act
        await discord.DisposeAsync();

        // Assert
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
        Assert.Equal(1001, await bot.ReceiveCloseAsync(TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task The_emulator_can_refuse_every_resume()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { AllowResume = false });
        await using var first = new RawBot(discord);
        await first.IdentifyAsync();
        await discord.Gateway.DropConnectionAsync();
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync(discord.ResumeGatewayUrl);
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = discord.Options.Token, ["session_id"] = discord.Gateway.SessionId, ["seq"] = 1 } });
        var answer = await bot.ReceiveAsync();

        // Assert
        Assert.Equal(9, (int?)answer["op"]);
        Assert.False((bool?)answer["d"]);
        Assert.Equal(0, discord.Gateway.ResumeCount);
    }

    [Fact]
    public async Task The_emulator_closes_with_4007_on_a_resume_from_a_sequence_it_never_sent()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var first = new RawBot(discord);
        await first.IdentifyAsync();
        await discord.Gateway.DropConnectionAsync();
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync(discord.ResumeGatewayUrl);
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 6, ["d"] = new JsonObject { ["token"] = discord.Options.Token, ["session_id"] = discord.Gateway.SessionId, ["seq"] = 99 } });
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4007, code);
    }
}
