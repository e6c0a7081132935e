using System.Net.WebSockets;
using System.Text;

namespace Bot.Discord.Gateway;

/// <summary>The real transport: <see cref="ClientWebSocket"/>, text frames reassembled into whole messages.</summary>
internal sealed class WebSocketGatewayTransport : IGatewayTransport
{
    private readonly ClientWebSocket socket = new();

    // One receive loop reads a connection, one frame at a time, so the buffers are reused rather than 16 KB a frame.
    private readonly byte[] buffer = new byte[16 * 1024];
    private readonly MemoryStream message = new();

    public Task ConnectAsync(Uri uri, CancellationToken cancellationToken) => socket.ConnectAsync(uri, cancellationToken);

    public Task SendAsync(string text, CancellationToken cancellationToken) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    public async Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken)
    {
        message.SetLength(0);
        try
        {
            while (true)
            {
                // A cancelled ClientWebSocket.ReceiveAsync aborts the socket, and an aborted socket can send no close
                // frame: stopping would then drop the connection instead of closing it with the code the client chose.
                // So the token cancels only the wait; the receive stays pending until the socket is closed or disposed.
                var receive = socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                var result = receive.IsCompleted || !cancellationToken.CanBeCanceled
                    ? await receive.ConfigureAwait(false)
                    : await receive.AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new GatewayCloseFrame((int?)socket.CloseStatus, socket.CloseStatusDescription);
                }

                message.Write(buffer, 0, result.Count);
                if (result.EndOfMessage)
                {
                    return new GatewayTextFrame(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length));
                }
            }
        }
        catch (WebSocketException)
        {
            // A drop without a close frame: resumable (docs/events--gateway.mdx, "Resuming").
            return new GatewayCloseFrame(null, "connection lost");
        }
    }

    public async Task CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException)
            {
                // Already gone; nothing left to close.
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        message.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal sealed class WebSocketGatewayTransportFactory : IGatewayTransportFactory
{
    public IGatewayTransport Create() => new WebSocketGatewayTransport();
}
