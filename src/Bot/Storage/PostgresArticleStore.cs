using Bot.Discord.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Storage;

/// <summary>
/// A server's articles in PostgreSQL. A change locks the server's library row first, so two processes adding at once
/// are checked against the limits one after the other, and commits with its audit line and a notice on the change feed,
/// which every other process hears at commit and only then.
/// </summary>
public sealed class PostgresArticleStore(PostgresDatabase database) : IArticleStore
{
    private const string InfoColumns = "article_id, title, file_name, paragraphs, text_bytes, added_by, added_at";

    public Task<GuildLibrary> LoadAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand(
                $"""
                SELECT shipped, revision FROM guild_libraries WHERE guild_id = @guild;
                SELECT {InfoColumns}, source, content_sha256 FROM guild_articles WHERE guild_id = @guild ORDER BY article_id COLLATE "C";
                """,
                connection);
            command.Parameters.AddWithValue("guild", Id(guildId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var library = GuildLibrary.Default(guildId);
            if (await reader.ReadAsync(cancellationToken))
            {
                library = library with { ShippedArticles = reader.GetBoolean(0), Revision = reader.GetInt64(1) };
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

    public Task<IReadOnlyList<GuildArticleInfo>> ListAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync<IReadOnlyList<GuildArticleInfo>>(
        async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT {InfoColumns} FROM guild_articles WHERE guild_id = @guild ORDER BY article_id COLLATE \"C\";", connection);
            command.Parameters.AddWithValue("guild", Id(guildId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var articles = new List<GuildArticleInfo>();
            while (await reader.ReadAsync(cancellationToken))
            {
                articles.Add(Info(reader));
            }

            return articles;
        },
        cancellationToken);

    public Task<long> RevisionAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT revision FROM guild_libraries WHERE guild_id = @guild;", connection);
            command.Parameters.AddWithValue("guild", Id(guildId));
            return await command.ExecuteScalarAsync(cancellationToken) is long revision ? revision : 0;
        },
        cancellationToken);

    public Task<ArticleAddOutcome> AddAsync(Snowflake guildId, GuildArticle article, ArticleLimits limits, AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync<ArticleAddOutcome>(
        async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockLibraryAsync(connection, transaction, guildId, cancellationToken);
            await using (var duplicate = Command(connection, transaction, "SELECT article_id, title FROM guild_articles WHERE guild_id = @guild AND content_sha256 = @sha;", guildId))
            {
                duplicate.Parameters.AddWithValue("sha", article.ContentSha256);
                await using var reader = await duplicate.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    return new ArticleAddOutcome.Duplicate(reader.GetString(0), reader.GetString(1));
                }
            }

            long count, used;
            var ids = new HashSet<string>(StringComparer.Ordinal);
            await using (var totals = Command(connection, transaction, "SELECT article_id, text_bytes FROM guild_articles WHERE guild_id = @guild;", guildId))
            {
                await using var reader = await totals.ExecuteReaderAsync(cancellationToken);
                (count, used) = (0, 0);
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

            var id = ArticleIds.FirstFree(article.Info.Id, ids);
            await using (var insert = Command(connection, transaction, $"""
                INSERT INTO guild_articles (guild_id, {InfoColumns}, source, content_sha256)
                VALUES (@guild, @id, @title, @file, @paragraphs, @bytes, @by, @at, @source, @sha);
                """, guildId))
            {
                insert.Parameters.AddWithValue("id", id);
                insert.Parameters.AddWithValue("title", article.Info.Title);
                insert.Parameters.AddWithValue("file", article.Info.FileName);
                insert.Parameters.AddWithValue("paragraphs", article.Info.Paragraphs);
                insert.Parameters.AddWithValue("bytes", article.Info.TextBytes);
                insert.Parameters.AddWithValue("by", Id(audit.ModeratorId));
                insert.Parameters.AddWithValue("at", audit.At.ToUnixTimeMilliseconds());
                insert.Parameters.AddWithValue("source", SqliteArticleStore.ArticleSourceWithId(article.Source, article.Info.Id, id));
                insert.Parameters.AddWithValue("sha", article.ContentSha256);
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await FinishAsync(connection, transaction, guildId, null, audit with { Details = audit.Details.Replace(SqliteArticleStore.ArticleIdPlaceholder, id, StringComparison.Ordinal) }, cancellationToken);
            return new ArticleAddOutcome.Added(id);
        },
        cancellationToken);

    public Task<bool> RemoveAsync(Snowflake guildId, string articleId, AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockLibraryAsync(connection, transaction, guildId, cancellationToken);
            await using var delete = Command(connection, transaction, "DELETE FROM guild_articles WHERE guild_id = @guild AND article_id = @id;", guildId);
            delete.Parameters.AddWithValue("id", articleId);
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await FinishAsync(connection, transaction, guildId, null, audit, cancellationToken);
            return true;
        },
        cancellationToken);

    public Task<bool> SetShippedAsync(Snowflake guildId, bool on, AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockLibraryAsync(connection, transaction, guildId, cancellationToken);
            await using var current = Command(connection, transaction, "SELECT shipped FROM guild_libraries WHERE guild_id = @guild;", guildId);
            if (await current.ExecuteScalarAsync(cancellationToken) is bool shipped && shipped == on)
            {
                return false;
            }

            await FinishAsync(connection, transaction, guildId, on, audit, cancellationToken);
            return true;
        },
        cancellationToken);

    /// <summary>Creates the server's library row when it has none, and holds it until the transaction ends.</summary>
    private static async Task LockLibraryAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Snowflake guildId, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, """
            INSERT INTO guild_libraries (guild_id) VALUES (@guild) ON CONFLICT (guild_id) DO NOTHING;
            SELECT revision FROM guild_libraries WHERE guild_id = @guild FOR UPDATE;
            """, guildId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Counts a revision, writes the audit line and the notice, and commits them with the change.</summary>
    private async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Snowflake guildId, bool? shipped, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using (var bump = Command(connection, transaction, "UPDATE guild_libraries SET revision = revision + 1, shipped = COALESCE(@shipped, shipped) WHERE guild_id = @guild;", guildId))
        {
            bump.Parameters.Add(new NpgsqlParameter("shipped", NpgsqlDbType.Boolean) { Value = (object?)shipped ?? DBNull.Value });
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var insert = Command(connection, transaction, "INSERT INTO audit_log (guild_id, moderator_id, action, details, reason, at) VALUES (@guild, @moderator, @action, @details, @reason, @at);", audit.GuildId))
        {
            insert.Parameters.AddWithValue("moderator", Id(audit.ModeratorId));
            insert.Parameters.AddWithValue("action", audit.Action);
            insert.Parameters.AddWithValue("details", audit.Details);
            insert.Parameters.Add(new NpgsqlParameter("reason", NpgsqlDbType.Text) { Value = (object?)audit.Reason ?? DBNull.Value });
            insert.Parameters.AddWithValue("at", audit.At.ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await PostgresChangeFeed.NotifyAsync(connection, transaction, database.Instance, new StoredChange.GuildArticles(guildId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, Snowflake guildId)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.AddWithValue("guild", Id(guildId));
        return command;
    }

    private static GuildArticleInfo Info(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetInt64(4),
        new Snowflake((ulong)reader.GetInt64(5)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)));

    private static long Id(Snowflake id) => (long)id.Value;
}
