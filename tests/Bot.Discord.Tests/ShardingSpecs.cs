using System.Net;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Gateway;
using Bot.Discord.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

/// <summary>Several shards in one process, scripted through the transport (docs/events--gateway.mdx, "Sharding").</summary>
public sealed class ShardingSpecs : IAsyncDisposable
{
    private readonly FakeTimeProvider time = Support.Discord.Time();
    private readonly ScriptedTransports transports = new();
    private readonly TestLogs logs = new();
    private readonly DiscordConnectionState state = new();
    private readonly CancellationTokenSource stop = new();
    private Task? run;

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        if (run is not null)
        {
            await Task.WhenAny(run, Task.Delay(2000));
        }

        Assert.DoesNotContain(logs.Lines, line => line.Contains(Support.Discord.Token, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Each_shard_Discord_recommends_identifies_on_its_own_connection_with_its_id_and_count()
    {
        Start(recommended: 2, maxConcurrency: 2);

        var shards = await IdentifiesAsync(2);

        Assert.Equal([[0, 2], [1, 2]], shards.Select(s => s.Shard).OrderBy(s => s[0]).ToList());
        Assert.Equal(2, transports.Created);
        Assert.Contains(logs.Lines, line => line.Contains("Running shards 0,1 of 2 (max_concurrency 2)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Discord_Shards_picks_which_shards_this_process_runs_out_of_Discord_ShardCount()
    {
        Start(recommended: 1, maxConcurrency: 4, shardCount: 4, shards: "1,3");

        var shards = await IdentifiesAsync(2);

        Assert.Equal([[1, 4], [3, 4]], shards.Select(s => s.Shard).OrderBy(s => s[0]).ToList());
        Assert.True(await transports.NoneWithinAsync(TimeSpan.FromMilliseconds(100)), "only two shards run here");
    }

    [Fact]
    public async Task Shards_of_one_identify_bucket_identify_five_seconds_apart_and_other_buckets_at_once()
    {
        Start(recommended: 4, maxConcurrency: 2);

        var first = await IdentifiesAsync(2);
        var startedAt = time.GetUtcNow();
        var second = await IdentifiesAsync(2, pump: true);
        var waited = time.GetUtcNow() - startedAt;

        Assert.Equal([[0, 4], [1, 4]], first.Select(s => s.Shard).OrderBy(s => s[0]).ToList());
        Assert.Equal([[2, 4], [3, 4]], second.Select(s => s.Shard).OrderBy(s => s[0]).ToList());
        Assert.InRange(waited, TimeSpan.FromSeconds(4.9), TimeSpan.FromSeconds(5.5));
    }

    [Fact]
    public async Task No_shard_identifies_while_no_session_starts_remain_until_reset_after()
    {
        Start(recommended: 1, maxConcurrency: 1, remaining: 0, resetAfterMs: 30_000);

        var connecting = transports.NextAsync(task => time.PumpAsync(task, TimeSpan.FromSeconds(1)));
        var connection = await connecting;

        Assert.True(time.GetUtcNow() - Support.Discord.Time().GetUtcNow() >= TimeSpan.FromSeconds(30), "identified before the session start limit reset");
        connection.Hello();
        Assert.Equal(2, (await connection.ExpectAsync(2)).GetProperty("op").GetInt32());
    }

    [Fact]
    public async Task A_shard_resumes_its_own_session_while_the_other_shard_keeps_its_connection()
    {
        Start(recommended: 2, maxConcurrency: 2);
        var shards = await IdentifiesAsync(2);
        foreach (var (connection, shard) in shards)
        {
            connection.Ready(session: $"session-{shard[0]}", seq: 1);
        }

        await state.FirstReady.WaitAsync(TimeSpan.FromSeconds(2));
        await WaitUntilAsync(() => state.Status == GatewayStatus.Ready);
        var one = shards.Single(s => s.Shard[0] == 1).Connection;

        one.Send(7);
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        next.Hello();
        var resume = (await next.ExpectAsync(6)).GetProperty("d");

        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
        Assert.Null(shards.Single(s => s.Shard[0] == 0).Connection.ClientCloseCode);
        Assert.Equal(["session-0", "session-1"], state.Shards.Select(s => s.SessionId).ToList());
        Assert.Contains(logs.Lines, line => line.Contains("Shard 1/2: Discord asked for a reconnect (op 7)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(4010, "close code 4010")]
    [InlineData(4011, "close code 4011")]
    public async Task A_shard_closed_with_a_sharding_close_code_stops_every_shard_with_one_clear_reason(int code, string expected)
    {
        Start(recommended: 2, maxConcurrency: 2);
        var shards = await IdentifiesAsync(2);

        shards[0].Connection.CloseFromServer(code);
        var failure = await Assert.ThrowsAsync<DiscordGatewayException>(() => run!.WaitAsync(TimeSpan.FromSeconds(3)));

        Assert.Contains(expected, failure.Message, StringComparison.Ordinal);
        Assert.Equal(1000, shards[1].Connection.ClientCloseCode);
        Assert.Equal(GatewayStatus.Failed, state.Status);
        Assert.Equal(failure.Message, state.FatalReason);
    }

    [Fact]
    public async Task A_shard_beyond_the_recommended_count_stops_the_client_with_a_configuration_line()
    {
        Start(recommended: 4, maxConcurrency: 1, shards: "2-5");

        var failure = await Assert.ThrowsAsync<DiscordGatewayException>(() => run!.WaitAsync(TimeSpan.FromSeconds(3)));

        Assert.Equal(
            "Configuration is not valid: Discord:Shards names shard 5, but there are 4 shards (ids 0 to 3). (the count Discord recommends; set Discord:ShardCount to choose another)",
            failure.Message);
        Assert.Equal(0, transports.Created);
    }

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData(null, "0-3", null, null)]
    [InlineData("4", "0-3", null, null)]
    [InlineData("0", null, null, "Discord:ShardCount must be between 1 and 65536 when set (it is 0).")]
    [InlineData("4", "0-4", null, "Discord:Shards names shard 4, but there are 4 shards (ids 0 to 3).")]
    [InlineData("4", "3-1", null, "Discord:Shards has the range 3-1, which runs backwards; write 1-3.")]
    [InlineData("4", "one", null, "Discord:Shards must be shard ids and ranges such as 0-3 or 0,2 (\"one\" is neither).")]
    [InlineData("4", "0--2", null, "Discord:Shards must be shard ids and ranges such as 0-3 or 0,2 (\"0--2\" is neither).")]
    [InlineData(null, null, "pigeon", "Discord:Mode must be gateway or http (it is \"pigeon\").")]
    public void Shard_and_mode_settings_are_checked_at_start(string? count, string? shards, string? mode, string? problem)
    {
        var options = Support.Discord.Options() with
        {
            ShardCount = count is null ? null : int.Parse(count, System.Globalization.CultureInfo.InvariantCulture),
            Shards = shards,
            Mode = mode ?? "gateway",
        };

        var problems = Problems(options);

        if (problem is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Equal([problem], problems);
        }
    }

    [Fact]
    public void Http_mode_needs_the_public_key_and_an_http_url()
    {
        var options = Support.Discord.Options() with { Mode = "HTTP", PublicKey = "not-a-key", Http = new DiscordHttpOptions { Url = "https://bot.example/interactions" } };

        var problems = Problems(options);

        Assert.True(options.IsHttpMode);
        Assert.Contains(problems, p => p.StartsWith("Discord:PublicKey must be the application's public key (64 hex digits", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Discord:Http:Url must be an http URL such as http://0.0.0.0:8080/interactions", StringComparison.Ordinal));
    }

    [Fact]
    public void A_guild_goes_to_shard_guild_id_shifted_22_bits_modulo_the_count_and_a_DM_to_shard_0()
    {
        Assert.Equal((int)((290_926_798_626_357_999UL >> 22) % 4), GatewayShard.For(new Snowflake(290_926_798_626_357_999), 4));
        Assert.Equal(0, GatewayShard.For(null, 4));
        Assert.Equal(1, new GatewayShard(17, 32).RateLimitKey(16));
    }

    private static List<string> Problems(DiscordOptions options) =>
        [.. options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).Select(result => result.ErrorMessage!)];

    private void Start(int recommended, int maxConcurrency, int? shardCount = null, string? shards = null, int remaining = 999, int resetAfterMs = 0)
    {
        var http = new FakeDiscordHttp(time)
        {
            Respond = _ => FakeDiscordHttp.Json(
                HttpStatusCode.OK,
                $$$"""{"url":"wss://gateway.discord.test","shards":{{{recommended}}},"session_start_limit":{"total":1000,"remaining":{{{remaining}}},"reset_after":{{{resetAfterMs}}},"max_concurrency":{{{maxConcurrency}}}}}"""),
        };
        var gateway = new ShardedGateway(
            transports,
            Support.Discord.Rest(http, time, logs),
            new NoInteractions(),
            state,
            Microsoft.Extensions.Options.Options.Create(Support.Discord.Options() with { ShardCount = shardCount, Shards = shards }),
            time,
            logs.Factory(),
            new GatewayRandomness(() => 0.25));
        run = gateway.RunAsync(stop.Token);
    }

    /// <summary>The next <paramref name="count"/> connections, each greeted and identified; fake time moves on only with <paramref name="pump"/>.</summary>
    private async Task<List<(ScriptedConnection Connection, int[] Shard)>> IdentifiesAsync(int count, bool pump = false)
    {
        var identified = new List<(ScriptedConnection, int[])>();
        for (var i = 0; i < count; i++)
        {
            var connection = pump ? await transports.NextAsync(task => time.PumpAsync(task)) : await transports.NextAsync();
            connection.Hello();
            var identify = (await connection.ExpectAsync(2)).GetProperty("d");
            identified.Add((connection, [.. identify.GetProperty("shard").EnumerateArray().Select(e => e.GetInt32())]));
        }

        return identified;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }
    }

    private sealed class NoInteractions : IInteractionSink
    {
        public void OnInteraction(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken)
        {
        }
    }
}
