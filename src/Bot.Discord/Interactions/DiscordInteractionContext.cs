using Bot.Discord.Abstractions;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Microsoft.Extensions.Logging;

namespace Bot.Discord.Interactions;

/// <summary>Where an interaction stands; each callback type may be sent once (docs/interactions--receiving-and-responding.mdx).</summary>
internal enum InteractionState
{
    /// <summary>Nothing sent yet: the one callback is still to come.</summary>
    Pending,

    /// <summary>Callback 5 sent: the reply is edited in through <c>PATCH @original</c>.</summary>
    Deferred,

    /// <summary>Callback 6 sent (a component): the clicked message is edited through <c>PATCH @original</c>.</summary>
    DeferredUpdate,

    /// <summary>A reply, an update or autocomplete choices were sent.</summary>
    Answered,
}

/// <summary>
/// <see cref="IInteractionContext"/> over REST. A state machine behind one lock makes sure one callback is
/// sent per interaction, whether it comes from the handler or from the automatic deferral that beats the
/// 3-second deadline; later answers go to the webhook endpoints (<c>PATCH @original</c>, follow-ups). The callback
/// itself goes by <paramref name="callback"/>: the REST callback route (gateway), or the HTTP response (http mode).
/// </summary>
/// <remarks>
/// <paramref name="sendBy"/> is the latest a callback may leave (see <see cref="InteractionDispatcher.SendDeadline"/>): one
/// that cannot leave by then is not sent, and the interaction counts as <see cref="Withheld"/>. <paramref name="answered"/>
/// runs when the first callback has been sent or given up, whichever its outcome.
/// </remarks>
internal sealed class DiscordInteractionContext(
    Interaction interaction,
    DiscordRestClient rest,
    ILogger logger,
    IInteractionCallback? callback = null,
    DateTimeOffset? sendBy = null,
    Action? answered = null) : IInteractionContext
{
    private readonly IInteractionCallback callback = callback ?? new RestInteractionCallback(rest);

    public const string FailureMessage = "Something went wrong while answering. Please try again.";

    private readonly SemaphoreSlim gate = new(1, 1);
    private bool deferredEphemeral;

    public Interaction Interaction { get; } = interaction;

    public InteractionState State { get; private set; } = InteractionState.Pending;

    /// <summary>Whether the client deferred on the handler's behalf.</summary>
    public bool AutoDeferred { get; private set; }

    /// <summary>
    /// Whether Discord refused the callback as an unknown interaction: its deadline passed, so no later callback can
    /// land either. An overloaded bot that kept trying (an error reply, then the failure notice) spent three requests
    /// and three logged stack traces on each late interaction, and fell further behind.
    /// </summary>
    public bool Expired { get; private set; }

    /// <summary>Whether the client held a callback back because it could not leave before <c>sendBy</c>; <see cref="Expired"/> too.</summary>
    public bool Withheld { get; private set; }

    public Task RespondAsync(MessageReply reply, CancellationToken cancellationToken = default) => UnderGateAsync(async () =>
    {
        switch (State)
        {
            case InteractionState.Pending:
                await CallbackAsync(InteractionCallbackType.ChannelMessageWithSource, MessageLimits.ToBody(reply), cancellationToken).ConfigureAwait(false);
                break;
            case InteractionState.Deferred:
                if (reply.Ephemeral != deferredEphemeral)
                {
                    logger.LogDebug("Reply to {InteractionId} asked ephemeral={Ephemeral} after a deferral with ephemeral={Deferred}; the deferral decides", Interaction.Id, reply.Ephemeral, deferredEphemeral);
                }

                await rest.EditOriginalAsync(Interaction.ApplicationId, Interaction.Token, MessageLimits.ToBody(reply, isEdit: true), cancellationToken).ConfigureAwait(false);
                break;
            case InteractionState.DeferredUpdate:
                // After callback 6 the clicked message stays as it is; a new reply is a follow-up, which is
                // what callback 4 would have produced.
                await rest.CreateFollowUpAsync(Interaction.ApplicationId, Interaction.Token, MessageLimits.ToBody(reply), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw AlreadyAnswered(nameof(RespondAsync));
        }

        State = InteractionState.Answered;
    });

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken = default) => UnderGateAsync(async () =>
    {
        if (State == InteractionState.Deferred && AutoDeferred)
        {
            return;
        }

        RequirePending(nameof(DeferAsync));
        await DeferCoreAsync(ephemeral, cancellationToken).ConfigureAwait(false);
    });

    public Task UpdateMessageAsync(MessageReply reply, CancellationToken cancellationToken = default) => UnderGateAsync(async () =>
    {
        switch (State)
        {
            case InteractionState.Pending:
                await CallbackAsync(InteractionCallbackType.UpdateMessage, MessageLimits.ToBody(reply, isEdit: true), cancellationToken).ConfigureAwait(false);
                break;
            case InteractionState.Deferred or InteractionState.DeferredUpdate:
                await rest.EditOriginalAsync(Interaction.ApplicationId, Interaction.Token, MessageLimits.ToBody(reply, isEdit: true), cancellationToken).ConfigureAwait(false);
                break;
            default:
                throw AlreadyAnswered(nameof(UpdateMessageAsync));
        }

        State = InteractionState.Answered;
    });

    public Task DeferUpdateAsync(CancellationToken cancellationToken = default) => UnderGateAsync(async () =>
    {
        if (State == InteractionState.DeferredUpdate && AutoDeferred)
        {
            return;
        }

        RequirePending(nameof(DeferUpdateAsync));
        await CallbackAsync(InteractionCallbackType.DeferredUpdateMessage, null, cancellationToken).ConfigureAwait(false);
        State = InteractionState.DeferredUpdate;
    });

    public Task AutocompleteAsync(IReadOnlyList<AutocompleteChoice> choices, CancellationToken cancellationToken = default) => UnderGateAsync(async () =>
    {
        RequirePending(nameof(AutocompleteAsync));
        var data = MessageLimits.ToAutocomplete(choices, Interaction.FocusedOption?.Type);
        var body = new InteractionCallbackBody(
            (int)InteractionCallbackType.ApplicationCommandAutocompleteResult,
            System.Text.Json.JsonSerializer.SerializeToElement(data, DiscordJsonContext.Default.AutocompleteCallbackData));
        await SendCallbackAsync(body, cancellationToken).ConfigureAwait(false);
        State = InteractionState.Answered;
    });

    public Task FollowUpAsync(MessageReply reply, CancellationToken cancellationToken = default) => UnderGateAsync(async () =>
    {
        if (State == InteractionState.Pending)
        {
            // Discord accepts follow-ups only once the interaction was acknowledged.
            throw new InvalidOperationException($"Interaction {Interaction.Id} has not been answered yet: call RespondAsync or DeferAsync before FollowUpAsync.");
        }

        await rest.CreateFollowUpAsync(Interaction.ApplicationId, Interaction.Token, MessageLimits.ToBody(reply), cancellationToken).ConfigureAwait(false);
    });

    public Task DeleteOriginalAsync(CancellationToken cancellationToken = default) => UnderGateAsync(() =>
        rest.DeleteOriginalAsync(Interaction.ApplicationId, Interaction.Token, cancellationToken));

    /// <summary>
    /// Beats the 3-second deadline for a slow handler: callback 5 for commands and modals (visibility as the
    /// handler prefers), 6 for components. Autocomplete cannot be deferred. Does nothing once anything was sent.
    /// </summary>
    public Task<bool> AutoDeferAsync(bool ephemeral, CancellationToken cancellationToken) => UnderGateAsync(async () =>
    {
        if (State != InteractionState.Pending || Interaction.Kind is InteractionKind.Autocomplete or InteractionKind.Ping)
        {
            return false;
        }

        if (Interaction.Kind == InteractionKind.MessageComponent)
        {
            await CallbackAsync(InteractionCallbackType.DeferredUpdateMessage, null, cancellationToken).ConfigureAwait(false);
            State = InteractionState.DeferredUpdate;
        }
        else
        {
            await DeferCoreAsync(ephemeral, cancellationToken).ConfigureAwait(false);
        }

        AutoDeferred = true;
        return true;
    });

    /// <summary>
    /// After an unhandled handler exception: tells the user something went wrong, ephemerally, unless they
    /// already got an answer. A deferred reply is edited so it does not stay "thinking" forever.
    /// </summary>
    public Task FailAsync(CancellationToken cancellationToken) => UnderGateAsync(async () =>
    {
        if (Expired)
        {
            return;
        }

        var reply = MessageReply.Text(FailureMessage, ephemeral: true);
        switch (State)
        {
            case InteractionState.Pending when Interaction.Kind != InteractionKind.Autocomplete:
                await CallbackAsync(InteractionCallbackType.ChannelMessageWithSource, MessageLimits.ToBody(reply), cancellationToken).ConfigureAwait(false);
                break;
            case InteractionState.Deferred:
                await rest.EditOriginalAsync(Interaction.ApplicationId, Interaction.Token, MessageLimits.ToBody(reply, isEdit: true), cancellationToken).ConfigureAwait(false);
                break;
            case InteractionState.DeferredUpdate:
                await rest.CreateFollowUpAsync(Interaction.ApplicationId, Interaction.Token, MessageLimits.ToBody(reply), cancellationToken).ConfigureAwait(false);
                break;
            default:
                return;
        }

        State = InteractionState.Answered;
    });

    private async Task DeferCoreAsync(bool ephemeral, CancellationToken cancellationToken)
    {
        var data = new MessageBody(null, null, null, MessageLimits.ToAllowedMentions(null), ephemeral ? (int)MessageFlags.Ephemeral : null);
        await CallbackAsync(InteractionCallbackType.DeferredChannelMessageWithSource, data, cancellationToken).ConfigureAwait(false);
        deferredEphemeral = ephemeral;
        State = InteractionState.Deferred;
    }

    private Task CallbackAsync(InteractionCallbackType type, MessageBody? data, CancellationToken cancellationToken) =>
        SendCallbackAsync(
            new InteractionCallbackBody((int)type, data is null ? null : System.Text.Json.JsonSerializer.SerializeToElement(data, DiscordJsonContext.Default.MessageBody)),
            cancellationToken);

    private async Task SendCallbackAsync(InteractionCallbackBody body, CancellationToken cancellationToken)
    {
        if (Expired)
        {
            // Discord said the interaction is unknown, or its deadline passed here: a second try would only be refused the same way.
            throw new InteractionExpiredException($"Interaction {Interaction.Id} is no longer known to Discord: Unknown interaction");
        }

        try
        {
            await callback.SendAsync(Interaction, body, sendBy, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException problem) when (problem.Code == DiscordApiException.UnknownInteraction)
        {
            // Handlers see "too late" in the contract's own terms, not the REST client's error type.
            Expired = true;
            Withheld = problem.Withheld;
            throw new InteractionExpiredException($"Interaction {Interaction.Id} is no longer known to Discord: {problem.DiscordMessage}", problem);
        }
        finally
        {
            answered?.Invoke();
        }
    }

    private void RequirePending(string operation)
    {
        if (State != InteractionState.Pending)
        {
            throw AlreadyAnswered(operation);
        }
    }

    private InvalidOperationException AlreadyAnswered(string operation) =>
        new($"{operation} is not possible: interaction {Interaction.Id} is already {State}. Use FollowUpAsync for another message.");

    private async Task UnderGateAsync(Func<Task> action)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await action().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<T> UnderGateAsync<T>(Func<Task<T>> action)
    {
        await gate.WaitAsync().ConfigureAwait(false);
        try
        {
            return await action().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
