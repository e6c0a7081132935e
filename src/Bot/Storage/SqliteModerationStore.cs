using Bot.Discord.Abstractions;
using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>
/// Moderation settings in SQLite. Every change and its audit line commit together (WAL, <c>synchronous = FULL</c>)
/// before the caller confirms it, so a confirmed setting survives the process being killed right after.
/// </summary>
public sealed class SqliteModerationStore(SqliteDatabase database) : IModerationStore
{
    public async Task<GuildModeration> LoadAsync(Snowflake guildId, CancellationToken cancellationToken)
    {
        return await database.UseAsync("reading this server's settings", async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, """
                SELECT cooldown_seconds, private_replies, moderator_role_id FROM guild_settings WHERE guild_id = @guild;
                SELECT channel_id, allowed FROM channel_rules WHERE guild_id = @guild ORDER BY channel_id;
                SELECT user_id, reason, blocked_by, blocked_at FROM blocked_users WHERE guild_id = @guild ORDER BY blocked_at, user_id;
                SELECT term, means, added_by, added_at FROM aliases WHERE guild_id = @guild ORDER BY term;
                """, guildId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.ModerationAsync(reader, guildId, cancellationToken);
        }, cancellationToken);
    }

    public async Task<bool> ApplyAsync(ModerationChange change, AuditEntry audit, CancellationToken cancellationToken)
    {
        return await database.UseAsync("saving a moderation change", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var (sql, parameters) = Statement(change, audit);
            await using var command = DbCommands.ForGuild(connection, transaction, sql, audit.GuildId, parameters);
            var changed = await command.ExecuteNonQueryAsync(cancellationToken);
            if (changed == 0)
            {
                return false;
            }

            await AuditLines.InsertAsync(connection, transaction, audit, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        }, cancellationToken);
    }

    public async Task RecordAsync(AuditEntry audit, CancellationToken cancellationToken)
    {
        await database.UseAsync("writing the audit log", async connection =>
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await AuditLines.InsertAsync(connection, transaction, audit, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<AuditEntry>> AuditLogAsync(Snowflake guildId, int count, CancellationToken cancellationToken)
    {
        return await database.UseAsync("reading the audit log", connection => AuditLines.NewestAsync(connection, guildId, count, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// One statement per change whose affected-row count says whether anything changed. Settings rows are upserts that
    /// skip the write when the value is already set, so a repeated command reports "already so" and writes no audit line.
    /// </summary>
    private static (string Sql, (string Name, object? Value)[] Parameters) Statement(ModerationChange change, AuditEntry audit) => change switch
    {
        ModerationChange.AllowChannel allow => (
            """
            INSERT INTO channel_rules (guild_id, channel_id, allowed) VALUES (@guild, @channel, 1)
            ON CONFLICT (guild_id, channel_id) DO UPDATE SET allowed = 1 WHERE allowed <> 1;
            """,
            [("@channel", Id(allow.ChannelId))]),
        ModerationChange.DenyChannel deny => (
            """
            INSERT INTO channel_rules (guild_id, channel_id, allowed) VALUES (@guild, @channel, 0)
            ON CONFLICT (guild_id, channel_id) DO UPDATE SET allowed = 0 WHERE allowed <> 0;
            """,
            [("@channel", Id(deny.ChannelId))]),
        ModerationChange.ResetChannels => ("DELETE FROM channel_rules WHERE guild_id = @guild;", []),
        ModerationChange.BlockUser block => (
            """
            INSERT INTO blocked_users (guild_id, user_id, reason, blocked_by, blocked_at) VALUES (@guild, @user, @reason, @by, @at)
            ON CONFLICT (guild_id, user_id) DO UPDATE SET reason = excluded.reason, blocked_by = excluded.blocked_by, blocked_at = excluded.blocked_at
            WHERE reason IS NOT excluded.reason;
            """,
            [("@user", Id(block.UserId)), ("@reason", block.Reason), ("@by", Id(audit.ModeratorId)), ("@at", audit.At.ToUnixTimeMilliseconds())]),
        ModerationChange.UnblockUser unblock => ("DELETE FROM blocked_users WHERE guild_id = @guild AND user_id = @user;", [("@user", Id(unblock.UserId))]),
        ModerationChange.SetCooldown cooldown => (Setting("cooldown_seconds", "0"), [("@value", cooldown.Seconds)]),
        ModerationChange.SetPrivateReplies visibility => (Setting("private_replies", "0"), [("@value", visibility.Private ? 1 : 0)]),
        ModerationChange.SetModeratorRole role => (Setting("moderator_role_id", "NULL"), [("@value", role.RoleId is { } id ? Id(id) : null)]),
        ModerationChange.AddAlias alias => (
            """
            INSERT INTO aliases (guild_id, term, means, added_by, added_at) VALUES (@guild, @term, @means, @by, @at)
            ON CONFLICT (guild_id, term) DO UPDATE SET means = excluded.means, added_by = excluded.added_by, added_at = excluded.added_at
            WHERE means <> excluded.means;
            """,
            [("@term", alias.Term), ("@means", alias.Means), ("@by", Id(audit.ModeratorId)), ("@at", audit.At.ToUnixTimeMilliseconds())]),
        ModerationChange.RemoveAlias alias => ("DELETE FROM aliases WHERE guild_id = @guild AND term = @term;", [("@term", alias.Term)]),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown moderation change."),
    };

    /// <summary>
    /// Sets one column of the server's settings row (created on first use with the other columns at their defaults);
    /// inserts nothing, so reports no change, when the column already holds the value.
    /// </summary>
    private static string Setting(string column, string defaultValue) => $"""
        INSERT INTO guild_settings (guild_id, {column}) SELECT @guild, @value
        WHERE @value IS NOT COALESCE((SELECT {column} FROM guild_settings WHERE guild_id = @guild), {defaultValue})
        ON CONFLICT (guild_id) DO UPDATE SET {column} = excluded.{column};
        """;

    private static long Id(Snowflake id) => DbCommands.Id(id);
}
