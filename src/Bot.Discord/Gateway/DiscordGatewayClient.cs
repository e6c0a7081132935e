using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Models;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Gateway;

/// <summary>Receives INTERACTION_CREATE; must return at once (the receive loop waits on it).</summary>
internal interface IInteractionSink
{
    void OnInteraction(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken);
}

/// <summary>Randomness the gateway uses, injectable so tests are deterministic.</summary>
internal sealed record GatewayRandomness(Func<double> NextDouble)
{
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);

    public static GatewayRandomness Shared { get; } = new(Random.Shared.NextDouble);

    /// <summary>Exponential backoff with jitter: about 1 s after the first failure, doubling up to 60 s.</summary>
    public TimeSpan Backoff(int failures)
    {
        var ceiling = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Max(failures - 1, 0)));
        return TimeSpan.FromSeconds(ceiling * (0.5 + (NextDouble() / 2)));
    }
}

/// <summary>
/// One shard's gateway session kept alive across reconnects: HELLO → IDENTIFY (or RESUME) → READY, heartbeats with
/// zombie detection, RECONNECT and INVALID_SESSION, close codes, exponential backoff. Each shard resumes on its own;
/// <see cref="ShardedGateway"/> runs one of these per shard. Every log line names the shard.
/// See docs/events--gateway.mdx and docs/topics--opcodes-and-status-codes.mdx.
/// </summary>
internal sealed class DiscordGatewayClient(
    GatewayShard shard,
    IGatewayTransportFactory transports,
    IInteractionSink interactions,
    DiscordConnectionState state,
    IdentifyLimiter identifies,
    DiscordOptions options,
    TimeProvider time,
    ILogger logger,
    GatewayRandomness? randomness = null,
    IGatewaySessionStore? sessionStore = null)
{
    /// <summary>A payload over 4096 bytes closes the connection with 4002 (docs/events--gateway.mdx, "Sending Events").</summary>
    public const int MaxPayloadBytes = 4096;

    private readonly GatewayRandomness random = randomness ?? GatewayRandomness.Shared;
    private readonly TimeProvider time = time;
    private readonly ILogger logger = logger;
    private readonly DiscordConnectionState state = state;
    private readonly ShardConnectionState session = state.Shard(shard);
    private readonly IInteractionSink interactions = interactions;
    private readonly IdentifyLimiter identifies = identifies;
    private readonly DiscordOptions options = options;
    private readonly GatewaySessionKeeper saved = new(shard, sessionStore ?? new InProcessGatewaySessions(), logger);
    private string? gatewayUrl;
    private string? resumeGatewayUrl;
    private int? sequence;
    private Snowflake applicationId;

    public GatewayShard Shard { get; } = shard;

    /// <summary>
    /// Connects to <paramref name="url"/> (from <c>GET /gateway/bot</c>) and keeps the shard's session until
    /// <paramref name="cancellationToken"/> is cancelled (then closes with 1000). Throws <see cref="DiscordGatewayException"/>
    /// on a close code that forbids retrying.
    /// </summary>
    public async Task RunAsync(string url, CancellationToken cancellationToken)
    {
        gatewayUrl = url;
        var next = await ResumeSavedSessionAsync(cancellationToken).ConfigureAwait(false);
        var failures = 0;
        while (true)
        {
            var end = await RunConnectionAsync(next, cancellationToken).ConfigureAwait(false);
            switch (end.Next)
            {
                case GatewayNext.Stopped:
                    session.Status = GatewayStatus.Stopped;
                    await saved.FlushAsync().ConfigureAwait(false);
                    return;
                case GatewayNext.Fatal:
                    session.Status = GatewayStatus.Failed;
                    throw new DiscordGatewayException(end.CloseCode, end.Reason!);
            }

            next = end.Next == GatewayNext.Resume && session.SessionId is not null ? GatewayNext.Resume : GatewayNext.Identify;
            failures = end.Handshook ? 0 : failures + 1;
            var delay = end.Delay ?? random.Backoff(failures);
            session.Status = GatewayStatus.Resuming;
            logger.LogInformation(
                "Shard {Shard}: Gateway connection ended ({CloseCode} {Reason}); {Next} in {DelayMs} ms",
                Shard, end.CloseCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no close code", end.Reason ?? "", next, (int)delay.TotalMilliseconds);
            try
            {
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                session.Status = GatewayStatus.Stopped;
                return;
            }
        }
    }

    /// <summary>
    /// A session an earlier process of this shard saved (<see cref="IGatewaySessionStore"/>): RESUME it, so the events
    /// Discord kept while no process held the shard are replayed and no IDENTIFY is spent. If it has expired meanwhile,
    /// Discord answers INVALID_SESSION and the shard identifies as usual.
    /// </summary>
    private async Task<GatewayNext> ResumeSavedSessionAsync(CancellationToken cancellationToken)
    {
        SavedGatewaySession? previous;
        try
        {
            previous = await saved.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return GatewayNext.Identify;
        }

        if (previous is null)
        {
            return GatewayNext.Identify;
        }

        session.SessionId = previous.SessionId;
        resumeGatewayUrl = previous.ResumeGatewayUrl;
        sequence = previous.Sequence;
        applicationId = previous.ApplicationId;
        saved.Keep(previous);
        logger.LogInformation("Shard {Shard}: Resuming the session an earlier process saved (sequence {Sequence})", Shard, previous.Sequence);
        return GatewayNext.Resume;
    }

    private static Uri WithQuery(string url) => new($"{url.TrimEnd('/')}/?v=10&encoding=json");

    private async Task<ConnectionEnd> RunConnectionAsync(GatewayNext mode, CancellationToken stoppingToken)
    {
        var url = mode == GatewayNext.Resume && resumeGatewayUrl is not null ? resumeGatewayUrl : gatewayUrl!;
        if (mode == GatewayNext.Identify)
        {
            try
            {
                // The shard's identify turn (max_concurrency, session start limit) is waited for before connecting.
                await identifies.WaitForTurnAsync(Shard, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return new ConnectionEnd(GatewayNext.Stopped);
            }
        }

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
            logger.LogWarning("Shard {Shard}: Could not connect to the gateway: {Reason}", Shard, exception.Message);
            return new ConnectionEnd(mode, Reason: "connect failed");
        }

        logger.LogInformation("Shard {Shard}: Gateway connected; {Mode}", Shard, mode == GatewayNext.Resume ? "resuming" : "identifying");
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
                    // With the session saved outside the process, a stop is most often a restart: closing with anything
                    // but 1000 keeps the session for the next process to resume (it expires in a few minutes otherwise).
                    if (client.saved.Persists && client.session.SessionId is not null)
                    {
                        await CloseAsync(GatewayCloseCodes.Reconnecting, "restarting").ConfigureAwait(false);
                    }
                    else
                    {
                        await CloseAsync(GatewayCloseCodes.Normal, "shutting down").ConfigureAwait(false);
                        client.ForgetSession();
                    }

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
                Logger.LogWarning("Shard {Shard}: Ignored an unreadable gateway payload: {Reason}", client.Shard, exception.Message);
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
                    Logger.LogInformation("Shard {Shard}: Discord asked for a reconnect (op 7)", client.Shard);
                    await CloseAsync(GatewayCloseCodes.Reconnecting, "reconnect requested").ConfigureAwait(false);
                    return new ConnectionEnd(GatewayNext.Resume, null, "op 7 RECONNECT", Handshook: true, Delay: TimeSpan.Zero);
                case GatewayOpcode.InvalidSession:
                    return await OnInvalidSessionAsync(payload.D.ValueKind == JsonValueKind.True).ConfigureAwait(false);
                case GatewayOpcode.Dispatch:
                    OnDispatch(payload.T, payload.D);
                    if (payload.S is { } dispatched)
                    {
                        client.saved.Advance(dispatched);
                    }

                    return null;
                default:
                    return null;
            }
        }

        private async Task<ConnectionEnd> OnInvalidSessionAsync(bool resumable)
        {
            if (resumable)
            {
                Logger.LogInformation("Shard {Shard}: Session invalidated (op 9), resumable", client.Shard);
                await CloseAsync(GatewayCloseCodes.Reconnecting, "invalid session, resuming").ConfigureAwait(false);
                return new ConnectionEnd(GatewayNext.Resume, null, "op 9 INVALID_SESSION (resumable)", Handshook: true, Delay: TimeSpan.Zero);
            }

            // docs/events--gateway.mdx, "Resuming": wait a random 1–5 seconds, then identify afresh.
            client.ForgetSession();
            var delay = TimeSpan.FromSeconds(1 + (4 * client.random.NextDouble()));
            Logger.LogInformation("Shard {Shard}: Session invalidated (op 9), not resumable; identifying again in {DelayMs} ms", client.Shard, (int)delay.TotalMilliseconds);
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
                    client.state.OnReady(client.session, ready.SessionId, ready.Application.Id);
                    client.saved.Keep(new SavedGatewaySession(ready.SessionId, ready.ResumeGatewayUrl, client.sequence ?? 0, ready.Application.Id));
                    handshook = true;
                    Logger.LogInformation("Shard {Shard}: Gateway READY as {User} (application {ApplicationId}, session {SessionId})", client.Shard, ready.User?.Username, ready.Application.Id, ready.SessionId);
                    break;
                case "RESUMED":
                    client.state.OnResumed(client.session);

                    // A session resumed from the store had no READY in this process: the application id came saved with it.
                    client.state.OnApplicationKnown(client.applicationId);
                    handshook = true;
                    Logger.LogInformation("Shard {Shard}: Gateway session resumed at sequence {Sequence}", client.Shard, client.sequence);
                    break;
                case "INTERACTION_CREATE":
                    client.interactions.OnInteraction(data, client.applicationId, stoppingToken);
                    break;
            }
        }

        private async Task SendIdentifyAsync()
        {
            // docs/events--gateway-events.mdx, "Identify": token, properties {os, browser, device}, intents, shard [id, count].
            var identify = new IdentifyData(
                client.options.Token,
                new IdentifyProperties(Environment.OSVersion.Platform.ToString().ToLowerInvariant(), "Bot.Discord", "Bot.Discord"),
                client.options.Intents,
                [client.Shard.Id, client.Shard.Count]);
            await client.identifies.WaitToSendAsync(client.Shard, lifetime.Token).ConfigureAwait(false);
            await SendAsync(GatewayOpcode.Identify, JsonSerializer.SerializeToElement(identify, DiscordJsonContext.Default.IdentifyData), heartbeat: false).ConfigureAwait(false);
        }

        private Task SendResumeAsync()
        {
            var resume = new ResumeData(client.options.Token, client.session.SessionId!, client.sequence);
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
                        Logger.LogWarning("Shard {Shard}: No heartbeat ACK since the last beat; reconnecting to resume", client.Shard);
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
                Logger.LogWarning("Shard {Shard}: Heartbeat failed: {Reason}", client.Shard, exception.Message);
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
                Logger.LogDebug("Shard {Shard}: Closing the gateway connection failed: {Reason}", client.Shard, exception.Message);
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
        saved.Forget();
        session.SessionId = null;
        sequence = null;
        resumeGatewayUrl = null;
    }
}
