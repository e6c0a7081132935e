namespace Bot.Discord.Abstractions;

/// <summary>
/// One interaction and the ways to answer it. The Discord client implements it over REST (with the
/// 3-second deadline handled for the handler: it defers on its own when a handler is slow, and
/// <see cref="RespondAsync"/> then edits the deferred reply); the local console implements it over a terminal.
/// An answer that comes too late for Discord throws <see cref="InteractionExpiredException"/>.
/// </summary>
public interface IInteractionContext
{
    Interaction Interaction { get; }

    /// <summary>Sends the reply (callback type 4), or edits <c>@original</c> when the interaction was already deferred.</summary>
    Task RespondAsync(MessageReply reply, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges now and answers later (callback type 5).</summary>
    Task DeferAsync(bool ephemeral, CancellationToken cancellationToken = default);

    /// <summary>Replaces the message a button was clicked on (callback type 7).</summary>
    Task UpdateMessageAsync(MessageReply reply, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges a button click without changing anything yet (callback type 6).</summary>
    Task DeferUpdateAsync(CancellationToken cancellationToken = default);

    /// <summary>Answers an autocomplete interaction (callback type 8, at most 25 choices).</summary>
    Task AutocompleteAsync(IReadOnlyList<AutocompleteChoice> choices, CancellationToken cancellationToken = default);

    /// <summary>Sends another message after the first answer (webhook follow-up).</summary>
    Task FollowUpAsync(MessageReply reply, CancellationToken cancellationToken = default);

    /// <summary>Deletes the first answer.</summary>
    Task DeleteOriginalAsync(CancellationToken cancellationToken = default);
}

/// <summary>What the host gives the Discord client: the code that answers interactions.</summary>
public interface IInteractionHandler
{
    Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the answer to <paramref name="interaction"/> will be ephemeral. The client asks when a handler
    /// is slow and it must defer on the handler's behalf: a deferral fixes the visibility of the reply that
    /// later replaces it (docs/interactions--receiving-and-responding.mdx). Defaults to a public reply.
    /// </summary>
    bool PrefersEphemeral(Interaction interaction) => false;
}

/// <summary>What the host gives the Discord client: the commands to publish after READY.</summary>
public interface ICommandCatalog
{
    IReadOnlyList<CommandDefinition> Commands { get; }
}
