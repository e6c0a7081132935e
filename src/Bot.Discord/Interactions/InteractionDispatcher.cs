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
/// </summary>
internal sealed class InteractionDispatcher(
    IInteractionHandler handler,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<InteractionDispatcher> logger) : IInteractionSink
{
    /// <summary>docs/interactions--receiving-and-responding.mdx: an interaction not acknowledged within 3 s is gone.</summary>
    internal static readonly TimeSpan CallbackDeadline = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<Task, byte> running = new();

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
        return Track(Task.Run(() => RunAsync(interaction, stoppingToken, received), CancellationToken.None));
    }

    /// <summary>
    /// Starts handling one interaction that came over the HTTP interactions endpoint: the same handlers, deferral and
    /// limits as the gateway's, with the first answer handed to <paramref name="callback"/> for the HTTP response.
    /// <paramref name="received"/> is when the request arrived. The returned task never faults.
    /// </summary>
    public Task Dispatch(Interaction interaction, IInteractionCallback callback, long received, CancellationToken stoppingToken) =>
        Track(Task.Run(() => RunAsync(interaction, stoppingToken, received, callback), CancellationToken.None));

    private Task Track(Task task)
    {
        running.TryAdd(task, 0);
        _ = task.ContinueWith(finished => running.TryRemove(finished, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return task;
    }

    void IInteractionSink.OnInteraction(JsonElement data, Snowflake applicationId, CancellationToken stoppingToken) =>
        Dispatch(data, applicationId, stoppingToken);

    /// <summary>Waits for handlers still running (on shutdown), until <paramref name="cancellationToken"/> gives up.</summary>
    public Task DrainAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(running.Keys).WaitAsync(cancellationToken);

    /// <summary>
    /// Handles one interaction. <paramref name="received"/> is when its INTERACTION_CREATE was read (a
    /// <see cref="TimeProvider"/> timestamp; now when not given): the deadline runs from there, not from when a busy
    /// thread pool got round to this handler.
    /// </summary>
    internal async Task RunAsync(Interaction interaction, CancellationToken stoppingToken, long? received = null, IInteractionCallback? callback = null)
    {
        var started = received ?? time.GetTimestamp();
        var name = interaction.CommandName ?? interaction.CustomId ?? interaction.Kind.ToString();
        var waited = time.GetElapsedTime(started);
        if (waited >= CallbackDeadline)
        {
            // Discord's 3 s ran out while it queued (the deadline runs from dispatch, before we read it): no callback
            // could land, and handling it anyway would only push the interactions behind it past theirs too.
            logger.LogWarning("Dropped {Kind} {Name} ({InteractionId}): it waited {WaitedMs} ms for a thread, past Discord's 3 s", interaction.Kind, name, interaction.Id, (long)waited.TotalMilliseconds);
            return;
        }

        var context = new DiscordInteractionContext(interaction, rest, logger, callback);
        using var handlerFinished = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watchdog = DeferWhenSlowAsync(context, options.Value.AutoDeferAfter - waited, handlerFinished.Token);

        string outcome;
        try
        {
            await handler.HandleAsync(context, stoppingToken).ConfigureAwait(false);
            outcome = context.Expired ? "expired" : context.State == InteractionState.Pending ? "unanswered" : "ok";
        }
        catch (InteractionExpiredException problem) when (context.Expired)
        {
            // Too late for any answer: one line, no stack trace, no failure notice that could not land either.
            outcome = "expired";
            logger.LogWarning("Discord no longer knows {Kind} {Name} ({InteractionId}), its 3 seconds are over: {Reason}", interaction.Kind, name, interaction.Id, problem.Message);
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
        if (outcome == "unanswered")
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
