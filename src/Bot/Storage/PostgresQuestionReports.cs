using Bot.Discord.Abstractions;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The moderators' reports over the question log in PostgreSQL, and the retention trim. Each report first waits for
/// this process's questions still being written (<see cref="PostgresQuestionLog.FlushAsync"/>).
/// </summary>
public sealed class PostgresQuestionReports(PostgresDatabase database, PostgresQuestionLog log) : IQuestionReports
{
    public async Task<IReadOnlyList<string>> UnansweredAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.RunAsync<IReadOnlyList<string>>(
            async connection =>
            {
                await using var command = Command(connection, guildId, since, """
                    SELECT question FROM questions
                    WHERE guild_id = @guild AND asked_at >= @since AND NOT answered
                    ORDER BY asked_at DESC LIMIT @limit;
                    """);
                command.Parameters.AddWithValue("limit", limit);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var questions = new List<string>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    questions.Add(reader.GetString(0));
                }

                return questions;
            },
            cancellationToken);
    }

    public async Task<IReadOnlyList<VotedAnswer>> NotHelpfulAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.RunAsync<IReadOnlyList<VotedAnswer>>(
            async connection =>
            {
                await using var command = Command(connection, guildId, since, """
                    SELECT q.question, q.top_citation, COUNT(*) FILTER (WHERE f.helpful), COUNT(*) FILTER (WHERE NOT f.helpful) AS not_helpful, q.asked_at
                    FROM questions q JOIN feedback f ON f.question_id = q.id
                    WHERE q.guild_id = @guild AND q.asked_at >= @since
                    GROUP BY q.id
                    HAVING COUNT(*) FILTER (WHERE NOT f.helpful) > 0
                    ORDER BY not_helpful DESC, q.asked_at DESC
                    LIMIT @limit;
                    """);
                command.Parameters.AddWithValue("limit", limit);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                var answers = new List<VotedAnswer>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    answers.Add(new VotedAnswer(
                        reader.GetString(0),
                        reader.IsDBNull(1) ? null : reader.GetString(1),
                        (int)reader.GetInt64(2),
                        (int)reader.GetInt64(3),
                        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
                }

                return answers;
            },
            cancellationToken);
    }

    public async Task<QuestionStats> StatsAsync(Snowflake guildId, DateTimeOffset since, int busiestChannels, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.RunAsync(
            async connection =>
            {
                await using var command = Command(connection, guildId, since, """
                    SELECT COUNT(*), COUNT(*) FILTER (WHERE answered), COUNT(DISTINCT user_id)
                    FROM questions WHERE guild_id = @guild AND asked_at >= @since;

                    SELECT COUNT(*) FILTER (WHERE f.helpful), COUNT(*) FILTER (WHERE NOT f.helpful)
                    FROM feedback f JOIN questions q ON q.id = f.question_id
                    WHERE q.guild_id = @guild AND q.asked_at >= @since;

                    SELECT channel_id, COUNT(*) AS asked FROM questions
                    WHERE guild_id = @guild AND asked_at >= @since
                    GROUP BY channel_id ORDER BY asked DESC, channel_id NULLS FIRST LIMIT @channels;
                    """);
                command.Parameters.AddWithValue("channels", busiestChannels);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var (asked, answered, askers) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2));
                await reader.NextResultAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                var (helpful, notHelpful) = ((int)reader.GetInt64(0), (int)reader.GetInt64(1));
                await reader.NextResultAsync(cancellationToken);
                var channels = new List<ChannelCount>();
                while (await reader.ReadAsync(cancellationToken))
                {
                    channels.Add(new ChannelCount(reader.IsDBNull(0) ? null : new Snowflake((ulong)reader.GetInt64(0)), (int)reader.GetInt64(1)));
                }

                return new QuestionStats(asked, answered, askers, helpful, notHelpful, channels);
            },
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

    private static NpgsqlCommand Command(NpgsqlConnection connection, Snowflake guildId, DateTimeOffset since, string sql)
    {
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("guild", (long)guildId.Value);
        command.Parameters.AddWithValue("since", since.ToUnixTimeMilliseconds());
        return command;
    }
}
