using Bot.Discord.Abstractions;
using Npgsql;
using NpgsqlTypes;

namespace Bot.Storage;

/// <summary>
/// Moderation settings in PostgreSQL. Every change commits with its audit line and with a notice on the change feed
/// (<c>pg_notify</c> is delivered at commit, and only then), so every other process hears of exactly the changes
/// that were confirmed, even when this one is killed right after confirming.
/// </summary>
public sealed class PostgresModerationStore(PostgresDatabase database) : IModerationStore
{
    public Task<GuildModeration> LoadAsync(Snowflake guildId, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = DbCommands.ForGuild(connection, null, """
                SELECT cooldown_seconds, private_replies, moderator_role_id FROM guild_settings WHERE guild_id = @guild;
                SELECT channel_id, allowed FROM channel_rules WHERE guild_id = @guild ORDER BY channel_id;
                SELECT user_id, reason, blocked_by, blocked_at FROM blocked_users WHERE guild_id = @guild ORDER BY blocked_at, user_id;
                SELECT term, means, added_by, added_at FROM aliases WHERE guild_id = @guild ORDER BY term COLLATE "C";
                """, guildId);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await StoredRows.ModerationAsync(reader, guildId, cancellationToken);
        },
        cancellationToken);

    public Task<bool> ApplyAsync(ModerationChange change, AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var (sql, parameters) = Statement(change, audit);
            await using var command = DbCommands.ForGuild(connection, transaction, sql, audit.GuildId);
            command.Parameters.AddRange(parameters);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }

            await AuditLines.InsertAsync(connection, transaction, audit, cancellationToken);
            await PostgresChangeFeed.NotifyAsync(connection, transaction, database.Instance, new StoredChange.GuildSettings(audit.GuildId), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return true;
        },
        cancellationToken);

    public Task RecordAsync(AuditEntry audit, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await AuditLines.InsertAsync(connection, null, audit, cancellationToken);
            return true;
        },
        cancellationToken);

    public Task<IReadOnlyList<AuditEntry>> AuditLogAsync(Snowflake guildId, int count, CancellationToken cancellationToken) =>
        database.RunAsync(connection => AuditLines.NewestAsync(connection, guildId, count, cancellationToken), cancellationToken);

    /// <summary>
    /// One statement per change whose affected-row count says whether anything changed, as in
    /// <see cref="SqliteModerationStore"/>: upserts skip the write when the value is already set.
    /// </summary>
    private static (string Sql, NpgsqlParameter[] Parameters) Statement(ModerationChange change, AuditEntry audit) => change switch
    {
        ModerationChange.AllowChannel allow => (
            """
            INSERT INTO channel_rules AS r (guild_id, channel_id, allowed) VALUES (@guild, @channel, TRUE)
            ON CONFLICT (guild_id, channel_id) DO UPDATE SET allowed = TRUE WHERE NOT r.allowed;
            """,
            [Bigint("channel", Id(allow.ChannelId))]),
        ModerationChange.DenyChannel deny => (
            """
            INSERT INTO channel_rules AS r (guild_id, channel_id, allowed) VALUES (@guild, @channel, FALSE)
            ON CONFLICT (guild_id, channel_id) DO UPDATE SET allowed = FALSE WHERE r.allowed;
            """,
            [Bigint("channel", Id(deny.ChannelId))]),
        ModerationChange.ResetChannels => ("DELETE FROM channel_rules WHERE guild_id = @guild;", []),
        ModerationChange.BlockUser block => (
            """
            INSERT INTO blocked_users AS b (guild_id, user_id, reason, blocked_by, blocked_at) VALUES (@guild, @user, @reason, @by, @at)
            ON CONFLICT (guild_id, user_id) DO UPDATE SET reason = excluded.reason, blocked_by = excluded.blocked_by, blocked_at = excluded.blocked_at
            WHERE b.reason IS DISTINCT FROM excluded.reason;
            """,
            [Bigint("user", Id(block.UserId)), Text("reason", block.Reason), Bigint("by", Id(audit.ModeratorId)), Bigint("at", audit.At.ToUnixTimeMilliseconds())]),
        ModerationChange.UnblockUser unblock => ("DELETE FROM blocked_users WHERE guild_id = @guild AND user_id = @user;", [Bigint("user", Id(unblock.UserId))]),
        ModerationChange.SetCooldown cooldown => (Setting("cooldown_seconds", "0"), [new NpgsqlParameter("value", NpgsqlDbType.Integer) { Value = cooldown.Seconds }]),
        ModerationChange.SetPrivateReplies visibility => (Setting("private_replies", "FALSE"), [new NpgsqlParameter("value", NpgsqlDbType.Boolean) { Value = visibility.Private }]),
        ModerationChange.SetModeratorRole role => (Setting("moderator_role_id", "NULL"), [Bigint("value", role.RoleId is { } id ? Id(id) : null)]),
        ModerationChange.AddAlias alias => (
            """
            INSERT INTO aliases AS a (guild_id, term, means, added_by, added_at) VALUES (@guild, @term, @means, @by, @at)
            ON CONFLICT (guild_id, term) DO UPDATE SET means = excluded.means, added_by = excluded.added_by, added_at = excluded.added_at
            WHERE a.means <> excluded.means;
            """,
            [Text("term", alias.Term), Text("means", alias.Means), Bigint("by", Id(audit.ModeratorId)), Bigint("at", audit.At.ToUnixTimeMilliseconds())]),
        ModerationChange.RemoveAlias alias => ("DELETE FROM aliases WHERE guild_id = @guild AND term = @term;", [Text("term", alias.Term)]),
        _ => throw new ArgumentOutOfRangeException(nameof(change), change, "Unknown moderation change."),
    };

    /// <summary>
    /// Sets one column of the server's settings row (created on first use with the other columns at their defaults);
    /// inserts nothing, so reports no change, when the column already holds the value.
    /// </summary>
    private static string Setting(string column, string defaultValue) => $"""
        INSERT INTO guild_settings (guild_id, {column}) SELECT @guild, @value
        WHERE @value IS DISTINCT FROM COALESCE((SELECT {column} FROM guild_settings WHERE guild_id = @guild), {defaultValue})
        ON CONFLICT (guild_id) DO UPDATE SET {column} = excluded.{column};
        """;

    /// <summary>Typed, so a null still tells PostgreSQL what it is comparing.</summary>
    private static NpgsqlParameter Bigint(string name, long? value) => new(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value };

    private static NpgsqlParameter Text(string name, string? value) => new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };

    private static long Id(Snowflake id) => DbCommands.Id(id);
}
