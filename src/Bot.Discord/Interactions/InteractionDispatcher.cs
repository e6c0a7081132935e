using System.Collections.Concurrent;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Gateway;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Interactions;

/// <summary>
/// Runs the <see cref="IInteractionHandler"/> for each INTERACTION_CREATE on a task of its own, so the
/// gateway's receive loop never waits on a handler and one failing handler cannot stop it. Defers on the
/// handler's behalf when it is slower than <see cref="DiscordOptions.AutoDeferAfter"/>, since Discord drops
/// interactions not acknowledged within 3 seconds (docs/interactions--receiving-and-responding.mdx).
/// Under overload it sheds what can no longer be answered in time rather than queueing everything: at most
/// <see cref="DiscordOptions.MaxRestConnections"/> interactions are in work before their first answer
/// (<see cref="InteractionTurns"/>); one past <see cref="MaxWaiting"/> waiting, one that waited for its turn until
/// <see cref="SendDeadline"/>, and one whose callback found no free connection by then are each dropped with one
/// warning and counted (<see cref="IDiscordConnectionState.ShedInteractions"/>).
/// </summary>
internal sealed class InteractionDispatcher(
    IInteractionHandler handler,
    DiscordRestClient rest,
    DiscordConnectionState state,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<InteractionDispatcher> logger,
    TaskScheduler? scheduler = null) : IInteractionSink
{
    /// <summary>docs/interactions--receiving-and-responding.mdx: an interaction not acknowledged within 3 s is gone.</summary>
    internal static readonly TimeSpan CallbackDeadline = TimeSpan.FromSeconds(3);

    /// <summary>
    /// The latest a callback may leave, counted from when the INTERACTION_CREATE was read: Discord's 3 s less a quarter
    /// second for the event's trip here (Discord's clock started before we read it) and the callback's trip back. One
    /// leaving later would most likely be refused as unknown (10062); not sending it keeps its connection for
    /// interactions that can still make their deadline.
    /// </summary>
    internal static readonly TimeSpan SendDeadline = CallbackDeadline - TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Interactions read but not yet in work, at most: about what two cores start within Discord's 3 s (README, "Load":
    /// about 950 a second on two idle cores). One more could not start in time even on an idle machine, so it is dropped
    /// at once instead of joining a queue that, under a flood, grows without bound.
    /// </summary>
    internal const int MaxWaiting = 3_000;

    private readonly ConcurrentDictionary<Task, byte> running = new();

    /// <summary>As many interactions in work before their first answer as there are connections for those answers.</summary>
    private readonly InteractionTurns turns = new(options.Value.MaxRestConnections);
    private int waiting;

    /// <summary>Starts handling one interaction and returns at once; the returned task never faults.</summary>
    public Task Dispatch(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken)
    {
        Interaction interaction;
        try
        {
            interaction = InteractionMapper.ToInteraction(InteractionMapper.Deserialize(data), applicationId);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or FormatException)
        {
            logger.LogError(exception, "Could not read an INTERACTION_CREATE payload");
            return Task.CompletedTask;
        }
        catch (Exception exception)
        {
            // Anything else escaping here would end the connection, and Discord replays the same payload on RESUME:
            // one poison payload would keep the bot reconnecting for ever (found by tests/Bot.Discord.Tests/FuzzSpecs).
            logger.LogError(exception, "Could not read an INTERACTION_CREATE payload (parser fault)");
            return Task.CompletedTask;
        }

        var received = time.GetTimestamp();
        return Enqueue(interaction, received, null, stoppingToken);
    }

    /// <summary>
    /// Starts handling one interaction that came over the HTTP interactions endpoint: the same handlers, deferral, turns
    /// and shedding as the gateway's, with the first answer handed to <paramref name="callback"/> for the HTTP response.
    /// <paramref name="received"/> is when the request arrived. The returned task never faults.
    /// </summary>
    public Task Dispatch(Interaction interaction, IInteractionCallback callback, long received, CancellationToken stoppingToken) =>
        Enqueue(interaction, received, callback, stoppingToken);

    private Task Enqueue(Interaction interaction, long received, IInteractionCallback? callback, CancellationToken stoppingToken)
    {
        if (Interlocked.Increment(ref waiting) > MaxWaiting)
        {
            Interlocked.Decrement(ref waiting);
            Shed(interaction, $"{MaxWaiting} interactions were already waiting to be handled");
            return Task.CompletedTask;
        }

        // The thread pool's queue, unless a test holds the handlers back with a scheduler of its own.
        var task = Task.Factory.StartNew(
            () => RunInTurnAsync(interaction, stoppingToken, received, callback),
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            scheduler ?? TaskScheduler.Default).Unwrap();
        running.TryAdd(task, 0);
        _ = task.ContinueWith(finished => running.TryRemove(finished, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    void IInteractionSink.OnInteraction(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken) =>
        Dispatch(data, applicationId, stoppingToken);

    /// <summary>Waits for handlers still running (on shutdown), until <paramref name="cancellationToken"/> gives up.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(running.Keys).WaitAsync(cancellationToken);

    /// <summary>Waits for a turn until the interaction's <see cref="SendDeadline"/>, then handles it; sheds it when none came in time.</summary>
    private async Task RunInTurnAsync(Interaction interaction, CancellationToken stoppingToken, long received, IInteractionCallback? callback)
    {
        IDisposable? turn;
        try
        {
            var left = SendDeadline - time.GetElapsedTime(received);
            using var deadline = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
            using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadline.Token);
            turn = await turns.WaitAsync(giveUp.Token).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref waiting);
        }

        if (turn is null)
        {
            if (!stoppingToken.IsCancellationRequested)
            {
                Shed(interaction, $"it waited {(long)time.GetElapsedTime(received).TotalMilliseconds} ms for its turn behind the interactions in work");
            }

            return;
        }

        using (turn)
        {
            await RunAsync(interaction, stoppingToken, received, callback, turn).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Handles one interaction. <paramref name="received"/> is when its INTERACTION_CREATE was read (a
    /// <see cref="TimeProvider"/> timestamp; now when not given): the deadline runs from there, not from when a busy
    /// thread pool got round to this handler.
    /// </summary>
    /// <remarks>
    /// <paramref name="callback"/> carries the first answer (the REST callback route when not given);
    /// <paramref name="turn"/>, when given, is passed on at the interaction's first callback.
    /// </remarks>
    internal async Task RunAsync(Interaction interaction, CancellationToken stoppingToken, long? received = null, IInteractionCallback? callback = null, IDisposable? turn = null)
    {
        var started = received ?? time.GetTimestamp();
        var name = interaction.CommandName ?? interaction.CustomId ?? interaction.Kind.ToString();
        var waited = time.GetElapsedTime(started);
        if (waited >= SendDeadline)
        {
            // Discord's 3 s ran out while it queued (the deadline runs from dispatch, before we read it): no callback
            // could land, and handling it anyway would only push the interactions behind it past theirs too.
            Shed(interaction, $"it waited {(long)waited.TotalMilliseconds} ms to start");
            return;
        }

        var context = new DiscordInteractionContext(interaction, rest, logger, callback, time.GetUtcNow() - waited + SendDeadline, turn is null ? null : turn.Dispose);
        using var handlerFinished = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watchdog = DeferWhenSlowAsync(context, options.Value.AutoDeferAfter - waited, handlerFinished.Token);

        string outcome;
        try
        {
            await handler.HandleAsync(context, stoppingToken).ConfigureAwait(false);
            outcome = context.Expired ? "expired" : context.State == InteractionState.Pending ? "unanswered" : "ok";
        }
        catch (InteractionExpiredException) when (context.Expired)
        {
            // Too late for any answer: no failure notice either, since it could not land; said once below.
            outcome = "expired";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            outcome = "cancelled";
        }
        catch (Exception exception)
        {
            outcome = "failed";
            logger.LogError(exception, "Handler failed for {Kind} {Name} ({InteractionId})", interaction.Kind, name, interaction.Id);
            await TellUserAsync(context, stoppingToken).ConfigureAwait(false);
        }
        finally
        {
            await handlerFinished.CancelAsync().ConfigureAwait(false);
            await watchdog.ConfigureAwait(false);
        }

        var elapsed = (long)time.GetElapsedTime(started).TotalMilliseconds;
        if (context.Withheld)
        {
            Shed(interaction, $"no connection was free for its answer within {(long)SendDeadline.TotalMilliseconds} ms of its arrival");
            return;
        }

        if (outcome == "expired")
        {
            logger.LogWarning("Discord no longer knows {Kind} {Name} ({InteractionId}), its 3 seconds are over (Unknown interaction, 10062) after {ElapsedMs} ms", interaction.Kind, name, interaction.Id, elapsed);
        }
        else if (outcome == "unanswered")
        {
            logger.LogWarning("Handler returned without answering {Kind} {Name} ({InteractionId}); Discord will show it as failed", interaction.Kind, name, interaction.Id);
        }

        // One line per interaction is the bulk of the log under load (console and file, both written synchronously):
        // an interaction answered in time is Debug, one that needed the deferral or did not end well stays Information.
        logger.Log(
            outcome == "ok" && !context.AutoDeferred ? LogLevel.Debug : LogLevel.Information,
            "Interaction {Kind} {Name} from {UserId} handled in {ElapsedMs} ms: {Outcome}{AutoDeferred}",
            interaction.Kind, name, interaction.User.Id, elapsed, outcome, context.AutoDeferred ? " (auto-deferred)" : "");
    }

    /// <summary>Drops an interaction that can no longer be answered in time: one warning line, and counted.</summary>
    private void Shed(Interaction interaction, string why)
    {
        var total = state.OnShed();
        logger.LogWarning(
            "Dropped {Kind} {Name} ({InteractionId}) unanswered, as Discord's 3 s could not be met: {Reason} ({Shed} dropped so far)",
            interaction.Kind, interaction.CommandName ?? interaction.CustomId ?? interaction.Kind.ToString(), interaction.Id, why, total);
    }

    private async Task DeferWhenSlowAsync(DiscordInteractionContext context, TimeSpan after, CancellationToken handlerFinished)
    {
        try
        {
            await Task.Delay(after > TimeSpan.Zero ? after : TimeSpan.Zero, time, handlerFinished).ConfigureAwait(false);
            var ephemeral = handler.PrefersEphemeral(context.Interaction);
            if (await context.AutoDeferAsync(ephemeral, CancellationToken.None).ConfigureAwait(false))
            {
                logger.LogInformation("Deferred {Kind} {InteractionId} on the handler's behalf after {DeadlineMs} ms", context.Interaction.Kind, context.Interaction.Id, (int)options.Value.AutoDeferAfter.TotalMilliseconds);
            }
        }
        catch (OperationCanceledException)
        {
            // The handler finished in time.
        }
        catch (InteractionExpiredException) when (context.Expired)
        {
            // Too late to defer as well; the handler's own outcome says so once.
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not defer {InteractionId} on the handler's behalf", context.Interaction.Id);
        }
    }

    private async Task TellUserAsync(DiscordInteractionContext context, CancellationToken cancellationToken)
    {
        try
        {
            await context.FailAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Could not tell the user about the failure of {InteractionId}", context.Interaction.Id);
        }
    }
}
