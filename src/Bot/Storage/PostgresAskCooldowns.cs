using Bot.Discord.Abstractions;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The cooldown in PostgreSQL, so it holds across processes: a member whose questions land on two processes (two
/// shards, or two servers behind a load balancer) still asks once per cooldown. Check and record are one upsert, which
/// PostgreSQL serialises on the row, so of two asks at once exactly one is recorded. The time is the asking process's
/// clock, so the processes' clocks should agree (NTP) to well within a cooldown.
/// </summary>
public sealed class PostgresAskCooldowns(PostgresDatabase database) : IAskCooldowns
{
    public async ValueTask<TimeSpan> TryAskAsync(Snowflake guildId, Snowflake userId, DateTimeOffset now, TimeSpan cooldown, CancellationToken cancellationToken) =>
        await database.RunAsync(
            async connection =>
            {
                // The outer SELECT reads the statement's snapshot, from before the upsert: the ask that refused this one.
                await using var command = new NpgsqlCommand(
                    """
                    WITH ask AS (
                        INSERT INTO ask_cooldowns AS c (guild_id, user_id, last_asked) VALUES (@guild, @user, @now)
                        ON CONFLICT (guild_id, user_id) DO UPDATE SET last_asked = excluded.last_asked
                        WHERE c.last_asked + @cooldown <= excluded.last_asked
                        RETURNING 1)
                    SELECT (SELECT COUNT(*) FROM ask), (SELECT last_asked FROM ask_cooldowns WHERE guild_id = @guild AND user_id = @user);
                    """,
                    connection);
                command.Parameters.AddWithValue("guild", (long)guildId.Value);
                command.Parameters.AddWithValue("user", (long)userId.Value);
                command.Parameters.AddWithValue("now", now.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("cooldown", (long)cooldown.TotalMilliseconds);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                if (reader.GetInt64(0) > 0)
                {
                    return TimeSpan.Zero;
                }

                // Refused by an ask this statement's snapshot could not see (made at the same moment): a whole cooldown.
                var last = reader.IsDBNull(1) ? now : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1));
                var wait = last + cooldown - now;
                return wait > TimeSpan.Zero ? wait : cooldown;
            },
            cancellationToken);
}
