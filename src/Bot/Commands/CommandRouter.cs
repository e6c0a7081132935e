using System.Diagnostics;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Index;
using Bot.Storage;
using Microsoft.Extensions.Logging;

namespace Bot.Commands;

/// <summary>
/// Routes each interaction to its command or button handler, and turns failures into a short private reply:
/// one bad interaction never reaches the gateway loop, and nobody sees a stack trace.
/// </summary>
public sealed class CommandRouter(
    IEnumerable<IBotCommand> commands,
    IEnumerable<IComponentHandler> componentHandlers,
    IEnumerable<IInteractionGuard> guards,
    ILogger<CommandRouter> logger) : IInteractionHandler, ICommandCatalog
{
    private readonly Dictionary<string, IBotCommand> _commands = commands.ToDictionary(command => command.Definition.Name, StringComparer.Ordinal);
    private readonly Dictionary<string, IComponentHandler> _components = componentHandlers.ToDictionary(handler => handler.Prefix, StringComparer.Ordinal);

    public IReadOnlyList<CommandDefinition> Commands => _commands.Values.Select(command => command.Definition).ToList();

    /// <summary>Button replies (full passage, more, votes) and refusals are private; commands say for themselves.</summary>
    public bool PrefersEphemeral(Interaction interaction) => interaction.Kind switch
    {
        InteractionKind.ApplicationCommand when interaction.CommandName is { } name && _commands.TryGetValue(name, out var command) => command.RepliesPrivately(interaction),
        _ => true,
    };

    public async Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        var started = Stopwatch.GetTimestamp();
        var name = Describe(interaction);
        try
        {
            await DispatchAsync(context, cancellationToken);
            // Debug: at hundreds of questions a second this line alone was most of the log; refusals and failures stay above it.
            logger.LogDebug("Handled {Interaction} from {UserId} in {ElapsedMs} ms", name, interaction.User.Id, ElapsedMs(started));
        }
        catch (UserFacingException problem)
        {
            logger.LogInformation("Refused {Interaction} from {UserId}: {Reason}", name, interaction.User.Id, problem.Message);
            await ReplyPrivatelyAsync(context, problem.Message, cancellationToken);
        }
        catch (StorageException problem)
        {
            // The operator reads SQLite's reason (and for a damaged file how to recover) in the log; the person, plain words.
            logger.Log(
                problem.Failure == StorageFailure.Busy ? LogLevel.Warning : LogLevel.Error,
                "Cannot answer {Interaction} from {UserId}: {Reason}",
                name,
                interaction.User.Id,
                problem.Message);
            await ReplyPrivatelyAsync(context, StorageReply(problem.Failure), cancellationToken);
        }
        catch (KnowledgeFileException problem)
        {
            logger.LogError("Cannot answer {Interaction}: {Reason}", name, problem.Message);
            await ReplyPrivatelyAsync(context, "The bot's knowledge is unavailable right now; a moderator has been told in the logs.", cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (InteractionExpiredException problem)
        {
            // The interaction's 3 seconds are over: no error reply could land, so none is tried. The Discord client says
            // so once, as a warning, for every handler; here it would be a second line per interaction under overload.
            logger.LogDebug("Too late to answer {Interaction} from {UserId} after {ElapsedMs} ms: {Reason}", name, interaction.User.Id, ElapsedMs(started), problem.Message);
        }
        catch (Exception exception)
        {
            logger.LogError(exception, "Failed {Interaction} from {UserId} after {ElapsedMs} ms", name, interaction.User.Id, ElapsedMs(started));
            await ReplyPrivatelyAsync(context, "Something went wrong while answering. Please try again.", cancellationToken);
        }
    }

    /// <summary>What a member or moderator is told when the database fails under their interaction.</summary>
    internal static string StorageReply(StorageFailure failure) => failure switch
    {
        StorageFailure.Busy => "The bot's database is busy: another program is writing to it. Please try again in a moment.",
        StorageFailure.Damaged =>
            "I can't read this server's settings or my records: the bot's database is damaged, so I'm not answering for now. " +
            "Moderators: ask whoever runs the bot to restore the database from a backup or to reset it; the bot's log says how.",
        _ => "I can't use the bot's database right now, so I'm not answering for now. Moderators: whoever runs the bot will find the reason in its log.",
    };

    private async Task DispatchAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        foreach (var guard in guards)
        {
            var refusal = await guard.CheckAsync(interaction, cancellationToken);
            if (refusal is not null)
            {
                if (interaction.Kind == InteractionKind.Autocomplete)
                {
                    await context.AutocompleteAsync([], cancellationToken);
                    return;
                }

                throw new UserFacingException(refusal);
            }
        }

        await RouteAsync(context, cancellationToken);
    }

    private Task RouteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var interaction = context.Interaction;
        switch (interaction.Kind)
        {
            case InteractionKind.ApplicationCommand when interaction.CommandName is { } commandName && _commands.TryGetValue(commandName, out var command):
                return command.ExecuteAsync(context, cancellationToken);
            case InteractionKind.Autocomplete when interaction.CommandName is { } commandName && _commands.TryGetValue(commandName, out var command):
                return command.AutocompleteAsync(context, cancellationToken);
            case InteractionKind.MessageComponent when interaction.CustomId is { } customId && _components.TryGetValue(PrefixOf(customId), out var handler):
                return handler.HandleAsync(context, cancellationToken);
            case InteractionKind.MessageComponent:
                throw new UserFacingException("This button has expired. Ask again to get a fresh answer.");
            case InteractionKind.Autocomplete:
                return context.AutocompleteAsync([], cancellationToken);
            default:
                throw new UserFacingException("I don't know that command. Try /ask.");
        }
    }

    private async Task ReplyPrivatelyAsync(IInteractionContext context, string message, CancellationToken cancellationToken)
    {
        if (context.Interaction.Kind == InteractionKind.Autocomplete)
        {
            return;
        }

        try
        {
            await context.RespondAsync(MessageReply.Text(message, ephemeral: true), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The interaction may already be answered or expired; the original failure is logged already.
            logger.LogWarning("Could not send the error reply for {Interaction}: {Reason}", Describe(context.Interaction), exception.Message);
        }
    }

    private static string PrefixOf(string customId)
    {
        var colon = customId.IndexOf(':');
        return colon < 0 ? customId : customId[..colon];
    }

    private static string Describe(Interaction interaction) => interaction.Kind switch
    {
        InteractionKind.MessageComponent => $"button {PrefixOf(interaction.CustomId ?? string.Empty)}",
        InteractionKind.Autocomplete => $"autocomplete /{interaction.CommandName}",
        _ => string.Join(' ', new[] { "/" + interaction.CommandName }.Concat(interaction.SubcommandPath)),
    };

    private static long ElapsedMs(long started) => (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
