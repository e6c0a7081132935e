using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

/// <summary>Sharding as Discord does it (docs/events--gateway.mdx, "Sharding", "Max Concurrency").</summary>
public sealed class ShardingSpecs
{
    /// <summary>(guild_id &gt;&gt; 22) % 2 is 0 for the first and 1 for the second.</summary>
    private const ulong GuildOnShard0 = 40UL << 22;

    private const ulong GuildOnShard1 = (41UL << 22) + 7;

    private static FakeDiscordOptions TwoShards(int maxConcurrency = 2) => Scenario.FastOptions with
    {
        Shards = 2,
        MaxConcurrency = maxConcurrency,
        RequireRegisteredCommands = false,
    };

    [Fact]
    public async Task The_emulator_recommends_its_shard_count_and_identify_concurrency()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { Shards = 4, MaxConcurrency = 2 });
        await using var bot = new RawBot(discord);

        // Act
        var gateway = await bot.ReadJsonAsync(await bot.Http.GetAsync("gateway/bot"));

        // Assert
        Assert.Equal(4, (int?)gateway["shards"]);
        Assert.Equal(2, (int?)gateway["session_start_limit"]!["max_concurrency"]);
    }

    [Fact]
    public async Task The_emulator_sends_a_guilds_interaction_to_its_shard_and_an_event_without_a_guild_to_shard_0()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(TwoShards());
        await using var zero = new RawBot(discord);
        await using var one = new RawBot(discord);
        var readyZero = await zero.IdentifyAsync([0, 2]);
        var readyOne = await one.IdentifyAsync([1, 2]);

        // Act
        var onOne = await discord.SendSlashCommandAsync(GuildOnShard1, discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", "Who?")]);
        var received = await one.ReceiveAsync();
        var onZero = await discord.SendSlashCommandAsync(GuildOnShard0, discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", "What?")]);
        var receivedZero = await zero.ReceiveAsync();
        await discord.Gateway.DispatchAsync("INTERACTION_CREATE", new JsonObject { ["id"] = "1", ["type"] = 2, ["token"] = "t", ["user"] = FakeUser.Default.ToJson() });
        var direct = await zero.ReceiveAsync();

        // Assert
        Assert.Equal("[0,2]", readyZero["d"]!["shard"]!.ToJsonString());
        Assert.Equal("[1,2]", readyOne["d"]!["shard"]!.ToJsonString());
        Assert.Equal(Id(onOne.Id), (string?)received["d"]!["id"]);
        Assert.Equal(Id(onZero.Id), (string?)receivedZero["d"]!["id"]);
        Assert.Equal("1", (string?)direct["d"]!["id"]);
        Assert.Equal(1, onOne.Shard);
        Assert.Equal(0, onZero.Shard);
        Assert.Equal([0, 1], discord.Gateway.ConnectedShards);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task The_emulator_holds_a_shards_events_until_that_shard_identifies()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(TwoShards());
        await using var zero = new RawBot(discord);
        await zero.IdentifyAsync([0, 2]);

        // Act
        var waiting = await discord.SendSlashCommandAsync(GuildOnShard1, discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", "Who?")]);
        var zeroGotIt = await ReceivesWithinAsync(zero, TimeSpan.FromMilliseconds(300));
        await using var one = new RawBot(discord);
        await one.IdentifyAsync([1, 2]);
        var delivered = await one.ReceiveAsync();

        // Assert
        Assert.False(zeroGotIt, "shard 0 must not get shard 1's guild");
        Assert.Equal(Id(waiting.Id), (string?)delivered["d"]!["id"]);
    }

    [Fact]
    public async Task The_emulator_refuses_a_second_identify_of_one_bucket_within_five_seconds_with_op_9()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(TwoShards(maxConcurrency: 1));
        await using var zero = new RawBot(discord);
        await using var one = new RawBot(discord);
        await zero.IdentifyAsync([0, 2]);

        // Act
        var answer = await one.IdentifyAsync([1, 2]);

        // Assert
        Assert.Equal(9, (int?)answer["op"]);
        Assert.False((bool?)answer["d"]);
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.Equal([true, false], discord.Gateway.Identifies.Select(i => i.Accepted));
        Assert.Contains(discord.Violations, v => v.Contains("IDENTIFY of shard [1, 2]", StringComparison.Ordinal) && v.Contains("max_concurrency bucket 0", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_lets_shards_of_different_buckets_identify_at_once()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(TwoShards(maxConcurrency: 2));
        await using var zero = new RawBot(discord);
        await using var one = new RawBot(discord);

        // Act
        var first = await zero.IdentifyAsync([0, 2]);
        var second = await one.IdentifyAsync([1, 2]);

        // Assert
        Assert.Equal("READY", (string?)first["t"]);
        Assert.Equal("READY", (string?)second["t"]);
        Assert.Empty(discord.Violations);
    }

    [Theory]
    [InlineData("[2,2]")]
    [InlineData("[0,0]")]
    [InlineData("[-1,2]")]
    [InlineData("[0]")]
    public async Task The_emulator_closes_with_4010_on_a_shard_that_cannot_be(string shard)
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(TwoShards());
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync();
        await bot.ReceiveAsync();
        var identify = RawBot.Identify(discord.Options.Token);
        identify["d"]!["shard"] = JsonNode.Parse(shard);

        // Act
        await bot.SendAsync(identify);
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4010, code);
    }

    [Fact]
    public async Task The_emulator_closes_with_4011_when_it_requires_sharding_and_the_bot_asks_for_too_few_shards()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(TwoShards() with { RequireSharding = true });
        await using var bot = new RawBot(discord);
        await bot.ConnectAsync();
        await bot.ReceiveAsync();

        // Act
        await bot.SendAsync(RawBot.Identify(discord.Options.Token));
        var code = await bot.ReceiveCloseAsync();

        // Assert
        Assert.Equal(4011, code);
        Assert.Contains(discord.Violations, v => v.Contains("4011", StringComparison.Ordinal));
    }

    private static async Task<bool> ReceivesWithinAsync(RawBot bot, TimeSpan wait)
    {
        try
        {
            await bot.ReceiveAsync(wait);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
