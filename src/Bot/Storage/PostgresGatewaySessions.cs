using Bot.Discord.Abstractions;
using Bot.Discord.Gateway;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// Each shard's gateway session in PostgreSQL: the process that runs a shard writes its session id, resume URL and last
/// sequence number as they change, and the process that runs the shard next (the same one restarted, or another)
/// reads them and RESUMEs instead of identifying. One row per shard id and count, overwritten in place.
/// </summary>
public sealed class PostgresGatewaySessions(PostgresDatabase database, TimeProvider time) : IGatewaySessionStore
{
    public bool Persists => true;

    public Task<SavedGatewaySession?> LoadAsync(GatewayShard shard, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand(
                "SELECT session_id, resume_url, sequence, application_id FROM gateway_sessions WHERE shard_id = @id AND shard_count = @count;",
                connection);
            command.Parameters.AddWithValue("id", shard.Id);
            command.Parameters.AddWithValue("count", shard.Count);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new SavedGatewaySession(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), new Snowflake((ulong)reader.GetInt64(3)))
                : null;
        },
        cancellationToken);

    public Task SaveAsync(GatewayShard shard, SavedGatewaySession session, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO gateway_sessions (shard_id, shard_count, session_id, resume_url, sequence, application_id, saved_at)
                VALUES (@id, @count, @session, @url, @sequence, @application, @at)
                ON CONFLICT (shard_id, shard_count) DO UPDATE SET session_id = excluded.session_id, resume_url = excluded.resume_url,
                    sequence = excluded.sequence, application_id = excluded.application_id, saved_at = excluded.saved_at;
                """,
                connection);
            command.Parameters.AddWithValue("id", shard.Id);
            command.Parameters.AddWithValue("count", shard.Count);
            command.Parameters.AddWithValue("session", session.SessionId);
            command.Parameters.AddWithValue("url", session.ResumeGatewayUrl);
            command.Parameters.AddWithValue("sequence", session.Sequence);
            command.Parameters.AddWithValue("application", (long)session.ApplicationId.Value);
            command.Parameters.AddWithValue("at", time.GetUtcNow().ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        },
        cancellationToken);

    public Task ForgetAsync(GatewayShard shard, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            await using var command = new NpgsqlCommand("DELETE FROM gateway_sessions WHERE shard_id = @id AND shard_count = @count;", connection);
            command.Parameters.AddWithValue("id", shard.Id);
            command.Parameters.AddWithValue("count", shard.Count);
            return await command.ExecuteNonQueryAsync(cancellationToken);
        },
        cancellationToken);
}
