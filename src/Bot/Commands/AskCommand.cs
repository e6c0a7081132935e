using Bot.Discord.Abstractions;
using Bot.Knowledge.Search;
using Bot.Moderation;
using Bot.Storage;
using Microsoft.Extensions.Logging;

namespace Bot.Commands;

/// <summary>
/// <c>/ask question:&lt;text&gt; [private:&lt;bool&gt;]</c>, and the "Ask the articles" message menu: answers from the
/// articles with cited passages, logs the question (for gaps and stats), and offers Full passage, More and feedback buttons.
/// </summary>
public sealed class AskCommand(
    GuildSearchers searchers,
    IQuestionLog questionLog,
    IReplyPreferences preferences,
    TimeProvider clock,
    ILogger<AskCommand> logger) : IBotCommand
{
    /// <summary>Long enough for any real question; Discord allows up to 6000 for a string option.</summary>
    public const int MaxQuestionLength = 500;

    /// <summary>Passages in the answer embed; the More button shows the next ones.</summary>
    public const int ShownPassages = 3;

    public CommandDefinition Definition { get; } = new(
        "ask",
        "Ask a question about the articles; the answer quotes and cites them.",
        [
            new CommandOptionDefinition("question", "What do you want to know?", CommandOptionType.String, Required: true, MinLength: 2, MaxLength: MaxQuestionLength),
            new CommandOptionDefinition("private", "Only you see the answer.", CommandOptionType.Boolean),
        ],
        AllowInDirectMessages: true);

    public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken) =>
        AnswerAsync(context, context.Interaction.GetString("question"), context.Interaction.GetBoolean("private"), cancellationToken);

    /// <summary>Answers <paramref name="question"/> for whoever invoked <paramref name="context"/>.</summary>
    public async Task AnswerAsync(IInteractionContext context, string? question, bool? privately, CancellationToken cancellationToken)
    {
        question = question?.Trim();
        if (string.IsNullOrWhiteSpace(question) || question.Length < 2)
        {
            throw new UserFacingException("Ask a question, for example: /ask question: Why is Xi wary of Kim's embrace of Putin?");
        }

        if (question.Length > MaxQuestionLength)
        {
            throw new UserFacingException($"That question is too long ({question.Length} characters); keep it under {MaxQuestionLength}.");
        }

        var interaction = context.Interaction;
        var ephemeral = privately ?? await preferences.PrivateByDefaultAsync(interaction.GuildId, cancellationToken);
        var (current, searcher, _) = await searchers.ForGuildAsync(interaction.GuildId, cancellationToken);
        var result = searcher.Search(DiscordMarkdown.WithoutMentions(question), maxResults: ShownPassages * 2);
        // The question is logged beside the reply, not before it: the log's writer commits in batches and a busy
        // database must not push the reply past Discord's 3-second deadline. The interaction's own snowflake names the
        // question, so the vote buttons need no id from the database; the write is awaited whatever happens to the
        // reply, and is not cancelled by a shutdown, because the member may already see the answer and vote on it.
        var questionId = (long)interaction.Id.Value;
        var record = new QuestionRecord(interaction.GuildId, interaction.ChannelId, interaction.User.Id, question, result.Answered, result.Hits.FirstOrDefault()?.Passage.Citation, clock.GetUtcNow(), questionId);
        var logging = TryLogAsync(record);
        try
        {
            var reply = AnswerReplyBuilder.Build(result with { Hits = result.Hits.Take(ShownPassages).ToList() }, current.Version, ephemeral);
            await context.RespondAsync(reply with { Components = Buttons(result, current.Version, questionId) }, cancellationToken);
        }
        finally
        {
            await logging;
        }
    }

    /// <summary>
    /// Logs the question for gaps, stats and votes. The member already has the answer, so a database that cannot be
    /// written (locked, full) costs only this question's place in the reports and its votes.
    /// </summary>
    private async Task TryLogAsync(QuestionRecord question)
    {
        try
        {
            await questionLog.RecordAsync(question, CancellationToken.None);
        }
        catch (StorageException problem)
        {
            logger.LogWarning("Answered, but could not log the question: {Reason}", problem.Message);
        }
    }

    private static IReadOnlyList<ActionRow> Buttons(SearchResult result, string knowledgeVersion, long questionId)
    {
        var buttons = new List<Button>();
        if (result.Answered && ButtonIds.ForFullPassage(result.Hits[0].Passage) is { } full)
        {
            buttons.Add(new Button(ButtonStyle.Primary, "Full passage", full));
        }

        var next = result.Hits.Skip(ShownPassages).Select(hit => hit.Passage.Index).ToList();
        if (result.Answered && next.Count > 0 && ButtonIds.ForMore(knowledgeVersion, next) is { } more)
        {
            buttons.Add(new Button(ButtonStyle.Secondary, "More", more));
        }

        buttons.Add(new Button(ButtonStyle.Secondary, "Helpful", ButtonIds.ForVote(questionId, helpful: true), Emoji: "👍"));
        buttons.Add(new Button(ButtonStyle.Secondary, "Not helpful", ButtonIds.ForVote(questionId, helpful: false), Emoji: "👎"));
        return [new ActionRow(buttons)];
    }
}

/// <summary>The message context menu "Ask the articles": the selected message's text is the question.</summary>
public sealed class AskAboutMessageCommand(AskCommand ask) : IBotCommand
{
    public CommandDefinition Definition { get; } = new("Ask the articles", string.Empty, [], CommandKind.Message);

    public Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var text = context.Interaction.TargetMessageContent;
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new UserFacingException("That message has no text to ask about.");
        }

        // A long message is asked about by its beginning, not refused: the first sentences carry the question.
        var question = text.Length > AskCommand.MaxQuestionLength ? DiscordMarkdown.Truncate(text, AskCommand.MaxQuestionLength).TrimEnd('…') : text;
        return ask.AnswerAsync(context, question, privately: null, cancellationToken);
    }
}
