namespace Bot.Discord.Gateway;

/// <summary>
/// The gateway closed in a way that retrying cannot fix (close codes 4004, 4010–4014).
/// The message says what to check; it never contains the token.
/// </summary>
public sealed class DiscordGatewayException(int? closeCode, string message) : Exception(message)
{
    public int? CloseCode { get; } = closeCode;
}
