using Bot.Discord.Abstractions;
using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>
/// A server's articles in SQLite. An addition is checked against the limits and written, with its audit line, in one
/// immediate transaction (WAL, <c>synchronous = FULL</c>): a confirmed article survives the process being killed right after.
/// </summary>
public sealed class SqliteArticleStore(SqliteDatabase database) : IArticleStore
{
    /// <summary>Stands in the audit details for the id the article is finally stored under, decided inside the transaction.</summary>
    public const string ArticleIdPlaceholder = "{article}";

    public Task<GuildLibrary> LoadAsync(Snowflake guildId, CancellationToken cancellationToken) => database.UseAsync(
        "reading this server's articles",
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, $"""
                SELECT shipped, revision FROM guild_libraries WHERE guild_id = @guild;
                SELECT {StoredRows.ArticleInfoColumns}, source, content_sha256 FROM guild_articles WHERE guild_id = @guild ORDER BY article_id;
                """, guildId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.LibraryAsync(reader, guildId, cancellationToken);
        },
        cancellationToken);

    public Task<IReadOnlyList<GuildArticleInfo>> ListAsync(Snowflake guildId, CancellationToken cancellationToken) => database.UseAsync(
        "listing this server's articles",
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, $"SELECT {StoredRows.ArticleInfoColumns} FROM guild_articles WHERE guild_id = @guild ORDER BY article_id;", guildId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.ArticleInfosAsync(reader, cancellationToken);
        },
        cancellationToken);

    public Task<long> RevisionAsync(Snowflake guildId, CancellationToken cancellationToken) => database.UseAsync(
        "reading this server's articles",
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, "SELECT revision FROM guild_libraries WHERE guild_id = @guild;", guildId);
            return await command.ExecuteScalarAsync(cancellationToken) is long revision ? revision : 0;
        },
        cancellationToken);

    public Task<ArticleAddOutcome> AddAsync(Snowflake guildId, GuildArticle article, ArticleLimits limits, AuditEntry audit, CancellationToken cancellationToken) => database.UseAsync(
        "saving the article",
        async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
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

    public Task<bool> RemoveAsync(Snowflake guildId, string articleId, AuditEntry audit, CancellationToken cancellationToken) => database.UseAsync(
        "removing the article",
        async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var delete = DbCommands.ForGuild(connection, transaction, "DELETE FROM guild_articles WHERE guild_id = @guild AND article_id = @id;", guildId, ("@id", articleId));
            if (await delete.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await FinishAsync(connection, transaction, guildId, null, audit, cancellationToken);
            return true;
        },
        cancellationToken);

    public Task<bool> SetShippedAsync(Snowflake guildId, bool on, AuditEntry audit, CancellationToken cancellationToken) => database.UseAsync(
        "saving the shipped-articles setting",
        async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using var current = DbCommands.ForGuild(connection, transaction, "SELECT shipped FROM guild_libraries WHERE guild_id = @guild;", guildId);
            var shipped = await current.ExecuteScalarAsync(cancellationToken) is not long value || value != 0;
            if (shipped == on)
            {
                return false;
            }

            await FinishAsync(connection, transaction, guildId, on, audit, cancellationToken);
            return true;
        },
        cancellationToken);

    /// <summary>
    /// Creates the server's library row when it has none, sets <paramref name="shipped"/> when given, counts one more revision,
    /// writes the audit line and commits them with the change.
    /// </summary>
    private static async Task FinishAsync(SqliteConnection connection, SqliteTransaction transaction, Snowflake guildId, bool? shipped, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var command = DbCommands.ForGuild(connection, transaction, """
            INSERT INTO guild_libraries (guild_id, shipped, revision) VALUES (@guild, COALESCE(@shipped, 1), 1)
            ON CONFLICT (guild_id) DO UPDATE SET revision = revision + 1, shipped = COALESCE(@shipped, shipped);
            """, guildId, ("@shipped", shipped is { } on ? (on ? 1 : 0) : null));
        await command.ExecuteNonQueryAsync(cancellationToken);
        await AuditLines.InsertAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
