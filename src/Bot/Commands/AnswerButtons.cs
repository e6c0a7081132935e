using System.Globalization;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Search;
using Bot.Moderation;
using Bot.Storage;

namespace Bot.Commands;

/// <summary>"Full passage": the whole paragraph, verbatim, with its citation, privately to whoever clicked.</summary>
public sealed class FullPassageButton(GuildSearchers searchers) : IComponentHandler
{
    public string Prefix => ButtonIds.FullPassage;

    public async Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var parts = ButtonIds.Parts(context.Interaction.CustomId!);
        var knowledge = (await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken)).Knowledge;
        var passage = parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? knowledge.FindPassage(parts[0], number)
            : null;
        if (passage is null)
        {
            throw new UserFacingException("That passage is no longer in the articles. Ask again to get a fresh answer.");
        }

        await context.RespondAsync(PassageReplies.Verbatim(passage), cancellationToken);
    }
}

/// <summary>"More": the next results of the same answer, privately.</summary>
public sealed class MoreResultsButton(GuildSearchers searchers) : IComponentHandler
{
    public string Prefix => ButtonIds.More;

    public async Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var parts = ButtonIds.Parts(context.Interaction.CustomId!);
        var current = (await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken)).Knowledge;
        if (parts.Length != 2 || parts[0] != current.Version)
        {
            throw new UserFacingException("The articles have been updated since this answer. Ask again to see the latest results.");
        }

        var passages = parts[1].Split(',')
            .Select(text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var index) ? index : -1)
            .Where(index => index >= 0 && index < current.Passages.Count)
            .Select(index => current.Passages[index])
            .ToList();
        if (passages.Count == 0)
        {
            throw new UserFacingException("There are no more results for this question.");
        }

        var fields = passages.Select((passage, i) => new EmbedField(
            DiscordMarkdown.Truncate($"[{i + AskCommand.ShownPassages + 1}] {passage.Citation}", 256),
            DiscordMarkdown.Escape(DiscordMarkdown.Truncate(passage.Text, 900)))).ToList();
        await context.RespondAsync(
            new MessageReply { Ephemeral = true, Embeds = [new Embed { Title = "More from the articles", Fields = fields }] },
            cancellationToken);
    }
}

/// <summary>👍 / 👎 on an answer: one vote per user per answer, kept for the moderators' report.</summary>
public sealed class FeedbackButton(IFeedbackStore feedback, TimeProvider clock) : IComponentHandler
{
    public string Prefix => ButtonIds.Vote;

    public async Task HandleAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var parts = ButtonIds.Parts(context.Interaction.CustomId!);
        if (parts.Length != 2 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var questionId) || parts[1] is not ("up" or "down"))
        {
            throw new UserFacingException("This button has expired. Ask again to get a fresh answer.");
        }

        var helpful = parts[1] == "up";
        var outcome = await feedback.RecordAsync(new FeedbackVote(questionId, context.Interaction.User.Id, helpful, clock.GetUtcNow()), cancellationToken);
        var message = outcome switch
        {
            FeedbackOutcome.Recorded => helpful ? "Thanks! Glad it helped." : "Thanks for telling us. The moderators will see that this answer missed.",
            FeedbackOutcome.Changed => "Thanks, your vote is changed.",
            FeedbackOutcome.Unchanged => "You have already voted on this answer.",
            _ => "This answer is too old to vote on.",
        };
        await context.RespondAsync(MessageReply.Text(message, ephemeral: true), cancellationToken);
    }
}

/// <summary>Replies that show a passage exactly as the article has it.</summary>
public static class PassageReplies
{
    /// <summary>Room for passage text in one message: three embeds of this size stay under the 6000-character total.</summary>
    private const int PieceLength = 1800;

    /// <summary>
    /// The paragraph verbatim (escaped only so markdown cannot change it) with its citation. A paragraph too long
    /// for one embed is split at sentence ends across up to three embeds; anything beyond is marked as cut.
    /// </summary>
    public static MessageReply Verbatim(Passage passage, bool ephemeral = true)
    {
        var pieces = ReplySplitter.Split(DiscordMarkdown.Escape(passage.Text), PieceLength);
        var shown = pieces.Take(3).ToList();
        if (pieces.Count > shown.Count)
        {
            shown[^1] += " […]";
        }

        var embeds = shown.Select((piece, i) => new Embed
        {
            Title = i == 0 ? DiscordMarkdown.Truncate($"¶{passage.Number} of “{passage.Article.Title}”", 256) : null,
            Description = piece,
            Footer = i == shown.Count - 1 ? DiscordMarkdown.Truncate(passage.Citation, 1000) : null,
        }).ToList();
        return new MessageReply { Ephemeral = ephemeral, Embeds = embeds };
    }
}
