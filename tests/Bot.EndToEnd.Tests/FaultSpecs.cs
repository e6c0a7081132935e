using Bot.EndToEnd.Tests.Support;
using Bot.Tests.Support;
using FakeDiscord;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// The real host against a misbehaving Discord: sockets dropped while events are in flight, heartbeats never
/// acknowledged, RECONNECT storms, INVALID_SESSION loops, a REST side that answers 429 (per route, global, shared)
/// and a knowledge file that cannot be read. Every question it can answer is answered inside Discord's 3 s, nothing
/// Discord would refuse is sent, and the log says why each reconnect happened.
/// </summary>
/// <remarks>
/// Runs alone: its specs read the bot's log, and Serilog sinks of hosts started in parallel in one process interfere.
/// </remarks>
[Collection(Alone)]
public sealed class FaultSpecs
{
    public const string Alone = "Fault specs read the bot's log";

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(3);

    private static readonly string[] Questions =
    [
        "How much are North Korea's weapons shipments to Russia worth?",
        "Why is Xi wary of Kim's embrace of Putin?",
        "How many North Korean troops went to Russia?",
        "What did Putin and Kim sign?",
    ];

    [Fact]
    public async Task A_connection_dropped_while_questions_are_dispatched_is_resumed_and_every_question_answered_once()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        using var log = new BotLog();
        await using var bot = await RunningBot.StartAsync(discord, settings: log.Settings);

        var asks = await Task.WhenAll(Questions.Select(question => discord.SendSlashCommandAsync("ask", CommandOption.String("question", question))));
        await discord.Gateway.DropConnectionAsync();
        await discord.Gateway.WaitForResumeAsync(Answers.Patience);
        var later = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[0]));

        await AssertAllAnsweredInTimeAsync([.. asks, later]);
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.Empty(discord.Violations);
        Assert.Contains("Gateway connection ended", log.Read(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withheld_heartbeat_acks_make_the_bot_resume_and_questions_sent_meanwhile_are_answered()
    {
        await using var discord = await FakeDiscordServer.StartAsync(new FakeDiscordOptions { HeartbeatIntervalMs = 400 });
        using var log = new BotLog();
        await using var bot = await RunningBot.StartAsync(discord, settings: log.Settings);
        await discord.Gateway.WaitForHeartbeatAsync(Answers.Patience);

        discord.Gateway.WithholdAcks = true;
        var during = await Task.WhenAll(Questions.Select(question => discord.SendSlashCommandAsync("ask", CommandOption.String("question", question))));
        await discord.Gateway.WaitForResumeAsync(Answers.Patience);
        discord.Gateway.WithholdAcks = false;

        await AssertAllAnsweredInTimeAsync(during);
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.Empty(discord.Violations);
        Assert.Contains("zombie", log.Read(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_storm_of_reconnect_requests_is_resumed_each_time_within_the_gateway_send_limit()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        using var log = new BotLog();
        await using var bot = await RunningBot.StartAsync(discord, settings: log.Settings);
        var asks = new List<InteractionHandle>();

        for (var storm = 1; storm <= 10; storm++)
        {
            asks.Add(await discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[storm % Questions.Length])));
            await discord.Gateway.SendReconnectAsync();
            await discord.Gateway.WaitForResumeAsync(Answers.Patience, count: storm);
        }

        await AssertAllAnsweredInTimeAsync(asks);
        Assert.Equal(1, discord.Gateway.IdentifyCount);
        Assert.Equal(10, discord.Gateway.ResumeCount);
        Assert.DoesNotContain(4008, discord.Gateway.ServerCloseCodes);
        Assert.Empty(discord.Violations);
        Assert.Equal(10, CountOf(log.Read(), "Discord asked for a reconnect (op 7)"));
    }

    [Fact]
    public async Task An_invalid_session_loop_is_met_with_fresh_identifies_after_the_documented_wait_and_questions_survive_it()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        using var log = new BotLog();
        await using var bot = await RunningBot.StartAsync(discord, settings: log.Settings);
        var asks = new List<InteractionHandle>();

        await discord.Gateway.SendInvalidSessionAsync(resumable: true);
        await discord.Gateway.WaitForResumeAsync(Answers.Patience);
        for (var loop = 2; loop <= 3; loop++)
        {
            var invalidated = DateTimeOffset.UtcNow;
            await discord.Gateway.SendInvalidSessionAsync(resumable: false);
            asks.Add(await discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[loop])));
            await discord.Gateway.WaitForReadyAsync(Answers.Patience, count: loop);
            Assert.True(DateTimeOffset.UtcNow - invalidated >= TimeSpan.FromSeconds(1), "identified again sooner than the 1–5 s the docs ask for");
        }

        await AssertAllAnsweredInTimeAsync(asks);
        Assert.Equal(3, discord.Gateway.IdentifyCount);
        Assert.Empty(discord.Violations);
        Assert.Equal(2, CountOf(log.Read(), "not resumable; identifying again in"));
    }

    [Fact]
    public async Task A_slow_rest_side_answering_429_is_waited_out_and_the_reply_still_lands_inside_three_seconds()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        discord.RateLimits.Script("POST /interactions/*/*/callback", count: 3, retryAfterSeconds: 0.5);

        var asks = await Task.WhenAll(Questions.Take(3).Select(question => discord.SendSlashCommandAsync("ask", CommandOption.String("question", question))));

        await AssertAllAnsweredInTimeAsync(asks);
        Assert.Equal(3, discord.RateLimits.Served429Count);
        Assert.All(asks, ask => Assert.True(ask.Callback!.Latency >= TimeSpan.FromSeconds(0.5), "answered before retry_after"));
        Assert.Empty(discord.Violations);
    }

    [Theory]
    [InlineData(RateLimitScope.Global)]
    [InlineData(RateLimitScope.Shared)]
    [InlineData(RateLimitScope.User)]
    public async Task A_storm_of_429s_is_waited_out_without_one_request_inside_a_retry_after(RateLimitScope scope)
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        discord.RateLimits.Script("POST /interactions/*/*/callback", count: 8, retryAfterSeconds: 0.3, scope);
        discord.RateLimits.Script("PATCH /webhooks/*/*/messages/@original", count: 8, retryAfterSeconds: 0.3, scope);

        var asks = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[i % Questions.Length]))));

        await AssertAllAnsweredInTimeAsync(asks);
        Assert.True(discord.RateLimits.Served429Count >= 8, $"only {discord.RateLimits.Served429Count} 429s served");
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task A_corrupt_knowledge_file_at_start_gets_a_private_clear_reply_and_a_logged_reason_not_a_crash()
    {
        var corrupt = Path.Combine(Path.GetTempPath(), $"bot-corrupt-{Guid.NewGuid():N}.json");
        var good = await File.ReadAllBytesAsync(RepositoryPaths.KnowledgeFile);
        await File.WriteAllBytesAsync(corrupt, good[..(good.Length / 2)]);
        await using var discord = await FakeDiscordServer.StartAsync();
        using var log = new BotLog();
        await using var bot = await RunningBot.StartAsync(discord, settings: [.. log.Settings, $"--Knowledge:Path={corrupt}"]);

        var ask = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[0]));
        var reply = await ask.WaitForOriginalAsync(Answers.Patience);
        var later = await discord.SendSlashCommandAsync("ask", CommandOption.String("question", Questions[1]));

        Assert.True(reply.IsEphemeral);
        Assert.Contains("knowledge is unavailable", reply.Text(), StringComparison.Ordinal);
        Assert.Contains("knowledge is unavailable", (await later.WaitForOriginalAsync(Answers.Patience)).Text(), StringComparison.Ordinal);
        Assert.Contains("rebuild it with", log.Read(), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
        File.Delete(corrupt);
    }

    private static async Task AssertAllAnsweredInTimeAsync(IReadOnlyList<InteractionHandle> asks)
    {
        foreach (var ask in asks)
        {
            var callback = await ask.WaitForCallbackAsync(Answers.Patience);
            var reply = await ask.WaitForOriginalAsync(Answers.Patience);
            Assert.True(callback.Latency < Deadline, $"interaction {ask.Id} acknowledged after {callback.Latency.TotalMilliseconds:0} ms");
            Assert.False(string.IsNullOrWhiteSpace(reply.Text()), $"interaction {ask.Id} got an empty reply");
        }
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}

/// <summary>Keeps <see cref="FaultSpecs"/> from running beside other hosts.</summary>
[CollectionDefinition(FaultSpecs.Alone, DisableParallelization = true)]
public sealed class FaultSpecsCollection;
