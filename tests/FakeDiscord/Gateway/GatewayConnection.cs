using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>
/// One WebSocket from the bot. Reads and checks what the bot sends, writes through a single queue so frames never
/// interleave. Rules and close codes: docs/events--gateway.mdx, docs/topics--opcodes-and-status-codes.mdx.
/// </summary>
internal sealed class GatewayConnection
{
    /// <summary>"payloads … must not exceed 4096 bytes, else the connection closes with 4002" (docs/events--gateway.mdx, "Sending Events").</summary>
    private const int MaxPayloadBytes = 4096;

    private static readonly TimeSpan s_closeHandshakeTimeout = TimeSpan.FromSeconds(2);

    private readonly FakeGateway _gateway;
    private readonly WebSocket _socket;
    private readonly HttpContext _context;
    private readonly Channel<Outgoing> _outgoing = Channel.CreateUnbounded<Outgoing>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _lifetime;
    private readonly Queue<DateTimeOffset> _recentSends = new();
    private readonly DateTimeOffset _helloAt = DateTimeOffset.UtcNow;
    private DateTimeOffset? _lastHeartbeatAt;
    private volatile bool _closing;
    private volatile bool _finished;

    public GatewayConnection(FakeGateway gateway, WebSocket socket, HttpContext context, bool isResumeUrl)
    {
        _gateway = gateway;
        _socket = socket;
        _context = context;
        IsResumeUrl = isResumeUrl;
        _lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
    }

    public bool IsResumeUrl { get; }

    /// <summary>True after a successful IDENTIFY or RESUME; op 9 turns it off so the bot may IDENTIFY again on this socket.</summary>
    public bool Identified { get; set; }

    public GatewaySession? Session { get; set; }

    public bool IsOpen => !_closing && _socket.State == WebSocketState.Open;

    public async Task RunAsync(string? versionProblem, int versionCloseCode)
    {
        var writer = Task.Run(WriteLoopAsync);
        if (versionProblem is not null)
        {
            Close(versionCloseCode, versionProblem);
        }
        else
        {
            Send(Payload(10, new JsonObject { ["heartbeat_interval"] = _gateway.Options.HeartbeatIntervalMs, ["_trace"] = new JsonArray("fake-discord") }));
            _ = WatchIdentifyDeadlineAsync();
        }

        try
        {
            await ReadLoopAsync();
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ConnectionAbortedException or IOException)
        {
            // The peer vanished or we aborted it (DropConnectionAsync); the session stays resumable.
        }
        finally
        {
            _closing = true;
            _outgoing.Writer.TryComplete();
            await _lifetime.CancelAsync();
            await writer.WaitAsync(TimeSpan.FromSeconds(2)).ContinueWith(_ => { }, TaskScheduler.Default);
            _finished = true;
            _lifetime.Dispose();
        }
    }

    /// <summary>Queues a text frame; <paramref name="onSending"/> runs just before the send, <paramref name="onSent"/> once the bytes are on the wire.</summary>
    public void Send(byte[] frame, Action? onSent = null, Action? onSending = null) => _outgoing.Writer.TryWrite(new Outgoing(frame, onSent, onSending, null, null));

    /// <summary>Closes with a code, the way Discord does: a close frame, then we wait briefly for the echo.</summary>
    public void Close(int code, string reason)
    {
        if (_closing)
        {
            return;
        }

        _closing = true;
        _gateway.RecordServerClose(code, reason);
        _outgoing.Writer.TryWrite(new Outgoing(null, null, null, code, reason));
        _outgoing.Writer.TryComplete();
    }

    /// <summary>Drops the TCP connection without a close frame.</summary>
    public void Abort()
    {
        _closing = true;
        if (_finished)
        {
            return;
        }

        try
        {
            _socket.Abort();
            _context.Abort();
        }
        catch (ObjectDisposedException)
        {
            // The request ended between the check and the abort: nothing left to drop.
        }
    }

    /// <summary>A gateway frame, written straight to UTF-8 bytes: one per interaction under load, where cloning <paramref name="data"/> into a new tree, then a string, then bytes tripled the work.</summary>
    public static byte[] Payload(int op, JsonNode? data, int? sequence = null, string? eventName = null)
    {
        var frame = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(frame))
        {
            writer.WriteStartObject();
            writer.WriteNumber("op", op);
            writer.WritePropertyName("d");
            if (data is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                data.WriteTo(writer);
            }

            writer.WritePropertyName("s");
            if (sequence is { } s)
            {
                writer.WriteNumberValue(s);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteString("t", eventName);
            writer.WriteEndObject();
        }

        return frame.WrittenSpan.ToArray();
    }

    private async Task WriteLoopAsync()
    {
        try
        {
            await foreach (var item in _outgoing.Reader.ReadAllAsync(_lifetime.Token))
            {
                if (item.CloseCode is { } code)
                {
                    await _socket.CloseOutputAsync((WebSocketCloseStatus)code, item.CloseReason, _lifetime.Token);
                    _lifetime.CancelAfter(s_closeHandshakeTimeout);
                    return;
                }

                item.OnSending?.Invoke();
                await _socket.SendAsync(item.Frame!, WebSocketMessageType.Text, endOfMessage: true, _lifetime.Token);
                item.OnSent?.Invoke();
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket went away under us; the read loop notices too.
        }
    }

    private async Task ReadLoopAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(MaxPayloadBytes + 1);
        try
        {
            while (true)
            {
                var length = 0;
                var tooLarge = false;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length > MaxPayloadBytes)
                    {
                        // Keep draining the frame so the close handshake can still be read.
                        tooLarge = true;
                        length = 0;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length, buffer.Length - length), _lifetime.Token);
                    length += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _gateway.RecordClientClose(this, (int?)_socket.CloseStatus);
                    if (!_closing && _socket.State == WebSocketState.CloseReceived)
                    {
                        _closing = true;
                        await _socket.CloseOutputAsync(_socket.CloseStatus ?? WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }

                if (_closing)
                {
                    continue;
                }

                if (tooLarge || length > MaxPayloadBytes)
                {
                    Reject(4002, "Decode error", $"payload over the {MaxPayloadBytes} byte limit");
                }
                else if (result.MessageType == WebSocketMessageType.Binary)
                {
                    Reject(4002, "Decode error", "binary frame on an encoding=json connection");
                }
                else
                {
                    Handle(Encoding.UTF8.GetString(buffer, 0, length));
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Handle(string text)
    {
        if (!WithinSendLimit())
        {
            Reject(4008, "Rate limited", $"more than {_gateway.Options.GatewaySendLimit} payloads in {_gateway.Options.GatewaySendWindow.TotalSeconds:0} s");
            return;
        }

        JsonObject payload;
        int op;
        try
        {
            payload = JsonNode.Parse(text) as JsonObject ?? throw new JsonException("not an object");
            op = payload["op"]?.GetValue<int>() ?? throw new JsonException("no op");
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            Reject(4002, "Decode error", $"undecodable payload ({ex.Message})");
            return;
        }

        var data = payload["d"];
        switch (op)
        {
            case 1:
                OnHeartbeat(data);
                break;
            case 2:
                _gateway.OnIdentify(this, data);
                break;
            case 6:
                _gateway.OnResume(this, data);
                break;
            case 3 or 4 or 8 or 31 when !Identified:
                Reject(4003, "Not authenticated", $"op {op} before IDENTIFY");
                break;
            case 3 or 4 or 8 or 31:
                // Presence, voice and member requests are legal, and irrelevant to an interactions bot.
                break;
            default:
                Reject(4001, "Unknown opcode", $"op {op} is not something a client sends");
                break;
        }
    }

    /// <summary>Closes with <paramref name="code"/> and logs the violation.</summary>
    public void Reject(int code, string reason, string detail)
    {
        _gateway.Violations.Add($"gateway close {code} ({reason}): {detail}");
        Close(code, reason);
    }

    private bool WithinSendLimit()
    {
        var now = DateTimeOffset.UtcNow;
        _recentSends.Enqueue(now);
        while (_recentSends.Count > 0 && now - _recentSends.Peek() > _gateway.Options.GatewaySendWindow)
        {
            _recentSends.Dequeue();
        }

        return _recentSends.Count <= _gateway.Options.GatewaySendLimit;
    }

    private void OnHeartbeat(JsonNode? data)
    {
        var now = DateTimeOffset.UtcNow;
        var interval = TimeSpan.FromMilliseconds(_gateway.Options.HeartbeatIntervalMs);

        // Jittered first beat, then one per interval (docs/events--gateway.mdx, "Sending Heartbeats"); allow timer slack.
        var slack = TimeSpan.FromMilliseconds(Math.Max(250, interval.TotalMilliseconds * 0.1));
        var since = now - (_lastHeartbeatAt ?? _helloAt);
        _lastHeartbeatAt = now;
        if (since > interval + slack)
        {
            _gateway.RecordLateHeartbeat(since - interval);
        }

        if (data is not null && data.GetValueKind() != JsonValueKind.Null && (data.GetValueKind() != JsonValueKind.Number || data.GetValue<long>() > (Session?.Sequence ?? 0)))
        {
            _gateway.Violations.Add($"heartbeat d={data.ToJsonString()} is not the last sequence number received ({Session?.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "null"})");
        }

        _gateway.RecordHeartbeat();
        if (!_gateway.WithholdAcks)
        {
            Send(Payload(11, null));
        }
    }

    private async Task WatchIdentifyDeadlineAsync()
    {
        try
        {
            await Task.Delay(_gateway.Options.IdentifyTimeout, _lifetime.Token);
            if (!Identified && Session is null && !_closing)
            {
                Reject(4003, "Not authenticated", $"no IDENTIFY or RESUME within {_gateway.Options.IdentifyTimeout.TotalSeconds:0.#} s of HELLO");
            }
        }
        catch (OperationCanceledException)
        {
            // The connection ended first.
        }
    }

    private sealed record Outgoing(byte[]? Frame, Action? OnSent, Action? OnSending, int? CloseCode, string? CloseReason);
}
