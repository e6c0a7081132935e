using System.Text;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Storage;

namespace Bot.Moderation;

/// <summary>What the moderators read: the gaps in the articles, usage stats, the audit log and the current lists.</summary>
public sealed class ModerationReports(IQuestionReports questions, IModerationStore store, TimeProvider clock)
{
    /// <summary>Unanswered questions read for the gaps report; older ones beyond this are not grouped.</summary>
    private const int UnansweredSample = 5000;

    private const int ShownGaps = 15;

    private const int ShownNotHelpful = 10;

    /// <summary>Room for one list in an embed description (limit 4096), leaving space for the "and N more" line.</summary>
    private const int ListRoom = 3800;

    public async Task<MessageReply> GapsAsync(Snowflake guildId, int days, CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow().AddDays(-days);
        var unanswered = await questions.UnansweredAsync(guildId, since, UnansweredSample, cancellationToken);
        var notHelpful = await questions.NotHelpfulAsync(guildId, since, ShownNotHelpful, cancellationToken);

        // The same question asked in other words ("Who is Kim?" / "who is kim") counts once, shown as first asked.
        var gaps = unanswered
            .GroupBy(Normalize, StringComparer.Ordinal)
            .Select(group => (Text: group.Last(), Count: group.Count()))
            .OrderByDescending(gap => gap.Count)
            .ThenBy(gap => gap.Text, StringComparer.OrdinalIgnoreCase)
            .ToList();

        var unansweredLines = gaps.Take(ShownGaps).Select(gap => $"**{gap.Count}×** {DiscordMarkdown.Question(gap.Text, 150)}").ToList();
        var notHelpfulLines = notHelpful.Select(answer =>
            $"👎 {answer.NotHelpful}{(answer.Helpful > 0 ? $" · 👍 {answer.Helpful}" : string.Empty)} · {DiscordMarkdown.Question(answer.Question, 120)}"
            + $"\n   ↳ {(answer.TopCitation is null ? "no citation" : DiscordMarkdown.Question(answer.TopCitation, 120))}").ToList();

        var unansweredField = gaps.Count == 0 ? "None: every question got an answer." : Fit(unansweredLines, gaps.Count, 1000);
        var notHelpfulField = notHelpful.Count == 0 ? "No answer got a 👎." : Fit(notHelpfulLines, notHelpful.Count, 1000);
        return Private(new Embed
        {
            Title = $"Gaps in the last {Describe.Count(days, "day")}",
            Description = "Questions the bot could not answer, most asked first, and answers members marked 👎. Add articles, or teach the wording with /mod aliases add.",
            Fields =
            [
                new EmbedField($"Unanswered ({Describe.Count(unanswered.Count, "question")}, {gaps.Count} different)", unansweredField),
                new EmbedField("Answers marked not helpful", notHelpfulField),
            ],
        });
    }

    public async Task<MessageReply> StatsAsync(Snowflake guildId, int days, CancellationToken cancellationToken)
    {
        var stats = await questions.StatsAsync(guildId, clock.GetUtcNow().AddDays(-days), busiestChannels: 5, cancellationToken);
        var channels = stats.BusiestChannels.Count == 0
            ? "No questions yet."
            : string.Join("\n", stats.BusiestChannels.Select(channel => $"{(channel.ChannelId is { } id ? $"<#{id}>" : "direct messages")}: {channel.Questions}"));
        var votes = stats.Helpful + stats.NotHelpful;
        return Private(new Embed
        {
            Title = $"The last {Describe.Count(days, "day")}",
            Fields =
            [
                new EmbedField("Questions", $"{stats.Asked} from {Describe.Count(stats.Askers, "member")}", Inline: true),
                new EmbedField("Answered", $"{stats.Answered} ({Describe.Percent(stats.Answered, stats.Asked)})", Inline: true),
                new EmbedField("Feedback", votes == 0 ? "no votes" : $"👍 {stats.Helpful} · 👎 {stats.NotHelpful} ({Describe.Percent(stats.Helpful, votes)} helpful)", Inline: true),
                new EmbedField("Busiest channels", channels),
            ],
        });
    }

    public async Task<MessageReply> AuditLogAsync(Snowflake guildId, int count, CancellationToken cancellationToken)
    {
        var entries = await store.AuditLogAsync(guildId, count, cancellationToken);
        var lines = entries.Select(entry =>
            $"`{Describe.Time(entry.At)}` <@{entry.ModeratorId}> **{entry.Action}**: {entry.Details}"
            + (entry.Reason is null ? string.Empty : $" — “{DiscordMarkdown.Question(entry.Reason, 200)}”")).ToList();
        return Private(new Embed
        {
            Title = $"Audit log (newest first, {entries.Count} shown)",
            Description = lines.Count == 0 ? "No moderator has changed anything yet." : Fit(lines, lines.Count, ListRoom),
        });
    }

    public static MessageReply Blocked(GuildModeration settings) => Private(new Embed
    {
        Title = $"Blocked members ({settings.Blocked.Count})",
        Description = settings.Blocked.Count == 0
            ? "Nobody is blocked."
            : Fit(
                settings.Blocked.Select(block =>
                    $"<@{block.UserId}> since {Describe.Time(block.BlockedAt)} by <@{block.BlockedBy}>"
                    + (block.Reason is null ? string.Empty : $": “{DiscordMarkdown.Question(block.Reason, 200)}”")).ToList(),
                settings.Blocked.Count,
                ListRoom),
    });

    public static MessageReply Aliases(GuildModeration settings) => Private(new Embed
    {
        Title = $"Aliases ({settings.Aliases.Count})",
        Description = settings.Aliases.Count == 0
            ? "This server has no aliases. Add one with /mod aliases add term: … means: …"
            : Fit(
                settings.Aliases.Select(alias => $"“{DiscordMarkdown.Question(alias.Term, 60)}” → “{DiscordMarkdown.Question(alias.Means, 200)}”").ToList(),
                settings.Aliases.Count,
                ListRoom),
    });

    public static MessageReply Private(Embed embed) => new() { Ephemeral = true, Embeds = [embed] };

    /// <summary>Lower case, letters and digits only, single spaces: how questions are grouped in the gaps report.</summary>
    internal static string Normalize(string question)
    {
        var text = new StringBuilder(question.Length);
        foreach (var c in question.ToLowerInvariant())
        {
            text.Append(char.IsLetterOrDigit(c) ? c : ' ');
        }

        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>As many whole lines as fit in <paramref name="room"/> characters, then how many more there are.</summary>
    private static string Fit(IReadOnlyList<string> lines, int total, int room)
    {
        var text = new StringBuilder();
        var shown = 0;
        foreach (var line in lines)
        {
            if (text.Length + line.Length + 1 > room - 40)
            {
                break;
            }

            text.Append(line).Append('\n');
            shown++;
        }

        if (shown < total)
        {
            text.Append($"… and {total - shown} more");
        }

        return text.ToString().TrimEnd();
    }
}
