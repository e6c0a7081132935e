using Bot.Discord.Abstractions;
using Bot.Knowledge.Quotes;
using Bot.Knowledge.Search;
using Bot.Moderation;

namespace Bot.Commands;

/// <summary>
/// <c>/quote [speaker] [about]</c>: what the people in the articles said, verbatim, with who said it, their role as
/// the article gives it, and the citation. With no options it lists who is quoted.
/// </summary>
public sealed class QuoteCommand(GuildSearchers searchers) : IBotCommand
{
    /// <summary>Quotes in one reply: fields are 25 at most and all embed text 6000 characters.</summary>
    private const int MaxQuotes = 8;
    private const int EmbedBudget = 5500;

    public CommandDefinition Definition { get; } = new(
        "quote",
        "What people in the articles said, word for word, with who said it and where.",
        [
            new CommandOptionDefinition("speaker", "Who said it", CommandOptionType.String, Autocomplete: true, MaxLength: 100),
            new CommandOptionDefinition("about", "Only quotes about this", CommandOptionType.String, MaxLength: 200),
        ],
        AllowInDirectMessages: true);

    public async Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var current = (await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken)).Knowledge;
        var speakerText = context.Interaction.GetString("speaker")?.Trim();
        var about = context.Interaction.GetString("about")?.Trim();
        if (string.IsNullOrEmpty(speakerText) && string.IsNullOrEmpty(about))
        {
            await context.RespondAsync(SpeakerList(current.Speakers), cancellationToken);
            return;
        }

        IEnumerable<Quote> quotes = current.Quotes;
        SpeakerSummary? speaker = null;
        if (!string.IsNullOrEmpty(speakerText))
        {
            speaker = current.Speakers.Find(speakerText, limit: 1).FirstOrDefault()
                ?? throw new UserFacingException($"Nobody called “{DiscordMarkdown.Question(speakerText, 80)}” is quoted in the articles. Run /quote with no options to see who is.");
            quotes = quotes.Where(quote => quote.Speaker == speaker.Name);
        }

        if (!string.IsNullOrEmpty(about))
        {
            quotes = RankByTopic(current, quotes, about);
        }

        var chosen = quotes.ToList();
        if (chosen.Count == 0)
        {
            var who = speaker is null ? "anyone" : speaker.Name;
            throw new UserFacingException($"The articles quote {who} on nothing about “{DiscordMarkdown.Question(about ?? string.Empty, 80)}”.");
        }

        await context.RespondAsync(QuoteReply(chosen, speaker, about), cancellationToken);
    }

    public async Task AutocompleteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var typed = context.Interaction.FocusedOption?.Value?.Trim() ?? string.Empty;
        var speakers = (await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken)).Knowledge.Speakers;
        var matches = typed.Length == 0 ? speakers.Speakers.Take(25) : speakers.Find(typed, limit: 25);
        var choices = matches
            .Where(speaker => speaker.Name.Length <= 100)
            .Select(speaker => new AutocompleteChoice(
                DiscordMarkdown.Truncate(speaker.Role is null ? speaker.Name : $"{speaker.Name} — {speaker.Role}", 100),
                speaker.Name))
            .ToList();
        await context.AutocompleteAsync(choices, cancellationToken);
    }

    /// <summary>Quotes whose words (or, failing that, whose paragraph) share the topic's terms, best first.</summary>
    private static IEnumerable<Quote> RankByTopic(KnowledgeBase knowledge, IEnumerable<Quote> quotes, string about)
    {
        var topic = knowledge.Analyzer.Analyze(about).Select(token => token.Term).ToHashSet(StringComparer.Ordinal);
        return quotes
            .Select(quote => (Quote: quote, Score: Overlap(knowledge, quote.Text, topic) * 2 + Overlap(knowledge, quote.Passage.Text, topic)))
            .Where(pair => pair.Score > 0)
            .OrderByDescending(pair => pair.Score)
            .ThenBy(pair => pair.Quote.Passage.Index)
            .Select(pair => pair.Quote);
    }

    private static int Overlap(KnowledgeBase knowledge, string text, HashSet<string> topic) =>
        knowledge.Analyzer.Analyze(text).Select(token => token.Term).Distinct(StringComparer.Ordinal).Count(topic.Contains);

    private static MessageReply SpeakerList(SpeakerIndex speakers)
    {
        var lines = speakers.Speakers.Select(speaker =>
            $"**{DiscordMarkdown.Escape(speaker.Name)}**{(speaker.Role is null ? string.Empty : " — " + DiscordMarkdown.Escape(speaker.Role))} ({speaker.QuoteCount} quote{(speaker.QuoteCount == 1 ? string.Empty : "s")})");
        var description = string.Join('\n', lines);
        return new MessageReply
        {
            Embeds =
            [
                new Embed
                {
                    Title = "Who is quoted in the articles",
                    Description = description.Length == 0 ? "The articles quote nobody directly." : DiscordMarkdown.Truncate(description, 4000),
                    Footer = "/quote speaker: <name> shows what they said, word for word.",
                },
            ],
        };
    }

    private static MessageReply QuoteReply(IReadOnlyList<Quote> quotes, SpeakerSummary? speaker, string? about)
    {
        var fields = new List<EmbedField>();
        var used = 0;
        foreach (var quote in quotes.Take(MaxQuotes))
        {
            var name = DiscordMarkdown.Truncate(speaker is null ? $"{quote.Speaker}{(quote.Role is null ? string.Empty : " — " + quote.Role)}" : quote.Passage.Citation, 256);
            var value = DiscordMarkdown.Truncate(
                $"{WholeQuote(quote.Text)}\n— {DiscordMarkdown.Escape(speaker is null ? quote.Passage.Citation : quote.Speaker)}",
                1024);
            if (used + name.Length + value.Length > EmbedBudget)
            {
                break;
            }

            used += name.Length + value.Length;
            fields.Add(new EmbedField(name, value));
        }

        var title = speaker is null
            ? $"Quotes about “{about}”"
            : speaker.Role is null ? speaker.Name : $"{speaker.Name}, {speaker.Role}";
        var more = quotes.Count > fields.Count ? $" · {quotes.Count - fields.Count} more: narrow with about:" : string.Empty;
        return new MessageReply
        {
            Embeds =
            [
                new Embed
                {
                    Title = DiscordMarkdown.Truncate(DiscordMarkdown.Escape(title), 256),
                    Fields = fields,
                    Footer = $"{quotes.Count} quote{(quotes.Count == 1 ? string.Empty : "s")}{more}",
                },
            ],
        };
    }

    /// <summary>
    /// A quote as it stands, escaped. One longer than a field allows is cut at the end of a sentence inside it, with an
    /// ellipsis, never mid-sentence.
    /// </summary>
    private static string WholeQuote(string text)
    {
        const int room = 900;
        var escaped = DiscordMarkdown.Escape(text);
        if (escaped.Length <= room)
        {
            return escaped;
        }

        var pieces = ReplySplitter.Split(escaped, room);
        return pieces[0] + " […]";
    }
}
