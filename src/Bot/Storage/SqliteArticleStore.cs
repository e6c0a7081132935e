using Bot.Discord.Abstractions;
using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>
/// A server's articles in SQLite. An addition is checked against the limits and written, with its audit line, in one
/// immediate transaction (WAL, <c>synchronous = FULL</c>): a confirmed article survives the process being killed right after.
/// </summary>
public sealed class SqliteArticleStore(SqliteDatabase database) : IArticleStore
{
    private const string InfoColumns = "article_id, title, file_name, paragraphs, text_bytes, added_by, added_at";

    public Task<GuildLibrary> LoadAsync(Snowflake guildId, CancellationToken cancellationToken) => database.UseAsync(
        "reading this server's articles",
        async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"""
                SELECT shipped, revision FROM guild_libraries WHERE guild_id = $guild;
                SELECT {InfoColumns}, source, content_sha256 FROM guild_articles WHERE guild_id = $guild ORDER BY article_id;
                """;
            command.Parameters.AddWithValue("$guild", Id(guildId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var library = GuildLibrary.Default(guildId);
            if (await reader.ReadAsync(cancellationToken))
            {
                library = library with { ShippedArticles = reader.GetInt64(0) != 0, Revision = reader.GetInt64(1) };
            }

            await reader.NextResultAsync(cancellationToken);
            var articles = new List<GuildArticle>();
            while (await reader.ReadAsync(cancellationToken))
            {
                articles.Add(new GuildArticle(Info(reader), reader.GetString(7), reader.GetString(8)));
            }

            return library with { Articles = articles };
        },
        cancellationToken);

    public Task<IReadOnlyList<GuildArticleInfo>> ListAsync(Snowflake guildId, CancellationToken cancellationToken) => database.UseAsync<IReadOnlyList<GuildArticleInfo>>(
        "listing this server's articles",
        async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT {InfoColumns} FROM guild_articles WHERE guild_id = $guild ORDER BY article_id;";
            command.Parameters.AddWithValue("$guild", Id(guildId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var articles = new List<GuildArticleInfo>();
            while (await reader.ReadAsync(cancellationToken))
            {
                articles.Add(Info(reader));
            }

            return articles;
        },
        cancellationToken);

    public Task<long> RevisionAsync(Snowflake guildId, CancellationToken cancellationToken) => database.UseAsync(
        "reading this server's articles",
        async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT revision FROM guild_libraries WHERE guild_id = $guild;";
            command.Parameters.AddWithValue("$guild", Id(guildId));
            return await command.ExecuteScalarAsync(cancellationToken) is long revision ? revision : 0;
        },
        cancellationToken);

    public Task<ArticleAddOutcome> AddAsync(Snowflake guildId, GuildArticle article, ArticleLimits limits, AuditEntry audit, CancellationToken cancellationToken) => database.UseAsync<ArticleAddOutcome>(
        "saving the article",
        async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var duplicate = Command(connection, transaction, "SELECT article_id, title FROM guild_articles WHERE guild_id = $guild AND content_sha256 = $sha;", guildId))
            {
                duplicate.Parameters.AddWithValue("$sha", article.ContentSha256);
                await using var reader = await duplicate.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new ArticleAddOutcome.Duplicate(reader.GetString(0), reader.GetString(1));
                }
            }

            long count, used;
            await using (var totals = Command(connection, transaction, "SELECT COUNT(*), COALESCE(SUM(text_bytes), 0) FROM guild_articles WHERE guild_id = $guild;", guildId))
            {
                await using var reader = await totals.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                (count, used) = (reader.GetInt64(0), reader.GetInt64(1));
            }

            if (count >= limits.MaxArticles)
            {
                return new ArticleAddOutcome.TooMany(limits.MaxArticles);
            }

            if (used + article.Info.TextBytes > limits.MaxTextBytes)
            {
                return new ArticleAddOutcome.TooMuchText(used, limits.MaxTextBytes);
            }

            var id = await FreeIdAsync(connection, transaction, guildId, article.Info.Id, cancellationToken);
            await using (var insert = Command(connection, transaction, $"""
                INSERT INTO guild_articles (guild_id, {InfoColumns}, source, content_sha256)
                VALUES ($guild, $id, $title, $file, $paragraphs, $bytes, $by, $at, $source, $sha);
                """, guildId))
            {
                insert.Parameters.AddWithValue("$id", id);
                insert.Parameters.AddWithValue("$title", article.Info.Title);
                insert.Parameters.AddWithValue("$file", article.Info.FileName);
                insert.Parameters.AddWithValue("$paragraphs", article.Info.Paragraphs);
                insert.Parameters.AddWithValue("$bytes", article.Info.TextBytes);
                insert.Parameters.AddWithValue("$by", Id(audit.ModeratorId));
                insert.Parameters.AddWithValue("$at", audit.At.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("$source", ArticleSourceWithId(article.Source, article.Info.Id, id));
                insert.Parameters.AddWithValue("$sha", article.ContentSha256);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await BumpRevisionAsync(connection, transaction, guildId, null, cancellationToken);
            await InsertAuditAsync(connection, transaction, audit with { Details = audit.Details.Replace(ArticleIdPlaceholder, id, StringComparison.Ordinal) }, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return new ArticleAddOutcome.Added(id);
        },
        cancellationToken);

    public Task<bool> RemoveAsync(Snowflake guildId, string articleId, AuditEntry audit, CancellationToken cancellationToken) => database.UseAsync(
        "removing the article",
        async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var delete = Command(connection, transaction, "DELETE FROM guild_articles WHERE guild_id = $guild AND article_id = $id;", guildId);
            delete.Parameters.AddWithValue("$id", articleId);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await BumpRevisionAsync(connection, transaction, guildId, null, cancellationToken);
            await InsertAuditAsync(connection, transaction, audit, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        },
        cancellationToken);

    public Task<bool> SetShippedAsync(Snowflake guildId, bool on, AuditEntry audit, CancellationToken cancellationToken) => database.UseAsync(
        "saving the shipped-articles setting",
        async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var current = Command(connection, transaction, "SELECT shipped FROM guild_libraries WHERE guild_id = $guild;", guildId);
            var shipped = await current.ExecuteScalarAsync(cancellationToken) is not long value || value != 0;
            if (shipped == on)
            {
                return false;
            }

            await BumpRevisionAsync(connection, transaction, guildId, on, cancellationToken);
            await InsertAuditAsync(connection, transaction, audit, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        },
        cancellationToken);

    /// <summary>Stands in the audit details for the id the article is finally stored under, decided inside the transaction.</summary>
    public const string ArticleIdPlaceholder = "{article}";

    /// <summary>The requested id when free, else the first of <c>id-2</c>, <c>id-3</c>… that is.</summary>
    private static async Task<string> FreeIdAsync(SqliteConnection connection, SqliteTransaction transaction, Snowflake guildId, string wanted, CancellationToken cancellationToken)
    {
        await using var taken = Command(connection, transaction, "SELECT article_id FROM guild_articles WHERE guild_id = $guild AND (article_id = $id OR article_id LIKE $prefix ESCAPE '\\');", guildId);
        taken.Parameters.AddWithValue("$id", wanted);
        taken.Parameters.AddWithValue("$prefix", wanted.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "-%");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await taken.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        return ArticleIds.FirstFree(wanted, ids);
    }

    /// <summary>Creates the server's library row when it has none, sets <paramref name="shipped"/> when given, and counts one more revision.</summary>
    private static async Task BumpRevisionAsync(SqliteConnection connection, SqliteTransaction transaction, Snowflake guildId, bool? shipped, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO guild_libraries (guild_id, shipped, revision) VALUES ($guild, COALESCE($shipped, 1), 1)
            ON CONFLICT (guild_id) DO UPDATE SET revision = revision + 1, shipped = COALESCE($shipped, shipped);
            """, guildId);
        command.Parameters.AddWithValue("$shipped", shipped is { } on ? (on ? 1 : 0) : DBNull.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task InsertAuditAsync(SqliteConnection connection, SqliteTransaction transaction, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO audit_log (guild_id, moderator_id, action, details, reason, at) VALUES ($guild, $moderator, $action, $details, $reason, $at);
            """, audit.GuildId);
        command.Parameters.AddWithValue("$moderator", Id(audit.ModeratorId));
        command.Parameters.AddWithValue("$action", audit.Action);
        command.Parameters.AddWithValue("$details", audit.Details);
        command.Parameters.AddWithValue("$reason", (object?)audit.Reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", audit.At.ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, Snowflake guildId)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$guild", Id(guildId));
        return command;
    }

    /// <summary>The stored file names the article by its final id, so a rebuild gives it that id whatever was requested.</summary>
    internal static string ArticleSourceWithId(string source, string wanted, string id) =>
        wanted == id ? source : source.Replace($"\nid: {wanted}\n", $"\nid: {id}\n", StringComparison.Ordinal);

    private static GuildArticleInfo Info(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetInt64(4),
        new Snowflake((ulong)reader.GetInt64(5)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    private static long Id(Snowflake id) => (long)id.Value;
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
