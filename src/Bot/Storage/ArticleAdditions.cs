using System.Data.Common;
using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// The checks and the insert of an article a moderator adds, the same SQL on SQLite and PostgreSQL. Each store runs them
/// in the transaction that also counts the revision and writes the audit line, so two additions at once are checked one
/// after the other (SQLite has one writer; PostgreSQL's store locks the server's library row first).
/// </summary>
internal static class ArticleAdditions
{
    /// <summary>
    /// Why <paramref name="article"/> cannot be added (the server has one with the same text, or it would pass a limit),
    /// or <see cref="ArticleAddOutcome.Added"/> with the id it is to be stored under.
    /// </summary>
    public static async Task<ArticleAddOutcome> CheckAsync(
        DbConnection connection, DbTransaction transaction, Snowflake guildId, GuildArticle article, ArticleLimits limits, CancellationToken cancellationToken)
    {
        await using (var duplicate = DbCommands.ForGuild(connection, transaction, "SELECT article_id, title FROM guild_articles WHERE guild_id = @guild AND content_sha256 = @sha;", guildId, ("@sha", article.ContentSha256)))
        {
            await using var reader = await duplicate.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                return new ArticleAddOutcome.Duplicate(reader.GetString(0), reader.GetString(1));
            }
        }

        var (count, used) = (0L, 0L);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        // Every id, not only a count: the new article's id is chosen among them in the same read.
        await using (var totals = DbCommands.ForGuild(connection, transaction, "SELECT article_id, text_bytes FROM guild_articles WHERE guild_id = @guild;", guildId))
        {
            await using var reader = await totals.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
                count++;
                used += reader.GetInt64(1);
            }
        }

        if (count >= limits.MaxArticles)
        {
            return new ArticleAddOutcome.TooMany(limits.MaxArticles);
        }

        if (used + article.Info.TextBytes > limits.MaxTextBytes)
        {
            return new ArticleAddOutcome.TooMuchText(used, limits.MaxTextBytes);
        }

        return new ArticleAddOutcome.Added(ArticleIds.FirstFree(article.Info.Id, ids));
    }

    /// <summary>Writes <paramref name="article"/> under <paramref name="id"/>, added as <paramref name="audit"/> says.</summary>
    public static async Task InsertAsync(
        DbConnection connection, DbTransaction transaction, Snowflake guildId, GuildArticle article, string id, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var insert = DbCommands.ForGuild(
            connection,
            transaction,
            $"""
            INSERT INTO guild_articles (guild_id, {StoredRows.ArticleInfoColumns}, source, content_sha256)
            VALUES (@guild, @id, @title, @file, @paragraphs, @bytes, @by, @at, @source, @sha);
            """,
            guildId,
            ("@id", id),
            ("@title", article.Info.Title),
            ("@file", article.Info.FileName),
            ("@paragraphs", article.Info.Paragraphs),
            ("@bytes", article.Info.TextBytes),
            ("@by", DbCommands.Id(audit.ModeratorId)),
            ("@at", audit.At.ToUnixTimeMilliseconds()),
            ("@source", SourceWithId(article.Source, article.Info.Id, id)),
            ("@sha", article.ContentSha256));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The audit line naming the id the article was finally stored under (see <see cref="SqliteArticleStore.ArticleIdPlaceholder"/>).</summary>
    public static AuditEntry AuditFor(AuditEntry audit, string id) =>
        audit with { Details = audit.Details.Replace(SqliteArticleStore.ArticleIdPlaceholder, id, StringComparison.Ordinal) };

    /// <summary>The stored file names the article by its final id, so a rebuild gives it that id whatever was requested.</summary>
    internal static string SourceWithId(string source, string wanted, string id) =>
        wanted == id ? source : source.Replace($"\nid: {wanted}\n", $"\nid: {id}\n", StringComparison.Ordinal);
}

/// <summary>How a server's article ids are kept unique.</summary>
internal static class ArticleIds
{
    public static string FirstFree(string wanted, IReadOnlySet<string> taken)
    {
        if (!taken.Contains(wanted))
        {
            return wanted;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{wanted}-{n}";
            if (!taken.Contains(candidate))
            {
                return candidate;
            }
        }
    }
}
