using Bot.Discord.Abstractions;

namespace Bot.Commands;

/// <summary>One slash command or context-menu entry: its definition and what it does. Thin: the work is in services.</summary>
public interface IBotCommand
{
    CommandDefinition Definition { get; }

    Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Whether this interaction's reply will be private, so a deferral made on the command's behalf (when it is slow)
    /// has the same visibility as the reply that replaces it. Follows the <c>private</c> option by default.
    /// </summary>
    bool RepliesPrivately(Interaction interaction) => interaction.GetBoolean("private") ?? false;

    /// <summary>Suggestions while the user types an autocomplete option; none by default.</summary>
    Task AutocompleteAsync(IInteractionContext context, CancellationToken cancellationToken) =>
        context.AutocompleteAsync([], cancellationToken);
}

/// <summary>Handles clicks on the bot's buttons whose <c>custom_id</c> starts with <see cref="Prefix"/> and a colon.</summary>
public interface IComponentHandler
{
    string Prefix { get; }

    Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken);
}

/// <summary>A problem the user can fix, shown to them as a short private reply. Never carries internals.</summary>
public sealed class UserFacingException(string message) : Exception(message);
