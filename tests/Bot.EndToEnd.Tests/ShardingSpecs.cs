using Bot.EndToEnd.Tests.Support;
using Bot.Tests.Support;
using FakeDiscord;
using static Bot.EndToEnd.Tests.Support.ShardedAsks;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// Several processes of the unmodified binary sharing one bot's gateway traffic: <c>Discord:ShardCount</c> 4, one process
/// running shards 0-1 and another 2-3, against one emulator that requires sharding, routes each guild to shard
/// <c>(guild_id &gt;&gt; 22) % 4</c> and refuses identifies that break max_concurrency. Each process has its own SQLite file
/// (PostgreSQL, shared by the processes, is separate work).
/// </summary>
public sealed class ShardingSpecs
{
    private const string WeaponsQuestion = "How much are North Korea's weapons shipments to Russia worth?";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Two guilds on each of the four shards.</summary>
    private static readonly ulong[] Guilds = [.. Enumerable.Range(0, 8).Select(i => (ulong)(1_000 + i) << 22 | 12_345)];

    private static FakeDiscordOptions FourShards => new()
    {
        Shards = 4,
        MaxConcurrency = 2,
        RequireSharding = true,
        HeartbeatIntervalMs = 5_000,
    };

    [Fact]
    public async Task Two_processes_of_two_shards_each_answer_every_guild_once_on_its_own_shard()
    {
        await using var discord = await FakeDiscordServer.StartAsync(FourShards);
        await using var first = await StartAsync(discord, "0-1", readies: 2);
        await using var second = await StartAsync(discord, "2-3", readies: 4);

        var asks = await AskEveryGuildAsync(discord);
        var replies = await Task.WhenAll(asks.Select(ask => ask.WaitForOriginalAsync(Patience)));

        Assert.All(replies, reply => Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal));
        Assert.Equal(Guilds.Select(guild => FakeGateway.ShardFor(guild, 4)), asks.Select(ask => ask.Shard!.Value));
        Assert.All(asks, ask => Assert.Single(discord.Messages, message => message.InteractionId == ask.Id));
        Assert.Equal([0, 1, 2, 3], discord.Gateway.Identifies.Select(identify => identify.ShardId).Order());
        Assert.All(discord.Gateway.Identifies, identify => Assert.True(identify.Accepted && identify.ShardCount == 4));
        Assert.Equal([0, 1, 2, 3], discord.Gateway.ConnectedShards);
        Assert.Contains("Shard 0/4: Gateway READY", first.Output, StringComparison.Ordinal);
        Assert.Contains("Shard 1/4: Gateway READY", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Shard 2/4", first.Output, StringComparison.Ordinal);
        Assert.Contains("Shard 3/4: Gateway READY", second.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Shard 0/4", second.Output, StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task A_killed_process_loses_only_time_its_restart_takes_its_shards_back_and_answers_what_waited()
    {
        await using var discord = await FakeDiscordServer.StartAsync(FourShards);
        await using var first = await StartAsync(discord, "0-1", readies: 2);
        await using var second = await StartAsync(discord, "2-3", readies: 4);
        await Task.WhenAll((await AskEveryGuildAsync(discord)).Select(ask => ask.WaitForOriginalAsync(Patience)));

        await second.KillAsync();
        await WaitUntilAsync(() => discord.Gateway.ConnectedShards.SequenceEqual([0, 1]));
        var whileDown = await AskEveryGuildAsync(discord);
        var survivors = whileDown.Where(ask => FakeGateway.ShardFor(GuildOf(ask), 4) < 2).ToList();
        await Task.WhenAll(survivors.Select(ask => ask.WaitForOriginalAsync(Patience)));
        var waiting = whileDown.Except(survivors).ToList();
        var unansweredWhileDown = waiting.Count(ask => ask.Callback is null);
        await using var restarted = await StartAsync(discord, "2-3", readies: 6);
        var late = await Task.WhenAll(waiting.Select(ask => ask.WaitForOriginalAsync(Patience)));

        Assert.Equal(4, unansweredWhileDown);
        Assert.All(late, reply => Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal));
        Assert.All(waiting, ask => Assert.True(ask.Shard is 2 or 3, $"answered on shard {ask.Shard}"));
        Assert.All(whileDown, ask => Assert.Single(discord.Messages, message => message.InteractionId == ask.Id));
        Assert.Equal([0, 1, 2, 2, 3, 3], discord.Gateway.Identifies.Select(identify => identify.ShardId).Order());
        Assert.All(discord.Gateway.Identifies, identify => Assert.True(identify.Accepted));
        Assert.Equal([0, 1, 2, 3], discord.Gateway.ConnectedShards);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task A_bot_that_asks_for_too_few_shards_stops_with_one_line_and_exit_code_1()
    {
        await using var discord = await FakeDiscordServer.StartAsync(FourShards);
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        await using var bot = BotBinary.Start(discord, database, new Dictionary<string, string> { ["Discord__ShardCount"] = "1" });

        var exitCode = await bot.WaitForExitAsync(Patience);

        Assert.Equal(1, exitCode);
        Assert.Contains("Discord requires sharding: the bot is in too many guilds for the shards it asked for (close code 4011)", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", bot.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(discord.Options.Token, bot.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("4", "0-4", "Discord:Shards names shard 4, but there are 4 shards (ids 0 to 3).")]
    [InlineData("4", "2-x", "Discord:Shards must be shard ids and ranges such as 0-3 or 0,2 (\"2-x\" is neither).")]
    [InlineData("0", "", "Discord:ShardCount must be between 1 and 65536 when set (it is 0).")]
    public async Task Shard_settings_that_cannot_work_stop_the_binary_with_one_line(string count, string shards, string problem)
    {
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = "SOME.token-value.789",
                ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
                ["Discord__ShardCount"] = count,
                ["Discord__Shards"] = shards,
            });

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("Configuration is not valid: ", run.Error, StringComparison.Ordinal);
        Assert.Contains(problem, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    /// <summary>A process of its own SQLite file for <paramref name="shards"/> of 4 (see <see cref="BotBinary.StartShardsAsync"/>).</summary>
    private static Task<BotBinary> StartAsync(FakeDiscordServer discord, string shards, int readies) =>
        BotBinary.StartShardsAsync(discord, Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db"), shards, Patience, readies);

    /// <summary>One /ask from each guild, in order of <see cref="Guilds"/>.</summary>
    private static Task<List<InteractionHandle>> AskEveryGuildAsync(FakeDiscordServer discord) => ShardedAsks.AskEveryGuildAsync(discord, Guilds, WeaponsQuestion);
}
