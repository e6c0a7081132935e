using System.Text;
using Bot.Answering;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Moderation;

/// <summary>
/// A server's own articles, as moderators manage them: an upload is downloaded (from Discord's CDN only), extracted and
/// cleaned, checked against the limits and for a duplicate, stored with its audit line, and the server's knowledge rebuilt
/// and swapped in, all before the moderator is told it is added: a confirmed article is on disk and answering.
/// </summary>
public sealed class ArticleService(
    IArticleStore store,
    GuildKnowledge knowledge,
    IAttachmentDownloader downloads,
    IOptions<KnowledgeOptions> options,
    TimeProvider clock,
    ILogger<ArticleService> logger)
{
    /// <summary>Characters of the first paragraph shown in the confirmation.</summary>
    private const int FirstParagraphLength = 400;

    /// <summary>Characters of the cleaner's report in the confirmation.</summary>
    private const int RemovedLength = 600;

    public async Task<string> AddAsync(Moderator moderator, InteractionAttachment? file, ArticleMetadata given, string? reason, CancellationToken cancellationToken)
    {
        if (file is null)
        {
            throw new UserFacingException("Attach the article as a file: /mod articles add file: (a .txt, .md or saved .html page).");
        }

        var limits = options.Value;
        var name = ArticleExtractor.SafeFileName(file.FileName);
        byte[] bytes;
        try
        {
            bytes = await downloads.DownloadAsync(file, limits.MaxUploadBytes, cancellationToken);
        }
        catch (AttachmentDownloadException problem)
        {
            logger.LogInformation("Article upload {File} in {GuildId} not downloaded: {Reason}", name, moderator.GuildId, problem.Message);
            throw new UserFacingException($"I can't add {Code(name)}: {problem.Message}");
        }

        var extracted = await Task.Run(() => Extract(name, bytes, given), cancellationToken);
        var parsed = extracted.Parsed;
        var article = new GuildArticle(
            new GuildArticleInfo(parsed.Id, parsed.Title, name, parsed.Paragraphs.Count, extracted.TextBytes, moderator.User.Id, clock.GetUtcNow()),
            extracted.Source,
            extracted.ContentSha256);
        var details = $"added “{Short(parsed.Title)}” ({SqliteArticleStore.ArticleIdPlaceholder}) from {name}, {Describe.Count(parsed.Paragraphs.Count, "paragraph")}";
        var outcome = await store.AddAsync(
            moderator.GuildId,
            article,
            new ArticleLimits(limits.MaxArticlesPerServer, (long)limits.MaxTextMegabytesPerServer * 1024 * 1024),
            Audit(moderator, "articles add", details, reason),
            cancellationToken);
        switch (outcome)
        {
            case ArticleAddOutcome.Duplicate duplicate:
                throw new UserFacingException($"I can't add {Code(name)}: it is a duplicate of {Code(duplicate.ExistingId)} (“{Short(duplicate.ExistingTitle)}”), which this server already has.");
            case ArticleAddOutcome.TooMany tooMany:
                throw new UserFacingException($"I can't add {Code(name)}: this server has {tooMany.Limit} articles, the most it can have. Remove some first (/mod articles list).");
            case ArticleAddOutcome.TooMuchText tooMuch:
                throw new UserFacingException(
                    $"I can't add {Code(name)}: its text ({Megabytes(extracted.TextBytes)}) would take this server past its {Megabytes(tooMuch.Limit)} of article text ({Megabytes(tooMuch.Used)} used). Remove some articles first.");
        }

        var id = ((ArticleAddOutcome.Added)outcome).Id;
        logger.LogInformation("Moderator {ModeratorId} in {GuildId} added article {ArticleId} from {File}", moderator.User.Id, moderator.GuildId, id, name);
        var view = await knowledge.RefreshAsync(moderator.GuildId, cancellationToken);
        return Confirmation(id, extracted, view);
    }

    public async Task<string> RemoveAsync(Moderator moderator, string articleId, string? reason, CancellationToken cancellationToken)
    {
        articleId = articleId.Trim();
        var articles = await store.ListAsync(moderator.GuildId, cancellationToken);
        var article = articles.FirstOrDefault(candidate => candidate.Id == articleId)
            ?? throw new UserFacingException($"This server has no article {Code(DiscordMarkdown.Truncate(articleId, 80))}. /mod articles list shows them.");
        var removed = await store.RemoveAsync(moderator.GuildId, article.Id, Audit(moderator, "articles remove", $"removed “{Short(article.Title)}” ({article.Id})", reason), cancellationToken);
        if (!removed)
        {
            return $"{Code(article.Id)} was already removed.";
        }

        var view = await knowledge.RefreshAsync(moderator.GuildId, cancellationToken);
        return $"Removed {Code(article.Id)} (“{Short(article.Title)}”): it no longer answers here. {Summary(view)}";
    }

    public async Task<string> SetShippedAsync(Moderator moderator, bool on, string? reason, CancellationToken cancellationToken)
    {
        var changed = await store.SetShippedAsync(moderator.GuildId, on, Audit(moderator, "articles shipped", on ? "shipped articles on" : "shipped articles off", reason), cancellationToken);
        var view = await knowledge.RefreshAsync(moderator.GuildId, cancellationToken);
        var state = on ? "The articles shipped with the bot answer here too." : "The articles shipped with the bot no longer answer here.";
        return $"{(changed ? "Done. " : "No change. ")}{state} {Summary(view)}";
    }

    public async Task<MessageReply> ListAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        var library = await store.LoadAsync(guildId, cancellationToken);
        var lines = library.Articles
            .Select(article => $"{Code(article.Info.Id)} “{Short(article.Info.Title)}”: {Describe.Count(article.Info.Paragraphs, "paragraph")}, added {Describe.Time(article.Info.AddedAt)} by <@{article.Info.AddedBy}>")
            .ToList();
        var head = library.Articles.Count == 0
            ? "This server has no articles of its own yet: add one with /mod articles add file: …"
            : $"This server's articles ({library.Articles.Count}, {Megabytes(library.Articles.Sum(article => article.Info.TextBytes))} of text):";
        var shipped = library.ShippedArticles ? "The articles shipped with the bot answer here too (/mod articles shipped off to stop that)." : "The articles shipped with the bot are off here.";
        return MessageReply.Text(Fit(head, lines, shipped), ephemeral: true);
    }

    public async Task<MessageReply> ShowAsync(Snowflake guildId, string articleId, CancellationToken cancellationToken)
    {
        var library = await store.LoadAsync(guildId, cancellationToken);
        var article = library.Articles.FirstOrDefault(candidate => candidate.Info.Id == articleId.Trim())
            ?? throw new UserFacingException($"This server has no article {Code(DiscordMarkdown.Truncate(articleId.Trim(), 80))}. /mod articles list shows them.");
        var parsed = ArticleParser.Parse(ArticleSource.Parse(article.Info.FileName, Encoding.UTF8.GetBytes(article.Source)));
        var head = $"{Code(article.Info.Id)} “{Short(article.Info.Title)}” from {Code(article.Info.FileName)}{Meta(parsed)}: {Describe.Count(parsed.Paragraphs.Count, "paragraph")}.";
        var lines = parsed.Paragraphs.Select(paragraph => $"¶{paragraph.Number} {DiscordMarkdown.Question(paragraph.Text, 110)}").ToList();
        return MessageReply.Text(Fit(head, lines, null), ephemeral: true);
    }

    /// <summary>Up to 25 of the server's articles whose id or title holds what the moderator typed, for autocomplete.</summary>
    public async Task<IReadOnlyList<AutocompleteChoice>> SuggestAsync(Snowflake guildId, string typed, CancellationToken cancellationToken)
    {
        typed = typed.Trim();
        var articles = await store.ListAsync(guildId, cancellationToken);
        return articles
            .Where(article => article.Id.Contains(typed, StringComparison.OrdinalIgnoreCase) || article.Title.Contains(typed, StringComparison.OrdinalIgnoreCase))
            .OrderBy(article => article.Id.StartsWith(typed, StringComparison.OrdinalIgnoreCase) || article.Title.StartsWith(typed, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(article => article.Id, StringComparer.Ordinal)
            .Take(25)
            .Select(article => new AutocompleteChoice(DiscordMarkdown.Truncate($"{article.Title} ({article.Id})", 100), article.Id))
            .ToList();
    }

    /// <summary>Extracts and cleans the upload, and builds it alone once, so an article the knowledge builder would refuse is refused here, before it is stored.</summary>
    private static ExtractedArticle Extract(string name, byte[] bytes, ArticleMetadata given)
    {
        try
        {
            var extracted = ArticleExtractor.Extract(name, bytes, given);
            KnowledgeBuilder.Build([ArticleSource.Parse($"{extracted.Parsed.Id}.txt", Encoding.UTF8.GetBytes(extracted.Source))]);
            return extracted;
        }
        catch (Exception problem) when (problem is ArticleFileException or KnowledgeBuildException)
        {
            throw new UserFacingException($"I can't add {Code(name)}: {DiscordMarkdown.Question(problem.Message, 600)}");
        }
    }

    /// <summary>The id, title, paragraph count, first paragraph and the cleaner's report, within Discord's 2000 characters.</summary>
    private static string Confirmation(string id, ExtractedArticle extracted, KnowledgeView? view)
    {
        var parsed = extracted.Parsed;
        var text = new StringBuilder()
            .Append($"Added {Code(id)} “{Short(parsed.Title)}” ({extracted.Format.ToString().ToLowerInvariant()}{Meta(parsed)}): {Describe.Count(parsed.Paragraphs.Count, "paragraph")}. It answers /ask here from now on.\n")
            .Append($"¶1 {DiscordMarkdown.Question(parsed.Paragraphs[0].Text, FirstParagraphLength)}\n");
        var removed = extracted.Removed.Count == 0
            ? "The cleaner removed nothing."
            : $"The cleaner removed: {DiscordMarkdown.Question(string.Join("; ", extracted.Removed), RemovedLength)}";
        text.Append(removed).Append('\n').Append(Summary(view));
        return DiscordMarkdown.Truncate(text.ToString(), 1900);
    }

    private static string Summary(KnowledgeView? view) => view is null
        ? "This server now has no articles to answer from."
        : $"This server answers from {Describe.Count(view.Knowledge.Articles.Count, "article")} ({view.OwnArticles} of its own).";

    private static string Meta(ParsedArticle parsed)
    {
        var parts = new[] { parsed.Publisher, parsed.Date }.OfType<string>().Select(part => DiscordMarkdown.Question(part, 60)).ToList();
        return parts.Count == 0 ? string.Empty : ", " + string.Join(", ", parts);
    }

    /// <summary>A head line, then as many lines as fit in one message, then a foot line.</summary>
    private static string Fit(string head, IReadOnlyList<string> lines, string? foot)
    {
        const int Budget = 1900;
        var text = new StringBuilder(head).Append('\n');
        var used = text.Length + (foot?.Length ?? 0) + 40;
        var shown = 0;
        foreach (var line in lines)
        {
            if (used + line.Length + 1 > Budget)
            {
                break;
            }

            text.Append(line).Append('\n');
            used += line.Length + 1;
            shown++;
        }

        if (shown < lines.Count)
        {
            text.Append($"…and {lines.Count - shown} more.\n");
        }

        if (foot is not null)
        {
            text.Append(foot);
        }

        return text.ToString().TrimEnd();
    }

    private AuditEntry Audit(Moderator moderator, string action, string details, string? reason) =>
        new(moderator.GuildId, moderator.User.Id, action, details, reason, clock.GetUtcNow());

    private static string Code(string text) => "`" + text.Replace("`", "'", StringComparison.Ordinal) + "`";

    private static string Short(string text) => DiscordMarkdown.Question(text, 120);

    private static string Megabytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{Math.Max(1, (bytes + 1023) / 1024)} KB";
}
