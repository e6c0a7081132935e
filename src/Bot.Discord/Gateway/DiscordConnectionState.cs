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
/// What the host and end-to-end tests can observe of the Discord connection (a singleton).
/// </summary>
public interface IDiscordConnectionState
{
    GatewayStatus Status { get; }

    /// <summary>The current session, from READY.</summary>
    string? SessionId { get; }

    /// <summary>The application, from READY (<c>application.id</c>).</summary>
    Snowflake? ApplicationId { get; }

    /// <summary>How many READY and RESUMED events this process has seen.</summary>
    int ReadyCount { get; }

    int ResumedCount { get; }

    /// <summary>Why the client gave up, for a fatal close code or a fatal REST error at start.</summary>
    string? FatalReason { get; }

    /// <summary>
    /// Interactions dropped unanswered because the bot could not answer them inside Discord's 3 seconds (too many waiting,
    /// waited too long for a thread, or no connection free for the callback in time); each was logged once.
    /// </summary>
    long ShedInteractions { get; }

    /// <summary>Completes with the application id at the first READY; faults when the client gives up before it.</summary>
    Task<Snowflake> FirstReady { get; }

    /// <summary>Completes once the commands were published (or found unchanged) after the first READY.</summary>
    Task CommandsPublished { get; }
}

internal sealed class DiscordConnectionState : IDiscordConnectionState
{
    private readonly TaskCompletionSource<Snowflake> firstReady = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource commandsPublished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int readyCount;
    private int resumedCount;
    private long shedInteractions;

    public GatewayStatus Status { get; set; } = GatewayStatus.Disconnected;

    public string? SessionId { get; set; }

    public Snowflake? ApplicationId { get; private set; }

    public int ReadyCount => Volatile.Read(ref readyCount);

    public int ResumedCount => Volatile.Read(ref resumedCount);

    public string? FatalReason { get; private set; }

    public long ShedInteractions => Interlocked.Read(ref shedInteractions);

    public Task<Snowflake> FirstReady => firstReady.Task;

    public Task CommandsPublished => commandsPublished.Task;

    public void OnReady(string sessionId, Snowflake applicationId)
    {
        SessionId = sessionId;
        ApplicationId = applicationId;
        Status = GatewayStatus.Ready;
        Interlocked.Increment(ref readyCount);
        firstReady.TrySetResult(applicationId);
    }

    public void OnResumed()
    {
        Status = GatewayStatus.Ready;
        Interlocked.Increment(ref resumedCount);
    }

    /// <summary>Counts one more interaction dropped unanswered; returns how many so far.</summary>
    public long OnShed() => Interlocked.Increment(ref shedInteractions);

    public void OnCommandsPublished() => commandsPublished.TrySetResult();

    public void OnCommandsFailed(Exception exception) => commandsPublished.TrySetException(exception);

    public void OnFatal(string reason)
    {
        FatalReason = reason;
        Status = GatewayStatus.Failed;
        firstReady.TrySetException(new InvalidOperationException(reason));
    }

    public void OnStopped()
    {
        Status = GatewayStatus.Stopped;
        firstReady.TrySetCanceled();
    }
}
