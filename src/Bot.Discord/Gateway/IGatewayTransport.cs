namespace Bot.Discord.Gateway;

/// <summary>A text message or the end of the connection, as the transport received it.</summary>
internal abstract record GatewayFrame;

internal sealed record GatewayTextFrame(string Text) : GatewayFrame;

/// <summary>The connection ended; <see cref="Code"/> is <c>null</c> when it dropped without a close frame.</summary>
internal sealed record GatewayCloseFrame(int? Code, string? Reason) : GatewayFrame;

/// <summary>
/// The websocket, reduced to what the gateway needs, so tests can script whole conversations.
/// One instance serves one connection.
/// </summary>
internal interface IGatewayTransport : IAsyncDisposable
{
    Task ConnectAsync(Uri uri, CancellationToken cancellationToken);

    Task SendAsync(string text, CancellationToken cancellationToken);

    /// <summary>The next whole message, or a <see cref="GatewayCloseFrame"/> once the connection is gone.</summary>
    Task<GatewayFrame> ReceiveAsync(CancellationToken cancellationToken);

    Task CloseAsync(int code, string reason, CancellationToken cancellationToken);
}

/// <summary>Makes a transport per connection (a websocket cannot be reopened).</summary>
internal interface IGatewayTransportFactory
{
    IGatewayTransport Create();
}
