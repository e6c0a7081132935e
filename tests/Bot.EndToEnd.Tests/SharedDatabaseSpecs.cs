using System.Diagnostics;
using Bot.EndToEnd.Tests.Support;
using Bot.Tests.Support;
using FakeDiscord;
using Xunit.Abstractions;
using static Bot.EndToEnd.Tests.Support.ModerationDriver;
using static Bot.EndToEnd.Tests.Support.ShardedAsks;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// Several processes of the unmodified binary behind ONE PostgreSQL database (a fresh one per spec on the test server):
/// two gateway processes of two shards each, and two <c>http</c>-mode processes behind a load balancer. In gateway mode a
/// guild's events always reach the one shard <c>(guild_id &gt;&gt; 22) % count</c>, so one guild's interactions reach
/// two processes only when its shard moves to another process (a restart) or in http mode, where
/// any process may get any interaction: that is where a change made through one process must reach the other at once.
/// </summary>
public sealed class SharedDatabaseSpecs(ITestOutputHelper output)
{
    private const string WeaponsQuestion = "How much are North Korea's weapons shipments to Russia worth?";

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>Two guilds on each of the four shards.</summary>
    private static readonly ulong[] Guilds = [.. Enumerable.Range(0, 8).Select(i => (ulong)(2_000 + i) << 22 | 54_321)];

    /// <summary>A guild of its own on shard 2, where a cooldown is set.</summary>
    private const ulong CooldownGuild = (ulong)3_002 << 22 | 777;

    public static FakeDiscordOptions FourShards => new()
    {
        Shards = 4,
        MaxConcurrency = 2,
        RequireSharding = true,
        HeartbeatIntervalMs = 5_000,
    };

    [SharedPostgresFact]
    public async Task Two_processes_of_two_shards_each_over_one_database_answer_every_guild_once_on_its_own_shard()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var discord = await FakeDiscordServer.StartAsync(FourShards);
        await using var first = await StartGatewayAsync(discord, database, "0-1", readies: 2);
        await using var second = await StartGatewayAsync(discord, database, "2-3", readies: 4);

        var asks = await AskEveryGuildAsync(discord);
        var replies = await Task.WhenAll(asks.Select(ask => ask.WaitForOriginalAsync(Patience)));
        var logged = await database.ScalarAsync<long>("SELECT COUNT(DISTINCT guild_id) FROM questions;");

        Assert.All(replies, reply => Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal));
        Assert.Equal(Guilds.Select(guild => FakeGateway.ShardFor(guild, 4)), asks.Select(ask => ask.Shard!.Value));
        Assert.All(asks, ask => Assert.Single(discord.Messages, message => message.InteractionId == ask.Id));
        Assert.Equal(Guilds.Length, logged);
        Assert.Contains("Shard 1/4: Gateway READY", first.Output, StringComparison.Ordinal);
        Assert.Contains("Shard 3/4: Gateway READY", second.Output, StringComparison.Ordinal);
        AssertIdentifyConcurrencyKept(discord, maxConcurrency: 2);
        Assert.Empty(discord.Violations);
    }

    [SharedPostgresFact]
    public async Task A_killed_process_loses_nothing_confirmed_and_its_restart_resumes_its_shards_and_answers_what_waited()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var discord = await FakeDiscordServer.StartAsync(FourShards);
        await using var first = await StartGatewayAsync(discord, database, "0-1", readies: 2);
        await using var second = await StartGatewayAsync(discord, database, "2-3", readies: 4);
        var confirmed = await AskEveryGuildAsync(discord);
        await Task.WhenAll(confirmed.Select(ask => ask.WaitForOriginalAsync(Patience)));
        var cooldown = await ModInAsync(discord, CooldownGuild, Sub("cooldown", CommandOption.Integer("seconds", 60)));
        var asked = await AskInAsync(discord, CooldownGuild, OtherMember);
        var sessions = new[] { discord.Gateway.SessionIdOf(2), discord.Gateway.SessionIdOf(3) };
        // Killed once its sessions are saved up to the last event: "confirmed" here means saved too. Killed sooner, a
        // RESUME replays the events after the saved sequence, answered already, and Discord refuses the second callback
        // (40060), by design (GatewaySessionKeeper) but a violation to the emulator.
        await WaitUntilSavedAsync(database, discord, [2, 3]);

        await second.KillAsync();
        await WaitUntilAsync(() => discord.Gateway.ConnectedShards.SequenceEqual([0, 1]));
        var whileDown = await AskEveryGuildAsync(discord);
        var survivors = whileDown.Where(ask => FakeGateway.ShardFor(GuildOf(ask), 4) < 2).ToList();
        await Task.WhenAll(survivors.Select(ask => ask.WaitForOriginalAsync(Patience)));
        var askedAgain = await discord.SendSlashCommandAsync(CooldownGuild, discord.Options.ChannelId, OtherMember, "ask", [CommandOption.String("question", TroopsQuestion)]);
        var waiting = whileDown.Except(survivors).Append(askedAgain).ToList();
        var unansweredWhileDown = waiting.Count(ask => ask.Callback is null);
        var restartedAt = Stopwatch.StartNew();
        await using var restarted = await StartGatewayAsync(discord, database, "2-3", readies: 4, resumes: 2);
        var resumedAfter = restartedAt.Elapsed;
        var late = await Task.WhenAll(waiting.Select(ask => ask.WaitForOriginalAsync(Patience)));
        output.WriteLine($"restart to both shards RESUMED: {resumedAfter.TotalMilliseconds:0} ms; {waiting.Count} interactions waited and were answered");
        var logged = await database.ScalarAsync<long>("SELECT COUNT(*) FROM questions;");

        Assert.Equal("Done. Each member can ask once every 60 seconds.", cooldown.Content);
        Assert.Contains("troops", asked.Embed("description"), StringComparison.Ordinal);
        Assert.Equal(5, unansweredWhileDown);
        Assert.All(late.SkipLast(1), reply => Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal));
        Assert.Matches(@"^You're asking too quickly: this server allows one question every 60 seconds\. Try again in \d+ seconds\.$", late[^1].Content);
        Assert.All(waiting, ask => Assert.True(ask.Shard is 2 or 3, $"answered on shard {ask.Shard}"));
        Assert.All(confirmed.Concat(whileDown).Append(askedAgain), ask => Assert.Single(discord.Messages, message => message.InteractionId == ask.Id));
        Assert.Equal(2 * Guilds.Length + 1, logged);
        Assert.Equal([0, 1, 2, 3], discord.Gateway.Identifies.Select(identify => identify.ShardId).Order());
        Assert.Equal(2, discord.Gateway.ResumeCount);
        Assert.Equal(sessions, new[] { discord.Gateway.SessionIdOf(2), discord.Gateway.SessionIdOf(3) });
        Assert.Contains("Shard 2/4: Resuming the session an earlier process saved", restarted.Output, StringComparison.Ordinal);
        Assert.Contains("Shard 3/4: Resuming the session an earlier process saved", restarted.Output, StringComparison.Ordinal);
        Assert.Equal([0, 1, 2, 3], discord.Gateway.ConnectedShards);
        AssertIdentifyConcurrencyKept(discord, maxConcurrency: 2);
        Assert.Empty(discord.Violations);
    }

    [SharedPostgresFact]
    public async Task A_process_stopped_for_a_restart_keeps_its_sessions_and_the_next_one_resumes_them()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var discord = await FakeDiscordServer.StartAsync(FourShards);
        await using var first = await StartGatewayAsync(discord, database, "0-1", readies: 2);
        var before = await AskInAsync(discord, Guilds[0], FakeUser.Default);

        var exitCode = await first.StopAsync(Patience);
        var whileStopped = new[]
        {
            await discord.SendSlashCommandAsync(Guilds[0], discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", WeaponsQuestion)]),
            await discord.SendSlashCommandAsync(Guilds[1], discord.Options.ChannelId, FakeUser.Default, "ask", [CommandOption.String("question", WeaponsQuestion)]),
        };
        await using var restarted = await StartGatewayAsync(discord, database, "0-1", readies: 2, resumes: 2);
        var late = await Task.WhenAll(whileStopped.Select(ask => ask.WaitForOriginalAsync(Patience)));

        Assert.Equal(0, exitCode);
        Assert.Contains("troops", before.Embed("description"), StringComparison.Ordinal);
        Assert.All(late, reply => Assert.Contains("$5.5 billion", reply.Embed("description"), StringComparison.Ordinal));
        Assert.Equal([0, 1], whileStopped.Select(ask => ask.Shard!.Value));
        Assert.Equal([4900, 4900], discord.Gateway.ClientCloseCodes);
        Assert.Equal([0, 1], discord.Gateway.Identifies.Select(identify => identify.ShardId).Order());
        Assert.Equal(2, discord.Gateway.ResumeCount);
        Assert.Empty(discord.Violations);
    }

    [SharedPostgresFact]
    public async Task A_block_set_through_one_process_is_honoured_by_the_other_within_a_second_and_a_cooldown_holds_across_them()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var a = await StartHttpAsync(discord, database);
        await using var b = await StartHttpAsync(discord, database);

        // B has read the guild's settings before the block, so what it honours is the change, not a first read.
        discord.InteractionsEndpoint = b.Endpoint;
        var before = await discord.AskAsync(TroopsQuestion);
        discord.InteractionsEndpoint = a.Endpoint;
        var blocked = await discord.ModAsync(Sub("block", CommandOption.User("user", Member.Id), CommandOption.String("reason", "spam")));
        var confirmed = Stopwatch.StartNew();
        discord.InteractionsEndpoint = b.Endpoint;
        var answeredMeanwhile = 0;
        TimeSpan? honouredAfter = null;
        while (confirmed.Elapsed < TimeSpan.FromSeconds(5))
        {
            var sentAt = confirmed.Elapsed;
            var reply = await discord.AskAsync(TroopsQuestion);
            if (reply.Content?.StartsWith("A moderator of this server has blocked you", StringComparison.Ordinal) == true)
            {
                honouredAfter = sentAt;
                break;
            }

            answeredMeanwhile++;
        }

        output.WriteLine($"block confirmed by A; B refused the first ask sent {honouredAfter?.TotalMilliseconds:0} ms later ({answeredMeanwhile} answered before)");

        discord.InteractionsEndpoint = a.Endpoint;
        var cooldown = await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 60)));
        var onA = await discord.AskAsync(TroopsQuestion, OtherMember);
        discord.InteractionsEndpoint = b.Endpoint;
        var onB = await discord.AskAsync(TroopsQuestion, OtherMember);

        Assert.Contains("troops", before.Embed("description"), StringComparison.Ordinal);
        Assert.StartsWith($"Blocked <@{Member.Id}>", blocked.Content, StringComparison.Ordinal);
        Assert.NotNull(honouredAfter);
        Assert.True(honouredAfter <= TimeSpan.FromSeconds(1), $"B honoured the block {honouredAfter?.TotalMilliseconds:0} ms after A confirmed it");
        Assert.Equal("Done. Each member can ask once every 60 seconds.", cooldown.Content);
        Assert.Contains("troops", onA.Embed("description"), StringComparison.Ordinal);
        Assert.True(onB.IsEphemeral);
        Assert.Matches(@"^You're asking too quickly: this server allows one question every 60 seconds\. Try again in (5\d|60) seconds\.$", onB.Content);
        Assert.Empty(discord.Violations);
    }

    /// <summary>One /ask from each guild, in order of <see cref="Guilds"/>.</summary>
    private static Task<List<InteractionHandle>> AskEveryGuildAsync(FakeDiscordServer discord) => ShardedAsks.AskEveryGuildAsync(discord, Guilds, WeaponsQuestion);

    private static async Task<VisibleMessage> ModInAsync(FakeDiscordServer discord, ulong guild, CommandOption subcommand) =>
        await (await discord.SendSlashCommandAsync(guild, discord.Options.ChannelId, Moderator, "mod", [subcommand], ModeratorPermissions)).WaitForOriginalAsync(Patience);

    private static async Task<VisibleMessage> AskInAsync(FakeDiscordServer discord, ulong guild, FakeUser user) =>
        await (await discord.SendSlashCommandAsync(guild, discord.Options.ChannelId, user, "ask", [CommandOption.String("question", TroopsQuestion)])).WaitForOriginalAsync(Patience);

    /// <summary>Waits up to 15 s until the database holds each shard's session at the sequence the emulator last sent it.</summary>
    private static Task WaitUntilSavedAsync(TestDatabase database, FakeDiscordServer discord, int[] shards) =>
        WaitUntilAsync(
            async () =>
            {
                foreach (var shard in shards)
                {
                    var saved = await database.ScalarAsync<object?>($"SELECT sequence FROM gateway_sessions WHERE shard_id = {shard} AND shard_count = 4;");
                    if (saved is not int sequence || sequence != discord.Gateway.SequenceOf(shard))
                    {
                        return false;
                    }
                }

                return true;
            },
            "the shards' sessions were not saved up to their last event");

    /// <summary>
    /// Every accepted IDENTIFY of one max_concurrency bucket (<c>shard_id % max_concurrency</c>) at least 5 s after the
    /// bucket's previous one (docs/events--gateway.mdx, "Max Concurrency"), read from the emulator's own record.
    /// </summary>
    public static void AssertIdentifyConcurrencyKept(FakeDiscordServer discord, int maxConcurrency)
    {
        Assert.All(discord.Gateway.Identifies, identify => Assert.True(identify.Accepted, $"IDENTIFY of shard {identify.ShardId} refused"));
        foreach (var bucket in discord.Gateway.Identifies.GroupBy(identify => identify.ShardId % maxConcurrency))
        {
            var times = bucket.Select(identify => identify.At).Order().ToList();
            for (var i = 1; i < times.Count; i++)
            {
                Assert.True(times[i] - times[i - 1] >= FakeGateway.IdentifySpacing, $"bucket {bucket.Key}: two IDENTIFYs {(times[i] - times[i - 1]).TotalMilliseconds:0} ms apart");
            }
        }
    }

    /// <summary>A gateway process over <paramref name="database"/> for <paramref name="shards"/> of 4 (see <see cref="BotBinary.StartShardsAsync"/>).</summary>
    internal static Task<BotBinary> StartGatewayAsync(FakeDiscordServer discord, TestDatabase database, string shards, int readies, int? resumes = null) =>
        BotBinary.StartShardsAsync(discord, "unused.db", shards, Patience, readies, resumes, OnPostgres(database));

    /// <summary>Starts an http-mode process over <paramref name="database"/> on a free loopback port; returns once it answers PING.</summary>
    private static async Task<HttpProcess> StartHttpAsync(FakeDiscordServer discord, TestDatabase database)
    {
        var (bot, endpoint) = await BotBinary.StartHttpAsync(discord, "unused.db", Patience, OnPostgres(database));
        return new HttpProcess(bot, endpoint);
    }

    private static Dictionary<string, string> OnPostgres(TestDatabase database) => new()
    {
        ["Storage__Provider"] = "postgres",
        ["Storage__ConnectionString"] = database.ConnectionString,
    };

    private sealed record HttpProcess(BotBinary Bot, Uri Endpoint) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Bot.DisposeAsync();
    }
}
