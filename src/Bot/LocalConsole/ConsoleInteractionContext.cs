using Bot.Discord.Abstractions;

namespace Bot.LocalConsole;

/// <summary>Answers an interaction typed at the terminal by printing what Discord would show.</summary>
public sealed class ConsoleInteractionContext(Interaction interaction, TextWriter output) : IInteractionContext
{
    public Interaction Interaction { get; } = interaction;

    /// <summary>Every reply printed for this interaction, for callers that want to inspect them.</summary>
    public List<MessageReply> Replies { get; } = [];

    public Task RespondAsync(MessageReply reply, CancellationToken cancellationToken = default) => PrintAsync(reply);

    public Task DeferAsync(bool ephemeral, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task UpdateMessageAsync(MessageReply reply, CancellationToken cancellationToken = default) => PrintAsync(reply);

    public Task DeferUpdateAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task AutocompleteAsync(IReadOnlyList<AutocompleteChoice> choices, CancellationToken cancellationToken = default)
    {
        await output.WriteLineAsync(string.Join(Environment.NewLine, choices.Select(choice => "  " + choice.Name)));
    }

    public Task FollowUpAsync(MessageReply reply, CancellationToken cancellationToken = default) => PrintAsync(reply);

    public Task DeleteOriginalAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    private async Task PrintAsync(MessageReply reply)
    {
        Replies.Add(reply);
        await output.WriteLineAsync(ConsoleReplyRenderer.Render(reply));
        await output.FlushAsync();
    }
}
