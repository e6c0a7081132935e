using System.Text;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Search;
using Bot.Moderation;

namespace Bot.Commands;

/// <summary>
/// <c>/sources [article] [paragraph]</c>: the articles the bot knows; one article's outline; or one paragraph
/// verbatim with its citation, so anyone can check a citation.
/// </summary>
public sealed class SourcesCommand(GuildSearchers searchers) : IBotCommand
{
    /// <summary>Outline lines are cut to this many characters: enough to recognise a paragraph.</summary>
    private const int OutlineLineLength = 110;

    public CommandDefinition Definition { get; } = new(
        "sources",
        "List the articles, outline one, or show one paragraph exactly as the article has it.",
        [
            new CommandOptionDefinition("article", "Which article", CommandOptionType.String, Autocomplete: true, MaxLength: 100),
            new CommandOptionDefinition("paragraph", "Paragraph number (¶) to show verbatim", CommandOptionType.Integer, MinValue: 1, MaxValue: 10_000),
        ],
        AllowInDirectMessages: true);

    public async Task ExecuteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var current = (await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken)).Knowledge;
        var articleText = context.Interaction.GetString("article");
        var paragraph = context.Interaction.GetInteger("paragraph");
        if (string.IsNullOrWhiteSpace(articleText))
        {
            if (paragraph is not null)
            {
                throw new UserFacingException("Choose an article too: /sources article: <name> paragraph: <n>.");
            }

            await context.RespondAsync(ArticleList(current), cancellationToken);
            return;
        }

        var article = FindArticle(current, articleText)
            ?? throw new UserFacingException($"No article matches “{DiscordMarkdown.Question(articleText, 80)}”. Run /sources to see them all.");
        if (paragraph is null)
        {
            await context.RespondAsync(Outline(current, article), cancellationToken);
            return;
        }

        var passage = current.FindPassage(article.Id, (int)paragraph.Value)
            ?? throw new UserFacingException($"“{DiscordMarkdown.Escape(article.Title)}” has paragraphs ¶1 to ¶{article.ParagraphCount}.");
        await context.RespondAsync(PassageReplies.Verbatim(passage, ephemeral: false), cancellationToken);
    }

    public async Task AutocompleteAsync(IInteractionContext context, CancellationToken cancellationToken)
    {
        var typed = context.Interaction.FocusedOption?.Value ?? string.Empty;
        var choices = (await searchers.ForGuildAsync(context.Interaction.GuildId, cancellationToken)).Knowledge.Articles
            .Select(article => (Article: article, Rank: MatchRank(article, typed)))
            .Where(pair => pair.Rank >= 0)
            .OrderBy(pair => pair.Rank)
            .ThenBy(pair => pair.Article.Title, StringComparer.OrdinalIgnoreCase)
            .Take(25)
            .Select(pair => new AutocompleteChoice(DiscordMarkdown.Truncate($"{pair.Article.Title} ({pair.Article.PublisherOrUnknown})", 100), pair.Article.Id))
            .ToList();
        await context.AutocompleteAsync(choices, cancellationToken);
    }

    /// <summary>An article by id (what autocomplete sends) or, for a typed name, by the best title match.</summary>
    public static Article? FindArticle(KnowledgeBase knowledge, string text)
    {
        text = text.Trim();
        return knowledge.FindArticle(text)
            ?? knowledge.Articles
                .Select(article => (Article: article, Rank: MatchRank(article, text)))
                .Where(pair => pair.Rank >= 0)
                .OrderBy(pair => pair.Rank)
                .Select(pair => pair.Article)
                .FirstOrDefault();
    }

    /// <summary>0 for a title or id that starts with the text, 1 for one that contains it, -1 for no match.</summary>
    private static int MatchRank(Article article, string typed)
    {
        if (typed.Length == 0)
        {
            return 0;
        }

        bool Has(string? field, Func<string, string, bool> test) => field is not null && test(field, typed);
        if (Has(article.Title, (f, t) => f.StartsWith(t, StringComparison.OrdinalIgnoreCase)) || Has(article.Id, (f, t) => f.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            return 0;
        }

        return Has(article.Title, (f, t) => f.Contains(t, StringComparison.OrdinalIgnoreCase))
            || Has(article.Id, (f, t) => f.Contains(t, StringComparison.OrdinalIgnoreCase))
            || Has(article.Publisher, (f, t) => f.Contains(t, StringComparison.OrdinalIgnoreCase))
            ? 1
            : -1;
    }

    private static MessageReply ArticleList(KnowledgeBase knowledge)
    {
        // 25 fields at most in an embed; a larger library is listed over several embeds (10 per message, 6000 characters in all).
        var fields = knowledge.Articles.Select(article => new EmbedField(
            DiscordMarkdown.Truncate(article.Title, 256),
            DiscordMarkdown.Truncate(
                $"{DiscordMarkdown.Escape(article.PublisherOrUnknown)}{(article.Date is null ? string.Empty : " · " + article.Date)} · {article.ParagraphCount} paragraphs · id `{article.Id}`{(article.Url is null ? string.Empty : " · " + article.Url)}",
                1024))).ToList();
        var embeds = new List<Embed>();
        var total = 0;
        foreach (var chunk in fields.Chunk(10))
        {
            var size = chunk.Sum(field => field.Name.Length + field.Value.Length);
            if (embeds.Count == 3 || total + size > 5000)
            {
                break;
            }

            total += size;
            embeds.Add(new Embed { Title = embeds.Count == 0 ? $"The articles ({knowledge.Articles.Count})" : null, Fields = chunk });
        }

        var listed = embeds.Sum(embed => embed.Fields.Count);
        if (listed < fields.Count)
        {
            embeds[^1] = embeds[^1] with { Footer = $"Showing {listed} of {fields.Count}. Type in the article option to search them all." };
        }

        return new MessageReply { Embeds = embeds };
    }

    private static MessageReply Outline(KnowledgeBase knowledge, Article article)
    {
        var outline = new StringBuilder();
        foreach (var passage in knowledge.PassagesOf(article.Id))
        {
            var line = $"¶{passage.Number} {DiscordMarkdown.Escape(DiscordMarkdown.Truncate(passage.Text, OutlineLineLength))}\n";
            if (outline.Length + line.Length > 3800)
            {
                outline.Append($"… and {article.ParagraphCount - passage.Number + 1} more: use paragraph: N to read any of them.");
                break;
            }

            outline.Append(line);
        }

        var details = $"{article.PublisherOrUnknown}{(article.Date is null ? string.Empty : " · " + article.Date)} · {article.ParagraphCount} paragraphs";
        return new MessageReply
        {
            Embeds =
            [
                new Embed
                {
                    Title = DiscordMarkdown.Truncate(article.Title, 256),
                    Url = article.Url,
                    Description = outline.ToString().TrimEnd(),
                    Footer = DiscordMarkdown.Truncate($"{details} · /sources article: {article.Id} paragraph: N shows one verbatim", 2048),
                },
            ],
        };
    }
}
