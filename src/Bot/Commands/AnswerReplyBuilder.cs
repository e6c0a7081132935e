using Bot.Answering;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Search;

namespace Bot.Commands;

/// <summary>
/// Builds the reply to a question: an embed with the question, the best passage (matched words in bold)
/// and its citation, up to two more cited passages as fields, and a footer naming the sources and the
/// knowledge version. Sized to Discord's embed limits (../shared/discord/docs/resources--message.mdx) before
/// the client's own limit check, so nothing is cut mid-markup.
/// </summary>
public static class AnswerReplyBuilder
{
    /// <summary>Room for a passage in a field value (limit 1024) once escapes and bold markers are added.</summary>
    private const int FieldPassageChars = 850;

    /// <summary>Room for the best passage in the description (limit 4096).</summary>
    private const int DescriptionPassageChars = 3000;

    private const int TitleQuestionChars = 240;

    /// <summary>Discord blurple, for answers; grey for "not covered".</summary>
    private const int AnswerColor = 0x5865F2;
    private const int NotCoveredColor = 0x99AAB5;

    public static MessageReply Build(SearchResult result, string knowledgeVersion, bool ephemeral, int extraPassages = 2)
    {
        var title = "Q: " + DiscordMarkdown.Question(result.Question, TitleQuestionChars);
        var truncated = AnswerText.TruncationNote(result) is { } note ? note + " · " : string.Empty;
        if (!result.Answered)
        {
            var description = "The articles don't say.";
            if (result.MissingWords.Count > 0)
            {
                description += " Nothing in them mentions " + string.Join(", ", result.MissingWords.Take(5).Select(word => $"“{DiscordMarkdown.Escape(word)}”")) + ".";
            }

            if (result.Suggestions.Count > 0)
            {
                description += "\n\nDid you mean: " + string.Join(" · ", result.Suggestions.Take(5).Select(DiscordMarkdown.Escape)) + "?";
            }

            return new MessageReply
            {
                Ephemeral = ephemeral,
                Embeds = [new Embed { Title = title, Description = description, Color = NotCoveredColor, Footer = $"{truncated}knowledge {knowledgeVersion}" }],
            };
        }

        var best = result.Hits[0];
        var fields = result.Hits.Skip(1).Take(extraPassages)
            .Select((hit, i) => new EmbedField(
                DiscordMarkdown.Truncate($"[{i + 2}] {hit.Passage.Citation}", 256),
                Excerpt(hit, FieldPassageChars)))
            .ToList();
        var sources = result.Hits.Take(1 + extraPassages)
            .Select(hit => hit.Passage.Article.PublisherOrUnknown)
            .Distinct(StringComparer.Ordinal);
        return new MessageReply
        {
            Ephemeral = ephemeral,
            Embeds =
            [
                new Embed
                {
                    Title = title,
                    Description = $"{Excerpt(best, DescriptionPassageChars)}\n\n[1] {DiscordMarkdown.Escape(best.Passage.Citation)}",
                    Color = AnswerColor,
                    Fields = fields,
                    Footer = DiscordMarkdown.Truncate($"{truncated}Sources: {string.Join(", ", sources)} · knowledge {knowledgeVersion}", 2048),
                },
            ],
        };
    }

    /// <summary>The passage, cut at a word boundary when it is longer than <paramref name="maxChars"/>, matched words in bold.</summary>
    public static string Excerpt(PassageHit hit, int maxChars)
    {
        var text = hit.Passage.Text;
        if (text.Length <= maxChars)
        {
            return DiscordMarkdown.Highlight(text, hit.Highlights);
        }

        var cut = DiscordMarkdown.Truncate(text, maxChars).TrimEnd('…');
        var highlights = hit.Highlights.Where(span => span.End <= cut.Length).ToList();
        return DiscordMarkdown.Highlight(cut, highlights) + "…";
    }
}
