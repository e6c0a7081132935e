using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// The moderators' reports over the question log in SQLite, and the retention trim. Each report first waits for the
/// questions still queued in <see cref="SqliteQuestionLog"/>, so it counts every question already answered.
/// </summary>
public sealed class SqliteQuestionReports(SqliteDatabase database, SqliteQuestionLog log) : IQuestionReports
{
    private const string UnansweredSql = """
        SELECT question FROM questions
        WHERE guild_id = @guild AND asked_at >= @since AND answered = 0
        ORDER BY asked_at DESC LIMIT @limit;
        """;

    private const string NotHelpfulSql = """
        SELECT q.question, q.top_citation, SUM(f.helpful), SUM(1 - f.helpful) AS not_helpful, q.asked_at
        FROM questions q JOIN feedback f ON f.question_id = q.id
        WHERE q.guild_id = @guild AND q.asked_at >= @since
        GROUP BY q.id
        HAVING not_helpful > 0
        ORDER BY not_helpful DESC, q.asked_at DESC
        LIMIT @limit;
        """;

    private const string StatsSql = """
        SELECT COUNT(*), COALESCE(SUM(answered), 0), COUNT(DISTINCT user_id)
        FROM questions WHERE guild_id = @guild AND asked_at >= @since;

        SELECT COALESCE(SUM(f.helpful), 0), COALESCE(SUM(1 - f.helpful), 0)
        FROM feedback f JOIN questions q ON q.id = f.question_id
        WHERE q.guild_id = @guild AND q.asked_at >= @since;

        SELECT channel_id, COUNT(*) AS asked FROM questions
        WHERE guild_id = @guild AND asked_at >= @since
        GROUP BY channel_id ORDER BY asked DESC, channel_id LIMIT @channels;
        """;

    public async Task<IReadOnlyList<string>> UnansweredAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.UseAsync(
            "reading the unanswered questions",
            connection => QuestionLogQueries.UnansweredAsync(connection, UnansweredSql, guildId, since, limit, cancellationToken),
            cancellationToken);
    }

    public async Task<IReadOnlyList<VotedAnswer>> NotHelpfulAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.UseAsync(
            "reading the answers voted not helpful",
            connection => QuestionLogQueries.NotHelpfulAsync(connection, NotHelpfulSql, guildId, since, limit, cancellationToken),
            cancellationToken);
    }

    public async Task<QuestionStats> StatsAsync(Snowflake guildId, DateTimeOffset since, int busiestChannels, CancellationToken cancellationToken)
    {
        await log.FlushAsync(cancellationToken);
        return await database.UseAsync(
            "reading the question statistics",
            connection => QuestionLogQueries.StatsAsync(connection, StatsSql, guildId, since, busiestChannels, cancellationToken),
            cancellationToken);
    }

    public async Task<int> DeleteAskedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        return await database.UseAsync("deleting questions past their retention", async connection =>
        {
            // Votes go with their question (ON DELETE CASCADE, foreign keys are on for every connection).
            await using var command = DbCommands.Create(connection, null, "DELETE FROM questions WHERE asked_at < @cutoff;", ("@cutoff", cutoff.ToUnixTimeMilliseconds()));
            return await command.ExecuteNonQueryAsync(cancellationToken);
        }, cancellationToken);
    }
}
