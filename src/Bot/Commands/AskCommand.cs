using Bot.Answering;
using Bot.Discord.Abstractions;

namespace Bot.Commands;

/// <summary><c>/ask question:&lt;text&gt; [private:&lt;bool&gt;]</c>: answers from the articles with cited passages.</summary>
public sealed class AskCommand(KnowledgeProvider knowledge) : IBotCommand
{
    /// <summary>Long enough for any real question; Discord allows up to 6000 for a string option.</summary>
    public const int MaxQuestionLength = 500;

    public CommandDefinition Definition { get; } = new(
        "ask",
        "Ask a question about the articles; the answer quotes and cites them.",
        [
            new CommandOptionDefinition("question", "What do you want to know?", CommandOptionType.String, Required: true, MinLength: 2, MaxLength: MaxQuestionLength),
            new CommandOptionDefinition("private", "Only you see the answer.", CommandOptionType.Boolean),
        ]);

    public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var question = context.Interaction.GetString("question")?.Trim();
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new UserFacingException("Ask a question, for example: /ask question: Why is Xi wary of Kim's embrace of Putin?");
        }

        if (question.Length > MaxQuestionLength)
        {
            throw new UserFacingException($"That question is too long ({question.Length} characters); keep it under {MaxQuestionLength}.");
        }

        var ephemeral = context.Interaction.GetBoolean("private") ?? false;
        var result = knowledge.Searcher.Search(question, maxResults: 3);
        return context.RespondAsync(AnswerReplyBuilder.Build(result, knowledge.Current.Version, ephemeral), cancellationToken);
    }
}
