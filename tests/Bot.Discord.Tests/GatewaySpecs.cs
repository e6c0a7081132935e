using System.Net;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Gateway;
using Bot.Discord.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Discord.Tests;

/// <summary>Whole gateway conversations, scripted through the transport (docs/events--gateway.mdx).</summary>
public sealed class GatewaySpecs : IAsyncDisposable
{
    private readonly FakeTimeProvider time = Support.Discord.Time();
    private readonly ScriptedTransports transports = new();
    private readonly RecordingSink interactions = new();
    private readonly TestLogs logs = new();
    private readonly DiscordConnectionState state = new();
    private readonly CancellationTokenSource stop = new();
    private readonly ShardedGateway client;
    private Task? run;

    public GatewaySpecs()
    {
        var http = new FakeDiscordHttp(time)
        {
            Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.OK, """{"url":"wss://gateway.discord.test","shards":1,"session_start_limit":{"total":1000,"remaining":999,"reset_after":0,"max_concurrency":1}}"""),
        };
        client = new ShardedGateway(
            transports,
            Support.Discord.Rest(http, time, logs),
            interactions,
            state,
            Microsoft.Extensions.Options.Options.Create(Support.Discord.Options()),
            time,
            logs.Factory(),
            new GatewayRandomness(() => 0.25));
    }

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
    public async Task The_client_identifies_with_token_properties_and_intents_on_the_versioned_url()
    {
        var connection = await ConnectAsync();

        connection.Hello();
        var identify = (await connection.ExpectAsync(2)).GetProperty("d");

        Assert.Equal("wss://gateway.discord.test/?v=10&encoding=json", connection.Uri!.ToString());
        Assert.Equal(Support.Discord.Token, identify.GetProperty("token").GetString());
        Assert.Equal(0, identify.GetProperty("intents").GetInt32());
        var properties = identify.GetProperty("properties");
        Assert.False(string.IsNullOrEmpty(properties.GetProperty("os").GetString()));
        Assert.Equal("Bot.Discord", properties.GetProperty("browser").GetString());
        Assert.Equal("Bot.Discord", properties.GetProperty("device").GetString());
    }

    [Fact]
    public async Task The_client_keeps_the_session_from_READY()
    {
        var connection = await IdentifiedAsync();

        connection.Ready("abc");
        var application = await state.FirstReady.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(new Snowflake(775799577604522054), application);
        Assert.Equal("abc", state.Shards.Single().SessionId);
        Assert.Equal(GatewayStatus.Ready, state.Status);
    }

    [Fact]
    public async Task The_first_heartbeat_waits_a_jittered_part_of_the_interval_and_carries_null_before_any_event()
    {
        var connection = await IdentifiedAsync(interval: 40000);

        time.Advance(TimeSpan.FromMilliseconds(9999));
        var early = await connection.SentNothingAsync();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var beat = await connection.ExpectAsync(1);

        Assert.True(early, "the first heartbeat must wait interval * random (0.25 here = 10 s)");
        Assert.Equal(JsonValueKind.Null, beat.GetProperty("d").ValueKind);
    }

    [Fact]
    public async Task A_heartbeat_carries_the_last_sequence_number()
    {
        var connection = await IdentifiedAsync(interval: 40000);
        connection.Ready(seq: 1);
        connection.Send(0, """{"id":"1"}""", 5, "SOMETHING_ELSE");
        await state.FirstReady.WaitAsync(TimeSpan.FromSeconds(2));
        await Task.Delay(50);

        time.Advance(TimeSpan.FromSeconds(10));
        var beat = await connection.ExpectAsync(1);

        Assert.Equal(5, beat.GetProperty("d").GetInt32());
    }

    [Fact]
    public async Task The_client_beats_at_once_when_Discord_asks()
    {
        var connection = await IdentifiedAsync();

        connection.Send(1);
        var beat = await connection.ExpectAsync(1);

        Assert.Equal(JsonValueKind.Null, beat.GetProperty("d").ValueKind);
    }

    [Fact]
    public async Task A_zombie_connection_is_closed_without_1000_and_resumed_with_the_last_sequence()
    {
        var connection = await ReadyAsync(seq: 7);
        time.Advance(TimeSpan.FromSeconds(10));
        await connection.ExpectAsync(1);

        time.Advance(TimeSpan.FromSeconds(40)); // no ACK came
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        next.Hello();
        var resume = (await next.ExpectAsync(6)).GetProperty("d");

        Assert.NotNull(connection.ClientCloseCode);
        Assert.NotEqual(1000, connection.ClientCloseCode);
        Assert.NotEqual(1001, connection.ClientCloseCode);
        Assert.Equal("wss://resume.discord.test/?v=10&encoding=json", next.Uri!.ToString());
        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
        Assert.Equal(7, resume.GetProperty("seq").GetInt32());
        Assert.Equal(Support.Discord.Token, resume.GetProperty("token").GetString());
    }

    [Fact]
    public async Task An_acknowledged_heartbeat_keeps_the_connection()
    {
        var connection = await ReadyAsync();
        time.Advance(TimeSpan.FromSeconds(10));
        await connection.ExpectAsync(1);
        connection.Send(11);
        await Task.Delay(50);

        time.Advance(TimeSpan.FromSeconds(40));
        await connection.ExpectAsync(1);

        Assert.Null(connection.ClientCloseCode);
        Assert.Equal(1, transports.Created);
    }

    [Fact]
    public async Task RECONNECT_makes_the_client_resume_on_the_resume_url()
    {
        var connection = await ReadyAsync(seq: 3);

        connection.Send(7);
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        next.Hello();
        var resume = (await next.ExpectAsync(6)).GetProperty("d");
        next.Send(0, "{}", 4, "RESUMED");

        Assert.NotEqual(1000, connection.ClientCloseCode);
        Assert.StartsWith("wss://resume.discord.test", next.Uri!.ToString());
        Assert.Equal(3, resume.GetProperty("seq").GetInt32());
    }

    [Fact]
    public async Task A_resumable_INVALID_SESSION_resumes()
    {
        var connection = await ReadyAsync(seq: 2);

        connection.Send(9, "true");
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        next.Hello();
        var resume = (await next.ExpectAsync(6)).GetProperty("d");

        Assert.Equal("session-1", resume.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task A_non_resumable_INVALID_SESSION_waits_one_to_five_seconds_then_identifies_afresh()
    {
        var connection = await ReadyAsync(seq: 2);
        var invalidatedAt = time.GetUtcNow();

        connection.Send(9, "false");
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        var waited = time.GetUtcNow() - invalidatedAt;
        next.Hello();
        await next.ExpectAsync(2);

        Assert.InRange(waited, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5.5));
        Assert.Equal("wss://gateway.discord.test/?v=10&encoding=json", next.Uri!.ToString());
        Assert.Null(state.Shards.Single().SessionId);
    }

    [Theory]
    [InlineData(4007)]
    [InlineData(4009)]
    public async Task Close_codes_4007_and_4009_start_a_new_session(int code)
    {
        var connection = await ReadyAsync();

        connection.CloseFromServer(code);
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        next.Hello();
        await next.ExpectAsync(2);

        Assert.StartsWith("wss://gateway.discord.test", next.Uri!.ToString());
    }

    [Theory]
    [InlineData(4000)]
    [InlineData(4008)]
    [InlineData(null)]
    public async Task Other_closes_and_drops_resume(int? code)
    {
        var connection = await ReadyAsync(seq: 9);

        connection.CloseFromServer(code);
        var next = await transports.NextAsync(task => time.PumpAsync(task));
        next.Hello();
        var resume = (await next.ExpectAsync(6)).GetProperty("d");

        Assert.Equal(9, resume.GetProperty("seq").GetInt32());
    }

    [Theory]
    [InlineData(4004, "Discord:Token")]
    [InlineData(4010, "shard")]
    [InlineData(4011, "sharding")]
    [InlineData(4012, "version")]
    [InlineData(4013, "Discord:Intents")]
    [InlineData(4014, "privileged intents")]
    public async Task Fatal_close_codes_stop_the_client_with_a_clear_reason(int code, string hint)
    {
        var connection = await ReadyAsync();

        connection.CloseFromServer(code);
        var failure = await Assert.ThrowsAsync<DiscordGatewayException>(() => run!.WaitAsync(TimeSpan.FromSeconds(3)));

        Assert.Equal(code, failure.CloseCode);
        Assert.Contains($"close code {code}", failure.Message, StringComparison.Ordinal);
        Assert.Contains(hint, failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Support.Discord.Token, failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, transports.Created);
        Assert.Equal(failure.Message, state.FatalReason);
    }

    [Theory]
    [InlineData("""{"url":"https://gateway.discord.test","shards":1}""")]
    [InlineData("""{"url":"not a url","shards":1}""")]
    [InlineData("""{"shards":1}""")]
    public async Task A_gateway_answer_without_a_ws_or_wss_url_stops_the_start_before_any_connection(string answer)
    {
        var http = new FakeDiscordHttp(time) { Respond = _ => FakeDiscordHttp.Json(HttpStatusCode.OK, answer) };
        var gateway = new ShardedGateway(
            transports,
            Support.Discord.Rest(http, time, logs),
            interactions,
            state,
            Microsoft.Extensions.Options.Options.Create(Support.Discord.Options()),
            time,
            logs.Factory());

        var refused = await Assert.ThrowsAsync<Bot.Discord.Rest.DiscordApiException>(() => gateway.RunAsync(stop.Token).WaitAsync(TimeSpan.FromSeconds(5)));

        Assert.Equal("GET /gateway/bot", refused.Route);
        Assert.Contains("no ws:// or wss:// url", refused.Message, StringComparison.Ordinal);
        Assert.Equal(0, transports.Created);
    }

    [Fact]
    public async Task INTERACTION_CREATE_goes_to_the_interaction_sink_with_the_application_id()
    {
        var connection = await ReadyAsync();

        connection.Send(0, """{"id":"786008729715212338","type":2,"token":"t"}""", 2, "INTERACTION_CREATE");
        var (data, application) = await interactions.Received.Task.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal("786008729715212338", data.GetProperty("id").GetString());
        Assert.Equal(new Snowflake(775799577604522054), application);
    }

    [Fact]
    public async Task Shutting_down_closes_with_1000()
    {
        var connection = await ReadyAsync();

        await stop.CancelAsync();
        await run!.WaitAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(1000, connection.ClientCloseCode);
        Assert.Equal(GatewayStatus.Stopped, state.Status);
    }

    [Fact]
    public void Reconnect_backoff_starts_near_one_second_and_is_capped_at_a_minute()
    {
        var random = new GatewayRandomness(() => 0.25);

        Assert.Equal(TimeSpan.FromSeconds(0.625), random.Backoff(1));
        Assert.Equal(TimeSpan.FromSeconds(5), random.Backoff(4));
        Assert.Equal(TimeSpan.FromSeconds(37.5), random.Backoff(20));
    }

    private async Task<ScriptedConnection> ConnectAsync()
    {
        run = client.RunAsync(stop.Token);
        return await transports.NextAsync();
    }

    private async Task<ScriptedConnection> IdentifiedAsync(int interval = 40000)
    {
        var connection = await ConnectAsync();
        connection.Hello(interval);
        await connection.ExpectAsync(2);
        return connection;
    }

    private async Task<ScriptedConnection> ReadyAsync(int seq = 1)
    {
        var connection = await IdentifiedAsync();
        connection.Ready(seq: seq);
        await state.FirstReady.WaitAsync(TimeSpan.FromSeconds(2));
        return connection;
    }

    private sealed class RecordingSink : IInteractionSink
    {
        public TaskCompletionSource<(JsonElement, Snowflake)> Received { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnInteraction(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken) =>
            Received.TrySetResult((data, applicationId));
    }
}
