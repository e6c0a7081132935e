using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

public sealed class GatewaySpecs
{
    [Fact]
    public async Task The_emulator_says_hello_then_answers_identify_with_ready()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync();

        // Act
        var hello = await bot.ReceiveAsync();
        await bot.SendAsync(RawBot.Identify(discord.Options.Token));
        var ready = await bot.ReceiveAsync();

        // Assert
        Assert.Equal(10, (int?)hello["op"]);
        Assert.Equal(500, (int?)hello["d"]!["heartbeat_interval"]);
        Assert.Equal("READY", (string?)ready["t"]);
        Assert.Equal(1, (int?)ready["s"]);
        var d = ready["d"]!;
        Assert.Equal(10, (int?)d["v"]);
        Assert.Equal(discord.ResumeGatewayUrl, (string?)d["resume_gateway_url"]);
        Assert.Equal(discord.Options.ApplicationId.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)d["application"]!["id"]);
        Assert.True((bool?)d["user"]!["bot"]);
        Assert.Empty(d["guilds"]!.AsArray());
        Assert.Equal(discord.Gateway.SessionId, (string?)d["session_id"]);
        await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.Equal("[redacted]", (string?)discord.Gateway.LastIdentify!["token"]);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_closes_with_4004_on_a_wrong_token()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync();
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(RawBot.Identify("Bot " + discord.Options.Token));
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4004, code);
        Assert.Contains(discord.Violations, v => v.Contains("4004", StringComparison.Ordinal) && v.Contains("without \"Bot \"", StringComparison.Ordinal));
        Assert.DoesNotContain(discord.Violations, v => v.Contains(discord.Options.Token, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("?v=9&encoding=json", 4012)]
    [InlineData("?v=10&encoding=etf", 4002)]
    public async Task The_emulator_refuses_other_versions_and_encodings(string query, int expected)
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);

        // Act
        await bot.ConnectAsync(query: query);
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(expected, code);
    }

    [Fact]
    public async Task The_emulator_closes_with_4005_on_a_second_identify()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();

        // Act
        await bot.SendAsync(RawBot.Identify(discord.Options.Token));
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4005, code);
    }

    [Fact]
    public async Task The_emulator_closes_with_4003_when_the_bot_sends_before_identifying()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync();
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 3, ["d"] = new JsonObject { ["status"] = "online" } });
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4003, code);
    }

    [Fact]
    public async Task The_emulator_closes_with_4002_on_a_payload_over_4096_bytes()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 3, ["d"] = new JsonObject { ["status"] = new string('x', 5000) } });
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4002, code);
    }

    [Fact]
    public async Task The_emulator_closes_with_4013_on_intents_that_do_not_exist()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync();
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(RawBot.Identify(discord.Options.Token, intents: 1L << 40));
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4013, code);
    }

    [Fact]
    public async Task The_emulator_closes_with_4008_when_the_bot_sends_too_fast()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { GatewaySendLimit = 5 });
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();

        // Act
        for (var i = 0; i < 6; i++)
        {
            await bot.SendAsync(new JsonObject { ["op"] = 1, ["d"] = 1 });
        }

        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4008, code);
    }

    [Fact]
    public async Task The_emulator_acknowledges_heartbeats_unless_told_to_withhold()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();

        // Act
        await bot.SendAsync(new JsonObject { ["op"] = 1, ["d"] = 1 });
        var ack = await bot.ReceiveAsync();
        discord.Gateway.WithholdAcks = true;
        await bot.SendAsync(new JsonObject { ["op"] = 1, ["d"] = 1 });
        var withheld = await Record.ExceptionAsync(() => bot.ReceiveAsync(TimeSpan.FromMilliseconds(300)));

        // Assert
        Assert.Equal(11, (int?)ack["op"]);
        Assert.IsAssignableFrom<OperationCanceledException>(withheld);
        Assert.Equal(2, discord.Gateway.HeartbeatCount);
    }

    [Fact]
    public async Task The_emulator_records_a_heartbeat_that_comes_late()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { HeartbeatIntervalMs = 100 });
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();

        // Act
        await Task.Delay(600);
        await bot.SendAsync(new JsonObject { ["op"] = 1, ["d"] = 1 });
        await discord.Gateway.WaitForHeartbeatAsync(TimeSpan.FromSeconds(2));

        // Assert
        var late = Assert.Single(discord.Gateway.LateHeartbeats);
        Assert.True(late > TimeSpan.FromMilliseconds(100), $"late by {late}");
    }

    [Fact]
    public async Task The_emulator_replays_missed_dispatches_on_resume_then_sends_resumed()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        var (bot, first) = await Scenario.AskedAsync(discord);
        var sessionId = discord.Gateway.SessionId!;
        await discord.Gateway.DropConnectionAsync();
        var missed = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", "while away"));
        await using var resumed = new RawBot(discord);
        await resumed.ConnectAsync(discord.ResumeGatewayUrl);
        await resumed.ReceiveAsync();

        // Act
        await resumed.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = discord.Options.Token, ["session_id"] = sessionId, ["seq"] = 2 },
        });
        var replayed = await resumed.ReceiveAsync();
        var done = await resumed.ReceiveAsync();

        // Assert
        Assert.Equal("INTERACTION_CREATE", (string?)replayed["t"]);
        Assert.Equal(3, (int?)replayed["s"]);
        Assert.Equal(missed.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)replayed["d"]!["id"]);
        Assert.Equal("RESUMED", (string?)done["t"]);
        Assert.Equal(4, (int?)done["s"]);
        await discord.Gateway.WaitForResumeAsync(TimeSpan.FromSeconds(2));
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.NotEqual(first.Id, missed.Id);
        Assert.Empty(discord.Violations);
        await bot.DisposeAsync();
    }

    [Fact]
    public async Task The_emulator_answers_a_resume_of_an_unknown_session_with_invalid_session()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync(discord.ResumeGatewayUrl);
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(new JsonObject
        {
            ["op"] = 6,
            ["d"] = new JsonObject { ["token"] = discord.Options.Token, ["session_id"] = "nope", ["seq"] = 3 },
        });
        var answer = await bot.ReceiveAsync();

        // Assert
        Assert.Equal(9, (int?)answer["op"]);
        Assert.False((bool?)answer["d"]);
    }

    [Fact]
    public async Task The_emulator_can_ask_for_a_reconnect_and_a_heartbeat()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();

        // Act
        await discord.Gateway.SendHeartbeatRequestAsync();
        var heartbeatRequest = await bot.ReceiveAsync();
        await discord.Gateway.SendReconnectAsync();
        var reconnect = await bot.ReceiveAsync();
        await discord.Gateway.CloseAsync(4000);
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(1, (int?)heartbeatRequest["op"]);
        Assert.Equal(7, (int?)reconnect["op"]);
        Assert.Equal(4000, code);
    }
}
