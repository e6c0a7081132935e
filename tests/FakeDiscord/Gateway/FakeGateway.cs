using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>
/// The gateway side of the emulator: sessions, sequence numbers, replay on RESUME, and the controls a test uses to
/// misbehave like Discord sometimes does (op 7, op 9, close codes, dropped sockets). docs/events--gateway.mdx.
/// </summary>
public sealed class FakeGateway
{
    /// <summary>Every intent bit that exists (docs/events--gateway.mdx, "List of Intents").</summary>
    private const long KnownIntents = (1L << 17) - 1 | 1L << 20 | 1L << 21 | 1L << 24 | 1L << 25;

    /// <summary>GUILD_MEMBERS, GUILD_PRESENCES and MESSAGE_CONTENT need enabling in the developer portal.</summary>
    private const long PrivilegedIntents = 1L << 1 | 1L << 8 | 1L << 15;

    /// <summary>"max_concurrency: Number of identify requests allowed per 5 seconds" (docs/events--gateway.mdx).</summary>
    public static readonly TimeSpan IdentifySpacing = TimeSpan.FromSeconds(5);

    /// <summary>Close codes after which a session cannot be resumed (docs/topics--opcodes-and-status-codes.mdx).</summary>
    private static readonly HashSet<int> s_sessionEndingCloseCodes = [4004, 4007, 4009, 4010, 4011, 4012, 4013, 4014];

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, GatewaySession> _sessions = new(StringComparer.Ordinal);
    private readonly List<GatewayConnection> _connections = [];
    private readonly List<(string Name, JsonObject Data, DispatchHooks? OnSent)> _waitingForSession = [];

    /// <summary>The live (or last) session of each shard id; <see cref="_session"/> is the newest of them.</summary>
    private readonly Dictionary<int, GatewaySession> _sessionsByShard = [];

    /// <summary>When each max_concurrency bucket last accepted a sharded IDENTIFY, and for which shard.</summary>
    private readonly Dictionary<int, (DateTimeOffset At, int Shard)> _lastIdentifyByBucket = [];
    private readonly List<IdentifyRecord> _identifyLog = [];
    private readonly List<TimeSpan> _lateHeartbeats = [];
    private readonly List<int> _clientCloseCodes = [];
    private readonly List<int> _serverCloseCodes = [];
    private readonly CountSignal _identifies = new("IDENTIFY");
    private readonly CountSignal _readies = new("READY");
    private readonly CountSignal _resumes = new("RESUMED");
    private readonly CountSignal _heartbeats = new("heartbeat");
    private readonly CountSignal _connectionsOpened = new("connection");
    private readonly Func<string> _resumeUrl;
    private GatewaySession? _session;
    private int _openConnections;
    private JsonObject? _lastIdentify;

    internal FakeGateway(FakeDiscordOptions options, ViolationLog violations, Func<string> resumeUrl)
    {
        Options = options;
        Violations = violations;
        _resumeUrl = resumeUrl;
    }

    /// <summary>Stop answering heartbeats with op 11, so the bot should see a zombie connection and reconnect.</summary>
    public bool WithholdAcks { get; set; }

    public int IdentifyCount => _identifies.Count;

    public int ReadyCount => _readies.Count;

    /// <summary>Successful resumes (RESUMED sent).</summary>
    public int ResumeCount => _resumes.Count;

    public int HeartbeatCount => _heartbeats.Count;

    /// <summary>WebSocket connections open right now.</summary>
    public int ConnectionCount => Volatile.Read(ref _openConnections);

    /// <summary>WebSocket connections accepted since start.</summary>
    public int TotalConnections => _connectionsOpened.Count;

    public string? SessionId => _session?.Id;

    /// <summary>Every IDENTIFY that passed the token, intents and shard checks, in order: its shard, when, and whether it got READY.</summary>
    public IReadOnlyList<IdentifyRecord> Identifies
    {
        get
        {
            lock (_gate)
            {
                return [.. _identifyLog];
            }
        }
    }

    /// <summary>The shard Discord sends <paramref name="guildId"/>'s events to among <paramref name="count"/> shards; 0 without a guild.</summary>
    public static int ShardFor(ulong? guildId, int count) => guildId is { } id ? (int)((id >> 22) % (ulong)Math.Max(count, 1)) : 0;

    /// <summary>The current session of shard <paramref name="shardId"/>, if it has one that is not invalidated.</summary>
    public string? SessionIdOf(int shardId)
    {
        lock (_gate)
        {
            return _sessionsByShard.TryGetValue(shardId, out var session) && !session.Invalidated ? session.Id : null;
        }
    }

    /// <summary>The sequence number of the last dispatch to shard <paramref name="shardId"/>'s current session; 0 when it has none.</summary>
    public int SequenceOf(int shardId)
    {
        GatewaySession? session;
        lock (_gate)
        {
            session = _sessionsByShard.TryGetValue(shardId, out var found) && !found.Invalidated ? found : null;
        }

        if (session is null)
        {
            return 0;
        }

        lock (session.Gate)
        {
            return session.Sequence;
        }
    }

    /// <summary>Shard ids whose session has an open connection right now.</summary>
    public IReadOnlyList<int> ConnectedShards
    {
        get
        {
            lock (_gate)
            {
                return [.. _sessionsByShard.Values.Where(s => !s.Invalidated && s.Connection is { IsOpen: true }).Select(s => s.ShardId).Order()];
            }
        }
    }

    /// <summary>The last IDENTIFY <c>d</c>, token redacted.</summary>
    public JsonObject? LastIdentify
    {
        get
        {
            lock (_gate)
            {
                return _lastIdentify?.DeepClone().AsObject();
            }
        }
    }

    /// <summary>How late each overdue heartbeat was, beyond the interval plus timer slack.</summary>
    public IReadOnlyList<TimeSpan> LateHeartbeats
    {
        get
        {
            lock (_gate)
            {
                return [.. _lateHeartbeats];
            }
        }
    }

    /// <summary>Close codes the bot sent when it closed a connection.</summary>
    public IReadOnlyList<int> ClientCloseCodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _clientCloseCodes];
            }
        }
    }

    /// <summary>Close codes the emulator sent.</summary>
    public IReadOnlyList<int> ServerCloseCodes
    {
        get
        {
            lock (_gate)
            {
                return [.. _serverCloseCodes];
            }
        }
    }

    internal FakeDiscordOptions Options { get; }

    internal ViolationLog Violations { get; }

    public Task WaitForIdentifyAsync(TimeSpan? timeout = null, int count = 1, CancellationToken cancellationToken = default) =>
        _identifies.WaitAsync(count, timeout ?? TimeSpan.FromSeconds(10), cancellationToken);

    public Task WaitForReadyAsync(TimeSpan? timeout = null, int count = 1, CancellationToken cancellationToken = default) =>
        _readies.WaitAsync(count, timeout ?? TimeSpan.FromSeconds(10), cancellationToken);

    public Task WaitForResumeAsync(TimeSpan? timeout = null, int count = 1, CancellationToken cancellationToken = default) =>
        _resumes.WaitAsync(count, timeout ?? TimeSpan.FromSeconds(10), cancellationToken);

    public Task WaitForHeartbeatAsync(TimeSpan? timeout = null, int count = 1, CancellationToken cancellationToken = default) =>
        _heartbeats.WaitAsync(count, timeout ?? TimeSpan.FromSeconds(10), cancellationToken);

    public Task WaitForConnectionAsync(TimeSpan? timeout = null, int count = 1, CancellationToken cancellationToken = default) =>
        _connectionsOpened.WaitAsync(count, timeout ?? TimeSpan.FromSeconds(10), cancellationToken);

    /// <summary>op 7 RECONNECT: the bot should reconnect and RESUME.</summary>
    public Task SendReconnectAsync()
    {
        CurrentConnection().Send(GatewayConnection.Payload(7, null));
        return Task.CompletedTask;
    }

    /// <summary>op 9 INVALID_SESSION; with <paramref name="resumable"/> false the session is gone and the bot must IDENTIFY.</summary>
    public Task SendInvalidSessionAsync(bool resumable)
    {
        var connection = CurrentConnection();
        if (!resumable && connection.Session is { } session)
        {
            Invalidate(session);
        }

        connection.Identified = false;
        connection.Send(GatewayConnection.Payload(9, resumable));
        return Task.CompletedTask;
    }

    /// <summary>Closes the current connection with a close code; session-ending codes (4007, 4009, 4010–4014) invalidate the session.</summary>
    public Task CloseAsync(int code, string reason = "")
    {
        var connection = CurrentConnection();
        if (s_sessionEndingCloseCodes.Contains(code) && connection.Session is { } session)
        {
            Invalidate(session);
        }

        connection.Close(code, reason);
        return Task.CompletedTask;
    }

    /// <summary>Aborts the TCP connection without a close frame; the session stays resumable.</summary>
    public Task DropConnectionAsync()
    {
        CurrentConnection().Abort();
        return Task.CompletedTask;
    }

    /// <summary>op 1 from the server: the bot must heartbeat at once.</summary>
    public Task SendHeartbeatRequestAsync()
    {
        CurrentConnection().Send(GatewayConnection.Payload(1, null));
        return Task.CompletedTask;
    }

    /// <summary>
    /// Sends a dispatch (op 0) in the current session. Without a live session it waits for the next READY; a real
    /// Discord would drop it, but a test's event should not be lost to a reconnect race. A disconnected but resumable
    /// session keeps it for replay.
    /// </summary>
    public Task DispatchAsync(string eventName, JsonObject data) => DispatchAsync(eventName, data, onSent: null);

    internal Task DispatchAsync(string eventName, JsonObject data, DispatchHooks? onSent)
    {
        GatewaySession? session;
        lock (_gate)
        {
            session = Route(data);
            if (session is null || session.Invalidated)
            {
                _waitingForSession.Add((eventName, data, onSent));
                return Task.CompletedTask;
            }

            Append(session, eventName, data, onSent);
        }

        return Task.CompletedTask;
    }

    /// <summary>On shutdown: close every socket with 1001 (going away), as Discord does when a node restarts, then abort stragglers.</summary>
    internal async Task CloseAllAsync()
    {
        List<GatewayConnection> open;
        lock (_gate)
        {
            open = [.. _connections];
        }

        foreach (var connection in open)
        {
            connection.Close(1001, "emulator shutting down");
        }

        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1);
        while (ConnectionCount > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        foreach (var connection in open)
        {
            connection.Abort();
        }
    }

    internal async Task HandleAsync(HttpContext context, bool isResumeUrl)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var query = context.Request.Query;
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var connection = new GatewayConnection(this, socket, context, isResumeUrl);

        // Version and encoding come from the URL (docs/events--gateway.mdx, "Connecting"); this emulator speaks v10 JSON, uncompressed.
        (string? problem, int code) = query["v"].ToString() != "10" ? ($"Invalid API version (v={query["v"]})", 4012)
            : query.ContainsKey("encoding") && query["encoding"].ToString() != "json" ? ($"Invalid encoding ({query["encoding"]})", 4002)
            : query.ContainsKey("compress") ? ("Transport compression is not supported by the emulator", 4002)
            : (null, 0);
        if (problem is not null)
        {
            Violations.Add($"gateway close {code}: {problem}");
        }

        lock (_gate)
        {
            _connections.Add(connection);
        }

        Interlocked.Increment(ref _openConnections);
        _connectionsOpened.Increment();
        try
        {
            await connection.RunAsync(problem, code);
        }
        finally
        {
            Interlocked.Decrement(ref _openConnections);
            lock (_gate)
            {
                _connections.Remove(connection);
                if (connection.Session is { } session)
                {
                    lock (session.Gate)
                    {
                        if (session.Connection == connection)
                        {
                            session.Connection = null;
                        }
                    }
                }
            }
        }
    }

    internal void OnIdentify(GatewayConnection connection, JsonNode? data)
    {
        if (connection.Identified)
        {
            connection.Reject(4005, "Already authenticated", "a second IDENTIFY on an identified connection");
            return;
        }

        if (data is not JsonObject identify || identify["properties"] is not JsonObject properties
            || !new[] { "os", "browser", "device" }.All(k => properties[k]?.GetValueKind() == JsonValueKind.String)
            || identify["token"]?.GetValueKind() != JsonValueKind.String)
        {
            connection.Reject(4002, "Decode error", "IDENTIFY needs token and properties {os, browser, device} (docs/events--gateway-events.mdx, \"Identify\")");
            return;
        }

        var token = identify["token"]!.GetValue<string>();
        if (token != Options.Token)
        {
            var hint = token.StartsWith("Bot ", StringComparison.Ordinal) ? " (the gateway wants the bare token, without \"Bot \")" : "";
            connection.Reject(4004, "Authentication failed", "IDENTIFY with a wrong token" + hint);
            return;
        }

        if (identify["intents"] is not JsonValue intentsValue || !intentsValue.TryGetValue<long>(out var intents) || intents < 0 || (intents & ~KnownIntents) != 0)
        {
            connection.Reject(4013, "Invalid intent(s)", $"intents {identify["intents"]?.ToJsonString() ?? "missing"}");
            return;
        }

        if ((intents & PrivilegedIntents & ~Options.EnabledPrivilegedIntents) != 0)
        {
            connection.Reject(4014, "Disallowed intent(s)", $"privileged intents {intents & PrivilegedIntents} are not enabled for the application");
            return;
        }

        var shardId = 0;
        var shardCount = 1;
        if (identify["shard"] is { } shard && !(shard is JsonArray { Count: 2 } pair
            && pair[0] is JsonValue id && id.TryGetValue(out shardId) && pair[1] is JsonValue count && count.TryGetValue(out shardCount)
            && shardId >= 0 && shardId < shardCount))
        {
            connection.Reject(4010, "Invalid shard", $"shard {shard.ToJsonString()}");
            return;
        }

        if (Options.RequireSharding && shardCount < Options.Shards)
        {
            connection.Reject(4011, "Sharding required", $"IDENTIFY with {shardCount} shard(s) for a bot that needs {Options.Shards}");
            return;
        }

        var recorded = identify.DeepClone().AsObject();
        recorded["token"] = "[redacted]";
        var session = new GatewaySession(Guid.NewGuid().ToString("N"), shardId, shardCount);
        List<(string Name, JsonObject Data, DispatchHooks? OnSent)> carried;
        lock (_gate)
        {
            if (!TakeIdentifySlot(connection, shardId, shardCount))
            {
                return;
            }

            _sessions[session.Id] = session;
            _lastIdentify = recorded;
            carried = [.. _waitingForSession.Where(e => ShardFor(GuildOf(e.Data), shardCount) == shardId)];
            _waitingForSession.RemoveAll(e => ShardFor(GuildOf(e.Data), shardCount) == shardId);
            if (_sessionsByShard.GetValueOrDefault(shardId) is { } previous)
            {
                lock (previous.Gate)
                {
                    previous.Invalidated = true;
                    carried.AddRange(previous.Log.Where(e => !e.Sent && e.Name != "READY" && e.Name != "RESUMED").Select(e => (e.Name, Redispatch(e), e.OnSent)));
                }
            }

            _session = session;
            _sessionsByShard[shardId] = session;
            connection.Identified = true;
            connection.Session = session;
            lock (session.Gate)
            {
                session.Connection = connection;
            }

            _identifies.Increment();
            Append(session, "READY", Ready(session, identify["shard"]), new DispatchHooks(null, _readies.Increment));
            foreach (var (name, payload, onSent) in carried)
            {
                Append(session, name, payload, onSent);
            }
        }
    }

    internal void OnResume(GatewayConnection connection, JsonNode? data)
    {
        if (connection.Identified)
        {
            connection.Reject(4005, "Already authenticated", "RESUME on an identified connection");
            return;
        }

        if (data is not JsonObject resume || resume["token"]?.GetValueKind() != JsonValueKind.String || resume["session_id"]?.GetValueKind() != JsonValueKind.String)
        {
            connection.Reject(4002, "Decode error", "RESUME needs token, session_id and seq (docs/events--gateway-events.mdx, \"Resume\")");
            return;
        }

        if (resume["token"]!.GetValue<string>() != Options.Token)
        {
            connection.Reject(4004, "Authentication failed", "RESUME with a wrong token");
            return;
        }

        if (!connection.IsResumeUrl)
        {
            Violations.Add("RESUME sent on the /gateway/bot URL instead of READY's resume_gateway_url (docs/events--gateway.mdx, \"Resuming\")");
        }

        var sessionId = resume["session_id"]!.GetValue<string>();
        if (!Options.AllowResume || !_sessions.TryGetValue(sessionId, out var session) || session.Invalidated)
        {
            connection.Send(GatewayConnection.Payload(9, false));
            return;
        }

        var seq = resume["seq"] is JsonValue s && s.TryGetValue<int>(out var n) ? n : -1;
        lock (_gate)
        {
            lock (session.Gate)
            {
                if (seq < 0 || seq > session.Sequence)
                {
                    connection.Reject(4007, "Invalid seq", $"RESUME seq {resume["seq"]?.ToJsonString() ?? "null"} but the session is at {session.Sequence}");
                    return;
                }

                if (session.Connection is { } old && old != connection)
                {
                    old.Abort();
                }

                session.Connection = connection;
                connection.Session = session;
                connection.Identified = true;
                _session = session;
                _sessionsByShard[session.ShardId] = session;

                // "the gateway will send the missed events in order, finishing with a Resumed event" (docs/events--gateway.mdx, "Resuming").
                if (Options.ResumeReplay)
                {
                    foreach (var missed in session.Log.Where(e => e.Sequence > seq))
                    {
                        connection.Send(missed.Frame, () => MarkSent(missed), missed.OnSent?.Sending);
                    }
                }

                Append(session, "RESUMED", new JsonObject { ["_trace"] = new JsonArray("fake-discord") }, new DispatchHooks(null, _resumes.Increment));
            }
        }
    }

    internal void RecordClientClose(GatewayConnection connection, int? code)
    {
        lock (_gate)
        {
            _clientCloseCodes.Add(code ?? 1005);
        }

        // Closing with 1000 or 1001 ends the session (docs/events--gateway.mdx, "Disconnecting").
        if (code is 1000 or 1001 && connection.Session is { } session)
        {
            Invalidate(session);
        }
    }

    internal void RecordServerClose(int code, string reason)
    {
        lock (_gate)
        {
            _serverCloseCodes.Add(code);
        }
    }

    internal void RecordLateHeartbeat(TimeSpan late)
    {
        lock (_gate)
        {
            _lateHeartbeats.Add(late);
        }
    }

    internal void RecordHeartbeat() => _heartbeats.Increment();

    /// <summary>
    /// The identify concurrency of docs/events--gateway.mdx, "Max Concurrency": one sharded IDENTIFY per bucket
    /// (<c>shard_id % max_concurrency</c>) every 5 s. A sooner one is a violation and gets op 9, which is what Discord
    /// answers. Unsharded IDENTIFYs (no <c>shard</c>, or one shard) are left alone: the specs of one process restart it
    /// within seconds, and that is not what they test. Call under <see cref="_gate"/>.
    /// </summary>
    private bool TakeIdentifySlot(GatewayConnection connection, int shardId, int shardCount)
    {
        var now = DateTimeOffset.UtcNow;
        var bucket = shardId % Math.Max(Options.MaxConcurrency, 1);
        var accepted = true;
        if (shardCount > 1 && _lastIdentifyByBucket.TryGetValue(bucket, out var last) && now - last.At < IdentifySpacing)
        {
            accepted = false;
            Violations.Add($"IDENTIFY of shard [{shardId}, {shardCount}] {(now - last.At).TotalMilliseconds:0} ms after shard {last.Shard}'s in max_concurrency bucket {bucket}; one per bucket every {IdentifySpacing.TotalSeconds:0} s (docs/events--gateway.mdx, \"Max Concurrency\")");
            connection.Send(GatewayConnection.Payload(9, false));
        }
        else if (shardCount > 1)
        {
            _lastIdentifyByBucket[bucket] = (now, shardId);
        }

        _identifyLog.Add(new IdentifyRecord(shardId, shardCount, now, accepted));
        return accepted;
    }

    /// <summary>The session an event goes to: its guild's shard among the newest session's shard count, shard 0 without a guild.</summary>
    private GatewaySession? Route(JsonObject data)
    {
        if (_session is null)
        {
            return null;
        }

        return _sessionsByShard.GetValueOrDefault(ShardFor(GuildOf(data), _session.ShardCount));
    }

    private static ulong? GuildOf(JsonObject data) =>
        data["guild_id"] is JsonValue value && value.TryGetValue<string>(out var text)
        && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var guild) ? guild : null;

    private void Invalidate(GatewaySession session)
    {
        lock (session.Gate)
        {
            session.Invalidated = true;
        }
    }

    private GatewayConnection CurrentConnection()
    {
        lock (_gate)
        {
            return _session?.Connection is { IsOpen: true } current ? current
                : _connections.LastOrDefault(c => c.IsOpen) ?? throw new InvalidOperationException("No gateway connection is open.");
        }
    }

    private void Append(GatewaySession session, string name, JsonObject data, DispatchHooks? onSent)
    {
        var historyLimit = Options.HistoryLimit;
        lock (session.Gate)
        {
            var sequence = ++session.Sequence;
            var frame = GatewayConnection.Payload(0, data, sequence, name);
            DispatchedEvent? entry = null;
            entry = new DispatchedEvent(sequence, name, frame, onSent);
            session.Log.Add(entry);
            onSent?.Routed?.Invoke(session.ShardId);
            FakeDiscordServer.TrimOldest(session.Log, historyLimit);
            session.Connection?.Send(frame, () => MarkSent(entry), onSent?.Sending);
        }
    }

    private static void MarkSent(DispatchedEvent entry)
    {
        var first = !entry.Sent;
        entry.Sent = true;
        if (first)
        {
            entry.OnSent?.Sent?.Invoke();
        }
    }

    private static JsonObject Redispatch(DispatchedEvent entry) =>
        JsonNode.Parse(entry.Frame)!["d"]!.DeepClone().AsObject();

    private JsonObject Ready(GatewaySession session, JsonNode? shard)
    {
        var ready = new JsonObject
        {
            ["v"] = 10,
            ["user_settings"] = new JsonObject(),
            ["user"] = FakeDiscordServer.BotUser(Options),
            ["guilds"] = new JsonArray(),
            ["private_channels"] = new JsonArray(),
            ["relationships"] = new JsonArray(),
            ["presences"] = new JsonArray(),
            ["session_type"] = "normal",
            ["session_id"] = session.Id,
            ["resume_gateway_url"] = _resumeUrl(),
            ["application"] = new JsonObject
            {
                ["id"] = Options.ApplicationId.ToString(CultureInfo.InvariantCulture),
                ["flags"] = 0,
            },
            ["_trace"] = new JsonArray("fake-discord"),
        };
        if (shard is not null)
        {
            ready["shard"] = shard.DeepClone();
        }

        return ready;
    }
}

/// <summary>One IDENTIFY the emulator judged: its shard (<c>[0, 1]</c> without one), when, and whether it got READY.</summary>
public sealed record IdentifyRecord(int ShardId, int ShardCount, DateTimeOffset At, bool Accepted);
