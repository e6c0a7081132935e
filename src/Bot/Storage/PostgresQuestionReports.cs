using Bot.Discord.Abstractions;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The moderators' reports over the question log in PostgreSQL, and the retention trim. Each report first waits for
/// this process's questions still being written (<see cref="PostgresQuestionLog.FlushAsync"/>).
/// </summary>
public sealed class PostgresQuestionReports(PostgresDatabase database, PostgresQuestionLog log) : IQuestionReports
{
    private const string UnansweredSql = """
        SELECT question FROM questions
        WHERE guild_id = @guild AND asked_at >= @since AND NOT answered
        ORDER BY asked_at DESC LIMIT @limit;
        """;

    private const string NotHelpfulSql = """
        SELECT q.question, q.top_citation, COUNT(*) FILTER (WHERE f.helpful), COUNT(*) FILTER (WHERE NOT f.helpful) AS not_helpful, q.asked_at
        FROM questions q JOIN feedback f ON f.question_id = q.id
        WHERE q.guild_id = @guild AND q.asked_at >= @since
        GROUP BY q.id
        HAVING COUNT(*) FILTER (WHERE NOT f.helpful) > 0
        ORDER BY not_helpful DESC, q.asked_at DESC
        LIMIT @limit;
        """;

    private const string StatsSql = """
        SELECT COUNT(*), COUNT(*) FILTER (WHERE answered), COUNT(DISTINCT user_id)
        FROM questions WHERE guild_id = @guild AND asked_at >= @since;

        SELECT COUNT(*) FILTER (WHERE f.helpful), COUNT(*) FILTER (WHERE NOT f.helpful)
        FROM feedback f JOIN questions q ON q.id = f.question_id
        WHERE q.guild_id = @guild AND q.asked_at >= @since;

        SELECT channel_id, COUNT(*) AS asked FROM questions
        WHERE guild_id = @guild AND asked_at >= @since
        GROUP BY channel_id ORDER BY asked DESC, channel_id NULLS FIRST LIMIT @channels;
        """;

    public async Task<IReadOnlyList<string>> UnansweredAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.RunAsync(
            connection => QuestionLogQueries.UnansweredAsync(connection, UnansweredSql, guildId, since, limit, cancellationToken),
            cancellationToken);
    }

    public async Task<IReadOnlyList<VotedAnswer>> NotHelpfulAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.RunAsync(
            connection => QuestionLogQueries.NotHelpfulAsync(connection, NotHelpfulSql, guildId, since, limit, cancellationToken),
            cancellationToken);
    }

    public async Task<QuestionStats> StatsAsync(Snowflake guildId, DateTimeOffset since, int busiestChannels, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.RunAsync(
            connection => QuestionLogQueries.StatsAsync(connection, StatsSql, guildId, since, busiestChannels, cancellationToken),
            cancellationToken);
    }

    /// <summary>Also forgets cooldowns older than the cutoff: the longest cooldown is an hour, the shortest retention a day.</summary>
    public Task<int> DeleteAskedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken) => database.RunAsync(
        async connection =>
        {
            // Votes go with their question (ON DELETE CASCADE).
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand("DELETE FROM questions WHERE asked_at < @cutoff;") { Parameters = { new("cutoff", cutoff.ToUnixTimeMilliseconds()) } },
                    new NpgsqlBatchCommand("DELETE FROM ask_cooldowns WHERE last_asked < @cutoff;") { Parameters = { new("cutoff", cutoff.ToUnixTimeMilliseconds()) } },
                },
            };
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return batch.BatchCommands[0].RecordsAffected;
        },
        cancellationToken);
}
