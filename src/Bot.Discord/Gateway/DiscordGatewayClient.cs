using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Bot.Discord.Abstractions;
using Bot.Discord.Hosting;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Gateway;

/// <summary>Receives INTERACTION_CREATE; must return at once (the receive loop waits on it).</summary>
internal interface IInteractionSink
{
    void OnInteraction(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken);
}

/// <summary>Randomness the gateway uses, injectable so tests are deterministic.</summary>
internal sealed record GatewayRandomness(Func<double> NextDouble)
{
    public static GatewayRandomness Shared { get; } = new(Random.Shared.NextDouble);
}

/// <summary>
/// One gateway session kept alive across reconnects: HELLO → IDENTIFY (or RESUME) → READY, heartbeats with
/// zombie detection, RECONNECT and INVALID_SESSION, close codes, exponential backoff.
/// See docs/events--gateway.mdx and docs/topics--opcodes-and-status-codes.mdx.
/// </summary>
internal sealed class DiscordGatewayClient(
    IGatewayTransportFactory transports,
    DiscordRestClient rest,
    IInteractionSink interactions,
    DiscordConnectionState state,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordGatewayClient> logger,
    GatewayRandomness? randomness = null)
{
    /// <summary>A payload over 4096 bytes closes the connection with 4002 (docs/events--gateway.mdx, "Sending Events").</summary>
    public const int MaxPayloadBytes = 4096;

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    private readonly GatewayRandomness random = randomness ?? GatewayRandomness.Shared;
    private readonly TimeProvider time = time;
    private readonly ILogger logger = logger;
    private readonly DiscordConnectionState state = state;
    private readonly IInteractionSink interactions = interactions;
    private readonly DiscordOptions options = options.Value;
    private string? gatewayUrl;
    private string? resumeGatewayUrl;
    private int? sequence;
    private Snowflake applicationId;

    /// <summary>
    /// Connects and keeps the session until <paramref name="cancellationToken"/> is cancelled (then closes
    /// with 1000). Throws <see cref="DiscordGatewayException"/> on a close code that forbids retrying, and
    /// <see cref="DiscordApiException"/> when <c>GET /gateway/bot</c> fails for good at start.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        state.Status = GatewayStatus.Connecting;
        var gateway = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        if (!Uri.TryCreate(gateway.Url, UriKind.Absolute, out var url) || (url.Scheme != "wss" && url.Scheme != "ws"))
        {
            throw new DiscordApiException("GET /gateway/bot", System.Net.HttpStatusCode.OK, null, "the answer names no ws:// or wss:// url to connect to", []);
        }

        gatewayUrl = gateway.Url;
        if (gateway.SessionStartLimit is { Remaining: 0 } limit)
        {
            // docs/events--gateway.mdx, "Session Start Limit": no IDENTIFY is accepted until the reset.
            logger.LogWarning("No session starts left today; waiting {ResetAfterMs} ms before identifying", limit.ResetAfter);
            await Task.Delay(TimeSpan.FromMilliseconds(limit.ResetAfter), time, cancellationToken).ConfigureAwait(false);
        }

        var next = GatewayNext.Identify;
        var failures = 0;
        while (true)
        {
            var end = await RunConnectionAsync(next, cancellationToken).ConfigureAwait(false);
            switch (end.Next)
            {
                case GatewayNext.Stopped:
                    state.OnStopped();
                    return;
                case GatewayNext.Fatal:
                    state.OnFatal(end.Reason!);
                    throw new DiscordGatewayException(end.CloseCode, end.Reason!);
            }

            next = end.Next == GatewayNext.Resume && state.SessionId is not null ? GatewayNext.Resume : GatewayNext.Identify;
            failures = end.Handshook ? 0 : failures + 1;
            var delay = end.Delay ?? Backoff(failures);
            state.Status = GatewayStatus.Resuming;
            logger.LogInformation(
                "Gateway connection ended ({CloseCode} {Reason}); {Next} in {DelayMs} ms",
                end.CloseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no close code", end.Reason ?? "", next, (int)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                state.OnStopped();
                return;
            }
        }
    }

    /// <summary>Exponential backoff with jitter: about 1 s after the first failure, doubling up to 60 s.</summary>
    internal TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Max(failures - 1, 0)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (random.NextDouble() / 2)));
    }

    private static Uri WithQuery(string url) => new($"{url.TrimEnd('/')}/?v=10&encoding=json");

    private async Task<ConnectionEnd> RunConnectionAsync(GatewayNext mode, CancellationToken stoppingToken)
    {
        var url = mode == GatewayNext.Resume && resumeGatewayUrl is not null ? resumeGatewayUrl : gatewayUrl!;
        await using var transport = transports.Create();
        try
        {
            await transport.ConnectAsync(WithQuery(url), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return new ConnectionEnd(GatewayNext.Stopped);
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not connect to the gateway: {Reason}", exception.Message);
            return new ConnectionEnd(mode, Reason: "connect failed");
        }

        logger.LogInformation("Gateway connected; {Mode}", mode == GatewayNext.Resume ? "resuming" : "identifying");
        await using var connection = new Connection(this, transport, mode, stoppingToken);
        return await connection.RunAsync().ConfigureAwait(false);
    }

    private sealed record ConnectionEnd(GatewayNext Next, int? CloseCode = null, string? Reason = null, bool Handshook = false, TimeSpan? Delay = null);

    /// <summary>One websocket connection: its receive loop, heartbeat timer and send limit.</summary>
    private sealed class Connection(DiscordGatewayClient client, IGatewayTransport transport, GatewayNext mode, CancellationToken stoppingToken) : IAsyncDisposable
    {
        private readonly CancellationTokenSource lifetime = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        private readonly SemaphoreSlim sendGate = new(1, 1);
        private readonly GatewaySendLimiter limiter = new(client.time);
        private readonly Channel<bool> beats = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
        private ITimer? heartbeatTimer;
        private Task heartbeatLoop = Task.CompletedTask;
        private volatile bool acknowledged = true;
        private volatile bool zombie;
        private bool handshook;

        private ILogger Logger => client.logger;

        public async Task<ConnectionEnd> RunAsync()
        {
            while (true)
            {
                GatewayFrame frame;
                try
                {
                    frame = await transport.ReceiveAsync(lifetime.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    await CloseAsync(GatewayCloseCodes.Normal, "shutting down").ConfigureAwait(false);
                    return new ConnectionEnd(GatewayNext.Stopped);
                }
                catch (OperationCanceledException) when (zombie)
                {
                    return new ConnectionEnd(GatewayNext.Resume, GatewayCloseCodes.Reconnecting, "no heartbeat ACK (zombie connection)", handshook);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    return new ConnectionEnd(GatewayNext.Resume, null, exception.Message, handshook);
                }

                if (frame is GatewayCloseFrame close)
                {
                    if (zombie)
                    {
                        return new ConnectionEnd(GatewayNext.Resume, GatewayCloseCodes.Reconnecting, "no heartbeat ACK (zombie connection)", handshook);
                    }

                    var (next, fatalReason) = GatewayCloseCodes.Classify(close.Code);
                    if (next == GatewayNext.Identify)
                    {
                        client.ForgetSession();
                    }

                    return new ConnectionEnd(next, close.Code, fatalReason ?? close.Reason, handshook);
                }

                var end = await HandleAsync(((GatewayTextFrame)frame).Text).ConfigureAwait(false);
                if (end is not null)
                {
                    return end;
                }
            }
        }

        private async Task<ConnectionEnd?> HandleAsync(string text)
        {
            GatewayPayload payload;
            try
            {
                payload = JsonSerializer.Deserialize(text, DiscordJsonContext.Default.GatewayPayload)!;
            }
            catch (JsonException exception)
            {
                Logger.LogWarning("Ignored an unreadable gateway payload: {Reason}", exception.Message);
                return null;
            }

            if (payload.S is { } s)
            {
                client.sequence = s;
            }

            switch ((GatewayOpcode)payload.Op)
            {
                case GatewayOpcode.Hello:
                    var hello = payload.D.Deserialize(DiscordJsonContext.Default.HelloData)!;
                    StartHeartbeats(TimeSpan.FromMilliseconds(hello.HeartbeatInterval));
                    await (mode == GatewayNext.Resume ? SendResumeAsync() : SendIdentifyAsync()).ConfigureAwait(false);
                    return null;
                case GatewayOpcode.HeartbeatAck:
                    acknowledged = true;
                    return null;
                case GatewayOpcode.Heartbeat:
                    // docs/events--gateway.mdx: when Discord asks for a heartbeat, send one at once.
                    await SendHeartbeatAsync().ConfigureAwait(false);
                    return null;
                case GatewayOpcode.Reconnect:
                    Logger.LogInformation("Discord asked for a reconnect (op 7)");
                    await CloseAsync(GatewayCloseCodes.Reconnecting, "reconnect requested").ConfigureAwait(false);
                    return new ConnectionEnd(GatewayNext.Resume, null, "op 7 RECONNECT", Handshook: true, Delay: TimeSpan.Zero);
                case GatewayOpcode.InvalidSession:
                    return await OnInvalidSessionAsync(payload.D.ValueKind == JsonValueKind.True).ConfigureAwait(false);
                case GatewayOpcode.Dispatch:
                    OnDispatch(payload.T, payload.D);
                    return null;
                default:
                    return null;
            }
        }

        private async Task<ConnectionEnd> OnInvalidSessionAsync(bool resumable)
        {
            if (resumable)
            {
                Logger.LogInformation("Session invalidated (op 9), resumable");
                await CloseAsync(GatewayCloseCodes.Reconnecting, "invalid session, resuming").ConfigureAwait(false);
                return new ConnectionEnd(GatewayNext.Resume, null, "op 9 INVALID_SESSION (resumable)", Handshook: true, Delay: TimeSpan.Zero);
            }

            // docs/events--gateway.mdx, "Resuming": wait a random 1–5 seconds, then identify afresh.
            client.ForgetSession();
            var delay = TimeSpan.FromSeconds(1 + (4 * client.random.NextDouble()));
            Logger.LogInformation("Session invalidated (op 9), not resumable; identifying again in {DelayMs} ms", (int)delay.TotalMilliseconds);
            await CloseAsync(GatewayCloseCodes.Normal, "invalid session").ConfigureAwait(false);
            return new ConnectionEnd(GatewayNext.Identify, null, "op 9 INVALID_SESSION", Handshook: true, Delay: delay);
        }

        private void OnDispatch(string? name, JsonElement data)
        {
            switch (name)
            {
                case "READY":
                    var ready = data.Deserialize(DiscordJsonContext.Default.ReadyData)!;
                    client.resumeGatewayUrl = ready.ResumeGatewayUrl;
                    client.applicationId = ready.Application.Id;
                    client.state.OnReady(ready.SessionId, ready.Application.Id);
                    handshook = true;
                    Logger.LogInformation("Gateway READY as {User} (application {ApplicationId}, session {SessionId})", ready.User?.Username, ready.Application.Id, ready.SessionId);
                    break;
                case "RESUMED":
                    client.state.OnResumed();
                    handshook = true;
                    Logger.LogInformation("Gateway session resumed at sequence {Sequence}", client.sequence);
                    break;
                case "INTERACTION_CREATE":
                    client.interactions.OnInteraction(data, client.applicationId, stoppingToken);
                    break;
            }
        }

        private Task SendIdentifyAsync()
        {
            // docs/events--gateway-events.mdx, "Identify": token, properties {os, browser, device}, intents.
            var identify = new IdentifyData(
                client.options.Token,
                new IdentifyProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "Bot.Discord", "Bot.Discord"),
                client.options.Intents);
            return SendAsync(GatewayOpcode.Identify, JsonSerializer.SerializeToElement(identify, DiscordJsonContext.Default.IdentifyData), heartbeat: false);
        }

        private Task SendResumeAsync()
        {
            var resume = new ResumeData(client.options.Token, client.state.SessionId!, client.sequence);
            return SendAsync(GatewayOpcode.Resume, JsonSerializer.SerializeToElement(resume, DiscordJsonContext.Default.ResumeData), heartbeat: false);
        }

        private Task SendHeartbeatAsync() =>
            SendAsync(GatewayOpcode.Heartbeat, JsonSerializer.SerializeToElement(client.sequence, DiscordJsonContext.Default.NullableInt32), heartbeat: true);

        /// <summary>
        /// One timer per connection: the first beat after <c>interval * random(0..1)</c> so reconnecting clients
        /// do not beat in step, then every interval (docs/events--gateway.mdx, "Sending Heartbeats").
        /// </summary>
        private void StartHeartbeats(TimeSpan interval)
        {
            heartbeatTimer?.Dispose();
            var first = interval * client.random.NextDouble();
            heartbeatTimer = client.time.CreateTimer(_ => beats.Writer.TryWrite(true), null, first, interval);
            heartbeatLoop = BeatAsync();
        }

        private async Task BeatAsync()
        {
            try
            {
                while (await beats.Reader.WaitToReadAsync(lifetime.Token).ConfigureAwait(false))
                {
                    beats.Reader.TryRead(out _);
                    if (!acknowledged)
                    {
                        // No ACK since the last beat: the connection is a zombie. Close it with a code that
                        // keeps the session, then resume (docs/events--gateway.mdx, "Heartbeat Interval").
                        Logger.LogWarning("No heartbeat ACK since the last beat; reconnecting to resume");
                        zombie = true;
                        await CloseAsync(GatewayCloseCodes.Reconnecting, "zombie connection").ConfigureAwait(false);
                        await lifetime.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    acknowledged = false;
                    await SendHeartbeatAsync().ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                // The connection ended.
            }
            catch (Exception exception)
            {
                Logger.LogWarning("Heartbeat failed: {Reason}", exception.Message);
            }
        }

        private async Task SendAsync(GatewayOpcode op, JsonElement data, bool heartbeat)
        {
            var text = JsonSerializer.Serialize(new GatewaySendPayload((int)op, data), DiscordJsonContext.Default.GatewaySendPayload);
            if (Encoding.UTF8.GetByteCount(text) > MaxPayloadBytes)
            {
                throw new InvalidOperationException($"Gateway payload for {op} is over {MaxPayloadBytes} bytes; Discord would close the connection (4002).");
            }

            await limiter.WaitAsync(heartbeat, lifetime.Token).ConfigureAwait(false);
            await sendGate.WaitAsync(lifetime.Token).ConfigureAwait(false);
            try
            {
                await transport.SendAsync(text, lifetime.Token).ConfigureAwait(false);
            }
            finally
            {
                sendGate.Release();
            }
        }

        private async Task CloseAsync(int code, string reason)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await transport.CloseAsync(code, reason, timeout.Token).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Logger.LogDebug("Closing the gateway connection failed: {Reason}", exception.Message);
            }
        }

        public async ValueTask DisposeAsync()
        {
            heartbeatTimer?.Dispose();
            beats.Writer.TryComplete();
            await lifetime.CancelAsync().ConfigureAwait(false);
            await heartbeatLoop.ConfigureAwait(false);
            lifetime.Dispose();
        }
    }

    private void ForgetSession()
    {
        state.SessionId = null;
        sequence = null;
        resumeGatewayUrl = null;
    }
}
