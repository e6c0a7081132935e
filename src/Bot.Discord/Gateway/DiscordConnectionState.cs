using System.Collections.Concurrent;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Gateway;

/// <summary>Where the gateway connection stands.</summary>
public enum GatewayStatus
{
    Disconnected,
    Connecting,
    Ready,
    Resuming,
    Stopped,
    Failed,
}

/// <summary>
/// What the host and end-to-end tests can observe of the Discord connection (a singleton): the process as a whole,
/// and each shard it runs.
/// </summary>
public interface IDiscordConnectionState
{
    /// <summary>Ready once every shard this process runs is (in http mode: once the application is known).</summary>
    GatewayStatus Status { get; }

    /// <summary>The shards this process runs, by id; empty before <c>GET /gateway/bot</c> answered, and in http mode.</summary>
    IReadOnlyList<ShardConnectionState> Shards { get; }

    /// <summary>The application, from READY (<c>application.id</c>) or, in http mode, <c>GET /applications/@me</c>.</summary>
    Snowflake? ApplicationId { get; }

    /// <summary>How many READY and RESUMED events this process has seen, over all its shards.</summary>
    int ReadyCount { get; }

    int ResumedCount { get; }

    /// <summary>Why the client gave up, for a fatal close code or a fatal REST error at start.</summary>
    string? FatalReason { get; }

    /// <summary>
    /// Interactions dropped unanswered because the bot could not answer them inside Discord's 3 seconds (too many waiting,
    /// waited too long for a thread, or no connection free for the callback in time); each was logged once.
    /// </summary>
    long ShedInteractions { get; }

    /// <summary>Completes with the application id at the first READY of any shard; faults when the client gives up before it.</summary>
    Task<Snowflake> FirstReady { get; }

    /// <summary>Completes once the commands were published (or found unchanged) after the first READY.</summary>
    Task CommandsPublished { get; }
}

/// <summary>One shard's session, as its gateway client keeps it.</summary>
public sealed class ShardConnectionState(GatewayShard shard)
{
    public GatewayShard Shard { get; } = shard;

    public GatewayStatus Status { get; internal set; } = GatewayStatus.Connecting;

    /// <summary>The shard's current session, from READY; null before it and once the session is gone.</summary>
    public string? SessionId { get; internal set; }
}

internal sealed class DiscordConnectionState : IDiscordConnectionState
{
    private readonly TaskCompletionSource<Snowflake> firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource commandsPublished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, ShardConnectionState> shards = new();
    private int readyCount;
    private int resumedCount;
    private volatile GatewayStatus overall = GatewayStatus.Disconnected;
    private long shedInteractions;

    public GatewayStatus Status
    {
        get
        {
            var current = overall;
            if (current is GatewayStatus.Failed or GatewayStatus.Stopped || shards.IsEmpty)
            {
                return current;
            }

            var each = shards.Values.Select(shard => shard.Status).ToList();
            return each.All(status => status == GatewayStatus.Ready) ? GatewayStatus.Ready
                : each.Contains(GatewayStatus.Resuming) ? GatewayStatus.Resuming
                : GatewayStatus.Connecting;
        }
    }

    public IReadOnlyList<ShardConnectionState> Shards => [.. shards.Values.OrderBy(shard => shard.Shard.Id)];

    public Snowflake? ApplicationId { get; private set; }

    public int ReadyCount => Volatile.Read(ref readyCount);

    public int ResumedCount => Volatile.Read(ref resumedCount);

    public string? FatalReason { get; private set; }

    public long ShedInteractions => Interlocked.Read(ref shedInteractions);

    public Task<Snowflake> FirstReady => firstReady.Task;

    public Task CommandsPublished => commandsPublished.Task;

    /// <summary>The state of <paramref name="shard"/>, created the first time a client asks for it.</summary>
    public ShardConnectionState Shard(GatewayShard shard) => shards.GetOrAdd(shard.Id, _ => new ShardConnectionState(shard));

    public void OnConnecting() => overall = GatewayStatus.Connecting;

    public void OnReady(ShardConnectionState shard, string sessionId, Snowflake applicationId)
    {
        shard.SessionId = sessionId;
        shard.Status = GatewayStatus.Ready;
        Interlocked.Increment(ref readyCount);
        OnApplicationKnown(applicationId);
    }

    public void OnResumed(ShardConnectionState shard)
    {
        shard.Status = GatewayStatus.Ready;
        Interlocked.Increment(ref resumedCount);
    }

    /// <summary>The application is known (READY, or <c>GET /applications/@me</c> in http mode): commands can be published.</summary>
    public void OnApplicationKnown(Snowflake applicationId)
    {
        ApplicationId = applicationId;
        if (overall is GatewayStatus.Disconnected or GatewayStatus.Connecting)
        {
            overall = GatewayStatus.Ready;
        }

        firstReady.TrySetResult(applicationId);
    }

    /// <summary>Counts one more interaction dropped unanswered; returns how many so far.</summary>
    public long OnShed() => Interlocked.Increment(ref shedInteractions);

    public void OnCommandsPublished() => commandsPublished.TrySetResult();

    public void OnCommandsFailed(Exception exception) => commandsPublished.TrySetException(exception);

    public void OnFatal(string reason)
    {
        FatalReason ??= reason;
        overall = GatewayStatus.Failed;
        firstReady.TrySetException(new InvalidOperationException(reason));
    }

    public void OnStopped()
    {
        if (overall != GatewayStatus.Failed)
        {
            overall = GatewayStatus.Stopped;
        }

        firstReady.TrySetCanceled();
    }
}
