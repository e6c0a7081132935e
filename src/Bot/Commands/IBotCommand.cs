using Bot.Discord.Abstractions;

namespace Bot.Commands;

/// <summary>One slash command or context-menu entry: its definition and what it does. Thin: the work is in services.</summary>
public interface IBotCommand
{
    CommandDefinition Definition { get; }

    Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken);

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
