using System.Data;
using Bot.Discord.Abstractions;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// A server's articles in PostgreSQL. A change locks the server's library row first, so two processes adding at once
/// are checked against the limits one after the other, and commits with its audit line and a notice on the change feed,
/// which every other process hears at commit and only then.
/// </summary>
public sealed class PostgresArticleStore(PostgresDatabase database) : IArticleStore
{
    public Task<GuildLibrary> LoadAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, $"""
                SELECT shipped, revision FROM guild_libraries WHERE guild_id = @guild;
                SELECT {StoredRows.ArticleInfoColumns}, source, content_sha256 FROM guild_articles WHERE guild_id = @guild ORDER BY article_id COLLATE "C";
                """, guildId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.LibraryAsync(reader, guildId, cancellationToken);
        },
        cancellationToken);

    public Task<IReadOnlyList<GuildArticleInfo>> ListAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, $"SELECT {StoredRows.ArticleInfoColumns} FROM guild_articles WHERE guild_id = @guild ORDER BY article_id COLLATE \"C\";", guildId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.ArticleInfosAsync(reader, cancellationToken);
        },
        cancellationToken);

    public Task<long> RevisionAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, "SELECT revision FROM guild_libraries WHERE guild_id = @guild;", guildId);
            return await command.ExecuteScalarAsync(cancellationToken) is long revision ? revision : 0;
        },
        cancellationToken);

    public Task<ArticleAddOutcome> AddAsync(Snowflake guildId, GuildArticle article, ArticleLimits limits, AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockLibraryAsync(connection, transaction, guildId, cancellationToken);
            var outcome = await ArticleAdditions.CheckAsync(connection, transaction, guildId, article, limits, cancellationToken);
            if (outcome is not ArticleAddOutcome.Added { Id: var id })
            {
                return outcome;
            }

            await ArticleAdditions.InsertAsync(connection, transaction, guildId, article, id, audit, cancellationToken);
            await FinishAsync(connection, transaction, guildId, null, ArticleAdditions.AuditFor(audit, id), cancellationToken);
            return outcome;
        },
        cancellationToken);

    public Task<bool> RemoveAsync(Snowflake guildId, string articleId, AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await LockLibraryAsync(connection, transaction, guildId, cancellationToken);
            await using var delete = DbCommands.ForGuild(connection, transaction, "DELETE FROM guild_articles WHERE guild_id = @guild AND article_id = @id;", guildId, ("@id", articleId));
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
            await using var current = DbCommands.ForGuild(connection, transaction, "SELECT shipped FROM guild_libraries WHERE guild_id = @guild;", guildId);
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
        await using var command = DbCommands.ForGuild(connection, transaction, """
            INSERT INTO guild_libraries (guild_id) VALUES (@guild) ON CONFLICT (guild_id) DO NOTHING;
            SELECT revision FROM guild_libraries WHERE guild_id = @guild FOR UPDATE;
            """, guildId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Counts a revision, writes the audit line and the notice, and commits them with the change.</summary>
    private async Task FinishAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Snowflake guildId, bool? shipped, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using (var bump = DbCommands.ForGuild(connection, transaction, "UPDATE guild_libraries SET revision = revision + 1, shipped = COALESCE(@shipped, shipped) WHERE guild_id = @guild;", guildId))
        {
            DbCommands.Add(bump, "@shipped", shipped, DbType.Boolean);
            await bump.ExecuteNonQueryAsync(cancellationToken);
        }

        await AuditLines.InsertAsync(connection, transaction, audit, cancellationToken);
        await PostgresChangeFeed.NotifyAsync(connection, transaction, database.Instance, new StoredChange.GuildArticles(guildId), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
