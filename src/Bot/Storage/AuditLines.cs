using System.Data;
using System.Data.Common;
using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>The audit log's statements, the same SQL on SQLite and PostgreSQL; each store writes a line in the transaction of its change.</summary>
internal static class AuditLines
{
    public static async Task InsertAsync(DbConnection connection, DbTransaction? transaction, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var command = DbCommands.Create(
            connection,
            transaction,
            "INSERT INTO audit_log (guild_id, moderator_id, action, details, reason, at) VALUES (@guild, @moderator, @action, @details, @reason, @at);",
            ("@guild", DbCommands.Id(audit.GuildId)),
            ("@moderator", DbCommands.Id(audit.ModeratorId)),
            ("@action", audit.Action),
            ("@details", audit.Details),
            ("@at", audit.At.ToUnixTimeMilliseconds()));
        DbCommands.Add(command, "@reason", audit.Reason, DbType.String);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The newest <paramref name="count"/> lines of the server, newest first.</summary>
    public static async Task<IReadOnlyList<AuditEntry>> NewestAsync(DbConnection connection, Snowflake guildId, int count, CancellationToken cancellationToken)
    {
        await using var command = DbCommands.Create(
            connection,
            null,
            "SELECT id, moderator_id, action, details, reason, at FROM audit_log WHERE guild_id = @guild ORDER BY id DESC LIMIT @count;",
            ("@guild", DbCommands.Id(guildId)),
            ("@count", count));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.AuditEntriesAsync(reader, guildId, cancellationToken);
    }
}
