using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>One of a server's own articles, as listed: without its text.</summary>
public sealed record GuildArticleInfo(
    string Id,
    string Title,
    string FileName,
    int Paragraphs,
    long TextBytes,
    Snowflake AddedBy,
    DateTimeOffset AddedAt);

/// <summary>
/// A server's article as stored: <see cref="Source"/> is an article file (a metadata header, then the extracted text), so
/// the knowledge is rebuilt from it exactly as <c>knowledge build</c> reads a file; <see cref="ContentSha256"/> is the
/// checksum of the extracted text, which finds a second upload of the same article whatever it was named.
/// </summary>
public sealed record GuildArticle(GuildArticleInfo Info, string Source, string ContentSha256);

/// <summary>A server's articles and whether the articles shipped with the bot answer there too.</summary>
public sealed record GuildLibrary(Snowflake GuildId, bool ShippedArticles, long Revision, IReadOnlyList<GuildArticle> Articles)
{
    /// <summary>A server nobody has added articles to: the shipped articles only.</summary>
    public static GuildLibrary Default(Snowflake guildId) => new(guildId, true, 0, []);
}

/// <summary>The limits an addition is checked against, in the transaction that stores it.</summary>
public sealed record ArticleLimits(int MaxArticles, long MaxTextBytes);

/// <summary>What became of an article a moderator added.</summary>
public abstract record ArticleAddOutcome
{
    private ArticleAddOutcome()
    {
    }

    /// <summary>Stored (with its audit line) under <paramref name="Id"/>: the requested id, or that id with a number when it was taken.</summary>
    public sealed record Added(string Id) : ArticleAddOutcome;

    /// <summary>The server already has an article with the same text.</summary>
    public sealed record Duplicate(string ExistingId, string ExistingTitle) : ArticleAddOutcome;

    /// <summary>The server has <see cref="ArticleLimits.MaxArticles"/> articles already.</summary>
    public sealed record TooMany(int Limit) : ArticleAddOutcome;

    /// <summary>The article's text would take the server past <see cref="ArticleLimits.MaxTextBytes"/>.</summary>
    public sealed record TooMuchText(long Used, long Limit) : ArticleAddOutcome;
}

/// <summary>
/// Each server's own articles. Like <see cref="IModerationStore"/>: every change commits with its audit line (and, on
/// PostgreSQL, with its notice to the other processes) before it is confirmed, and failures are <see cref="StorageException"/>s.
/// </summary>
public interface IArticleStore
{
    /// <summary>The server's articles (with their text) and settings; <see cref="GuildLibrary.Default"/> when it has none.</summary>
    Task<GuildLibrary> LoadAsync(Snowflake guildId, CancellationToken cancellationToken);

    /// <summary>The server's articles without their text, in id order.</summary>
    Task<IReadOnlyList<GuildArticleInfo>> ListAsync(Snowflake guildId, CancellationToken cancellationToken);

    /// <summary>The revision of the server's articles: it grows with every change, so a process knows its copy is current.</summary>
    Task<long> RevisionAsync(Snowflake guildId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores <paramref name="article"/> unless it is a duplicate or over <paramref name="limits"/>; checked and written in one
    /// transaction, so two moderators adding at once cannot pass a limit together.
    /// </summary>
    Task<ArticleAddOutcome> AddAsync(Snowflake guildId, GuildArticle article, ArticleLimits limits, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Removes the article; false (and no audit line) when the server has no article with that id.</summary>
    Task<bool> RemoveAsync(Snowflake guildId, string articleId, AuditEntry audit, CancellationToken cancellationToken);

    /// <summary>Whether the shipped articles answer in the server; false (and no audit line) when it is so already.</summary>
    Task<bool> SetShippedAsync(Snowflake guildId, bool on, AuditEntry audit, CancellationToken cancellationToken);
}
