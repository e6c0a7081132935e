using System.Data.Common;
using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// The reads of the question log, run the same way on SQLite and PostgreSQL. Finding a question is the same SQL on
/// both; a report takes its provider's own SQL (SQLite keeps booleans as 0/1, PostgreSQL has <c>FILTER</c>) over
/// <c>@guild</c>, <c>@since</c> and its limit, and reads the same columns back.
/// </summary>
internal static class QuestionLogQueries
{
    public static async Task<QuestionRecord?> FindAsync(DbConnection connection, long id, CancellationToken cancellationToken)
    {
        await using var command = DbCommands.Create(
            connection,
            null,
            "SELECT guild_id, channel_id, user_id, question, answered, top_citation, asked_at FROM questions WHERE id = @id;",
            ("@id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.QuestionAsync(reader, id, cancellationToken);
    }

    /// <summary>The text of each row of <paramref name="sql"/>, which reads at most <c>@limit</c> questions.</summary>
    public static async Task<IReadOnlyList<string>> UnansweredAsync(DbConnection connection, string sql, Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var command = Report(connection, sql, guildId, since, ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.AllAsync(reader, row => row.GetString(0), cancellationToken);
    }

    /// <summary>The answers <paramref name="sql"/> reads (at most <c>@limit</c>), as <see cref="StoredRows.VotedAnswersAsync"/> reads them.</summary>
    public static async Task<IReadOnlyList<VotedAnswer>> NotHelpfulAsync(DbConnection connection, string sql, Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        await using var command = Report(connection, sql, guildId, since, ("@limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.VotedAnswersAsync(reader, cancellationToken);
    }

    /// <summary>The statistics <paramref name="sql"/> reads (at most <c>@channels</c> channels), as <see cref="StoredRows.StatsAsync"/> reads them.</summary>
    public static async Task<QuestionStats> StatsAsync(DbConnection connection, string sql, Snowflake guildId, DateTimeOffset since, int busiestChannels, CancellationToken cancellationToken)
    {
        await using var command = Report(connection, sql, guildId, since, ("@channels", busiestChannels));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await StoredRows.StatsAsync(reader, cancellationToken);
    }

    private static DbCommand Report(DbConnection connection, string sql, Snowflake guildId, DateTimeOffset since, (string Name, object? Value) limit) =>
        DbCommands.ForGuild(connection, null, sql, guildId, ("@since", since.ToUnixTimeMilliseconds()), limit);
}
