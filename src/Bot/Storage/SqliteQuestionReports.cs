using Bot.Discord.Abstractions;
using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>
/// The moderators' reports over the question log in SQLite, and the retention trim. Each report first waits for the
/// questions still queued in <see cref="SqliteQuestionLog"/>, so it counts every question already answered.
/// </summary>
public sealed class SqliteQuestionReports(SqliteDatabase database, SqliteQuestionLog log) : IQuestionReports
{
    public async Task<IReadOnlyList<string>> UnansweredAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.UseAsync("reading the unanswered questions", async connection =>
        {
            await using var command = Command(connection, guildId, since, """
                SELECT question FROM questions
                WHERE guild_id = $guild AND asked_at >= $since AND answered = 0
                ORDER BY asked_at DESC LIMIT $limit;
                """);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var questions = new List<string>();
            while (await reader.ReadAsync(cancellationToken))
            {
                questions.Add(reader.GetString(0));
            }

            return questions;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<VotedAnswer>> NotHelpfulAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.UseAsync("reading the answers voted not helpful", async connection =>
        {
            await using var command = Command(connection, guildId, since, """
                SELECT q.question, q.top_citation, SUM(f.helpful), SUM(1 - f.helpful) AS not_helpful, q.asked_at
                FROM questions q JOIN feedback f ON f.question_id = q.id
                WHERE q.guild_id = $guild AND q.asked_at >= $since
                GROUP BY q.id
                HAVING not_helpful > 0
                ORDER BY not_helpful DESC, q.asked_at DESC
                LIMIT $limit;
                """);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var answers = new List<VotedAnswer>();
            while (await reader.ReadAsync(cancellationToken))
            {
                answers.Add(new VotedAnswer(
                    reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    reader.GetInt32(2),
                    reader.GetInt32(3),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4))));
            }

            return answers;
        }, cancellationToken);
    }

    public async Task<QuestionStats> StatsAsync(Snowflake guildId, DateTimeOffset since, int busiestChannels, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.UseAsync("reading the question statistics", async connection =>
        {
            await using var command = Command(connection, guildId, since, """
                SELECT COUNT(*), COALESCE(SUM(answered), 0), COUNT(DISTINCT user_id)
                FROM questions WHERE guild_id = $guild AND asked_at >= $since;

                SELECT COALESCE(SUM(f.helpful), 0), COALESCE(SUM(1 - f.helpful), 0)
                FROM feedback f JOIN questions q ON q.id = f.question_id
                WHERE q.guild_id = $guild AND q.asked_at >= $since;

                SELECT channel_id, COUNT(*) AS asked FROM questions
                WHERE guild_id = $guild AND asked_at >= $since
                GROUP BY channel_id ORDER BY asked DESC, channel_id LIMIT $channels;
                """);
            command.Parameters.AddWithValue("$channels", busiestChannels);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (asked, answered, askers) = (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
            await reader.NextResultAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var (helpful, notHelpful) = (reader.GetInt32(0), reader.GetInt32(1));
            await reader.NextResultAsync(cancellationToken);
            var channels = new List<ChannelCount>();
            while (await reader.ReadAsync(cancellationToken))
            {
                channels.Add(new ChannelCount(reader.IsDBNull(0) ? null : new Snowflake((ulong)reader.GetInt64(0)), reader.GetInt32(1)));
            }

            return new QuestionStats(asked, answered, askers, helpful, notHelpful, channels);
        }, cancellationToken);
    }

    public async Task<int> DeleteAskedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        return await database.UseAsync("deleting questions past their retention", async connection =>
        {
            await using var command = connection.CreateCommand();
            // Votes go with their question (ON DELETE CASCADE, foreign keys are on for every connection).
            command.CommandText = "DELETE FROM questions WHERE asked_at < $cutoff;";
            command.Parameters.AddWithValue("$cutoff", cutoff.ToUnixTimeMilliseconds());
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }

    private static SqliteCommand Command(SqliteConnection connection, Snowflake guildId, DateTimeOffset since, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$guild", (long)guildId.Value);
        command.Parameters.AddWithValue("$since", since.ToUnixTimeMilliseconds());
        return command;
    }
}
