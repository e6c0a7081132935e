using System.Text.Json;
using System.Threading.Channels;
using Bot.Discord.Gateway;

namespace Bot.Discord.Tests.Support;

/// <summary>Hands out one <see cref="ScriptedConnection"/> per connection the client opens.</summary>
internal sealed class ScriptedTransports : IGatewayTransportFactory
{
    private readonly Channel<ScriptedConnection> connections = Channel.CreateUnbounded<ScriptedConnection>();

    public int Created { get; private set; }

    public IGatewayTransport Create()
    {
        Created++;
        return new ScriptedConnection(connections.Writer);
    }

    /// <summary>Whether no further connection is opened for a short real while.</summary>
    public async Task<bool> NoneWithinAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        return !connections.Reader.TryPeek(out _);
    }

    public async Task<ScriptedConnection> NextAsync(Func<Task<ScriptedConnection>, Task<ScriptedConnection>>? pump = null)
    {
        var next = connections.Reader.ReadAsync().AsTask();
        return pump is null ? await next.WaitAsync(TimeSpan.FromSeconds(3)) : await pump(next);
    }
}

/// <summary>
/// The server side of one scripted gateway connection: the test sends payloads with <see cref="Send"/>
/// and reads what the client sent with <see cref="ExpectAsync"/>.
/// </summary>
internal sealed class ScriptedConnection(ChannelWriter<ScriptedConnection> announce) : IGatewayTransport
{
    private readonly Channel<GatewayFrame> toClient = Channel.CreateUnbounded<GatewayFrame>();
    private readonly Channel<string> fromClient = Channel.CreateUnbounded<string>();

    public Uri? Uri { get; private set; }

    public int? ClientCloseCode { get; private set; }

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken)
    {
        Uri = uri;
        announce.TryWrite(this);
        return Task.CompletedTask;
    }

    public Task SendAsync(string text, CancellationToken cancellationToken)
    {
        fromClient.Writer.TryWrite(text);
        return Task.CompletedTask;
    }

    public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken) => await toClient.Reader.ReadAsync(cancellationToken);

    public Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        ClientCloseCode ??= code;
        toClient.Writer.TryWrite(new GatewayCloseFrame(code, reason));
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public void Send(int op, string d = "null", int? s = null, string? t = null) =>
        toClient.Writer.TryWrite(new GatewayTextFrame(
            $$"""{"op":{{op}},"d":{{d}},"s":{{(s is null ? "null" : s.ToString())}},"t":{{(t is null ? "null" : $"\"{t}\"")}}}"""));

    public void Hello(int interval = 40000) => Send(10, $$"""{"heartbeat_interval":{{interval}}}""");

    public void Ready(string session = "session-1", int seq = 1) => Send(0, $$"""{"v":10,"session_id":"{{session}}","resume_gateway_url":"wss://resume.discord.test","application":{"id":"775799577604522054","flags":0},"user":{"id":"1","username":"bot"},"guilds":[]}""", seq, "READY");

    public void CloseFromServer(int? code) => toClient.Writer.TryWrite(new GatewayCloseFrame(code, "closed by the test"));

    /// <summary>The next payload the client sent; it must carry <paramref name="op"/>.</summary>
    public async Task<JsonElement> ExpectAsync(int op)
    {
        var text = await fromClient.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(3));
        var payload = JsonDocument.Parse(text).RootElement;
        Assert.Equal(op, payload.GetProperty("op").GetInt32());
        return payload;
    }

    public async Task<bool> SentNothingAsync()
    {
        await Task.Delay(50);
        return !fromClient.Reader.TryPeek(out _);
    }
}
