namespace Bot.Discord.Gateway;

/// <summary>
/// How interactions reach the bot for the life of the host: the gateway's shards, or the HTTP interactions endpoint
/// (<c>Discord:Mode</c>). Runs until cancelled; throws <see cref="DiscordGatewayException"/> (or a REST error at start)
/// when it cannot go on, with a message fit for one log line.
/// </summary>
internal interface IDiscordConnection
{
    Task RunAsync(CancellationToken cancellationToken);
}
