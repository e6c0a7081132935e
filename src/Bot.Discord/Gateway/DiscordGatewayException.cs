namespace Bot.Discord.Gateway;

/// <summary>
/// The connection to Discord cannot go on and retrying cannot fix it: the gateway closed with 4004 or 4010–4014, the shard
/// settings do not fit the shard count, or the HTTP interactions endpoint cannot listen.
/// The message says what to check; it never contains the token.
/// </summary>
public sealed class DiscordGatewayException(int? closeCode, string message) : Exception(message)
{
    public int? CloseCode { get; } = closeCode;
}
