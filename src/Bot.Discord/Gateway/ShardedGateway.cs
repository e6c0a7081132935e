using Bot.Discord.Configuration;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Gateway;

/// <summary>
/// The gateway side of the process: asks <c>GET /gateway/bot</c> for the URL, the recommended shard count and the session
/// start limit once, then runs one <see cref="DiscordGatewayClient"/> per shard of <c>Discord:Shards</c> out of
/// <c>Discord:ShardCount</c> (default: Discord's recommendation), each its own connection and session, their IDENTIFYs
/// spaced by one <see cref="IdentifyLimiter"/>, each resuming the session a previous process saved for it when the
/// sessions are kept outside the process (<see cref="IGatewaySessionStore"/>). A shard that must stop for good (4004, 4010, 4011, ...) stops them all.
/// See docs/events--gateway.mdx, "Sharding".
/// </summary>
internal sealed class ShardedGateway(
    IGatewayTransportFactory transports,
    DiscordRestClient rest,
    IInteractionSink interactions,
    DiscordConnectionState state,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILoggerFactory loggers,
    GatewayRandomness? randomness = null,
    IGatewaySessionStore? sessions = null) : IDiscordConnection
{
    private readonly ILogger logger = loggers.CreateLogger<ShardedGateway>();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        state.OnConnecting();
        var gateway = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        if (!Uri.TryCreate(gateway.Url, UriKind.Absolute, out var url) || (url.Scheme != "wss" && url.Scheme != "ws"))
        {
            throw new DiscordApiException("GET /gateway/bot", System.Net.HttpStatusCode.OK, null, "the answer names no ws:// or wss:// url to connect to", []);
        }

        var settings = options.Value;
        var count = settings.ShardCount ?? Math.Max(gateway.Shards ?? 1, 1);
        var ids = settings.ShardSelection.Resolve(count, out var problem);
        if (ids is null)
        {
            var source = settings.ShardCount is null ? " (the count Discord recommends; set Discord:ShardCount to choose another)" : "";
            var reason = $"Configuration is not valid: {problem}{source}";
            state.OnFatal(reason);
            throw new DiscordGatewayException(null, reason);
        }

        var identifies = new IdentifyLimiter(time);
        identifies.Configure(gateway.SessionStartLimit);
        if (gateway.SessionStartLimit is { Remaining: 0 } limit)
        {
            logger.LogWarning("No session starts left today; the shards identify after {ResetAfterMs} ms", limit.ResetAfter);
        }

        logger.LogInformation(
            "Running shards {Shards} of {ShardCount} (max_concurrency {MaxConcurrency})",
            string.Join(",", ids), count, identifies.MaxConcurrency);
        var shardLogger = loggers.CreateLogger<DiscordGatewayClient>();
        var clients = ids.Select(id => new DiscordGatewayClient(
            new GatewayShard(id, count), transports, interactions, state, identifies, settings, time, shardLogger, randomness, sessions)).ToList();

        using var stopAll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var running = clients.Select(client => client.RunAsync(gateway.Url, stopAll.Token)).ToList();
        Exception? fatal = null;
        var pending = running.ToList();
        while (pending.Count > 0)
        {
            var finished = await Task.WhenAny(pending).ConfigureAwait(false);
            pending.Remove(finished);
            if (finished.Exception?.InnerException is { } failure && fatal is null)
            {
                // One shard refused for good: Discord would refuse the others the same way (token, intents, sharding).
                fatal = failure;
                await stopAll.CancelAsync().ConfigureAwait(false);
            }
        }

        if (fatal is not null)
        {
            state.OnFatal(fatal.Message);
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(fatal);
        }

        state.OnStopped();
    }
}
