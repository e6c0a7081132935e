using Bot.Discord.Abstractions;

namespace Bot.Tests.Support;

/// <summary>A hand-written <see cref="IInteractionContext"/> that keeps every answer for assertions.</summary>
internal sealed class RecordingContext(Interaction interaction) : IInteractionContext
{
    public Interaction Interaction { get; } = interaction;

    public List<MessageReply> Replies { get; } = [];

    public List<IReadOnlyList<AutocompleteChoice>> Suggestions { get; } = [];

    public Task RespondAsync(MessageReply reply, CancellationToken cancellationToken = default) => Record(reply);

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UpdateMessageAsync(MessageReply reply, CancellationToken cancellationToken = default) => Record(reply);

    public Task DeferUpdateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task AutocompleteAsync(IReadOnlyList<AutocompleteChoice> choices, CancellationToken cancellationToken = default)
    {
        Suggestions.Add(choices);
        return Task.CompletedTask;
    }

    public Task FollowUpAsync(MessageReply reply, CancellationToken cancellationToken = default) => Record(reply);

    public Task DeleteOriginalAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public static Interaction Command(string name, params CommandOptionValue[] options) => new(
        new Snowflake(10), new Snowflake(11), InteractionKind.ApplicationCommand, "token", new Snowflake(12), new Snowflake(13),
        new InteractionUser(new Snowflake(14), "member"), null, "en-US", name, CommandKind.ChatInput, options);

    public static CommandOptionValue Option(string name, string value, CommandOptionType type = CommandOptionType.String) => new(name, type, value, false, []);

    private Task Record(MessageReply reply)
    {
        Replies.Add(reply);
        return Task.CompletedTask;
    }
}
