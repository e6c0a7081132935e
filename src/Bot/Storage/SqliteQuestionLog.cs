using Bot.Discord.Abstractions;
using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>The question log and the feedback on answers, in SQLite.</summary>
public sealed class SqliteQuestionLog(SqliteDatabase database, TimeProvider clock) : IQuestionLog, IFeedbackStore
{
    public async Task<long> RecordAsync(QuestionRecord question, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        // An id given by the caller (the interaction's snowflake) is kept, so buttons can name the question before it
        // is written; without one SQLite assigns the next.
        command.CommandText = """
            INSERT INTO questions (id, guild_id, channel_id, user_id, question, answered, top_citation, asked_at)
            VALUES ($id, $guild, $channel, $user, $question, $answered, $citation, $at)
            RETURNING id;
            """;
        command.Parameters.AddWithValue("$id", question.Id == 0 ? DBNull.Value : question.Id);
        command.Parameters.AddWithValue("$guild", Id(question.GuildId));
        command.Parameters.AddWithValue("$channel", Id(question.ChannelId));
        command.Parameters.AddWithValue("$user", (long)question.UserId.Value);
        command.Parameters.AddWithValue("$question", question.Question);
        command.Parameters.AddWithValue("$answered", question.Answered ? 1 : 0);
        command.Parameters.AddWithValue("$citation", (object?)question.TopCitation ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", question.AskedAt.ToUnixTimeMilliseconds());
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task<QuestionRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT guild_id, channel_id, user_id, question, answered, top_citation, asked_at FROM questions WHERE id = $id;";
        command.Parameters.AddWithValue("$id", id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new QuestionRecord(
            reader.IsDBNull(0) ? null : new Snowflake((ulong)reader.GetInt64(0)),
            reader.IsDBNull(1) ? null : new Snowflake((ulong)reader.GetInt64(1)),
            new Snowflake((ulong)reader.GetInt64(2)),
            reader.GetString(3),
            reader.GetInt64(4) != 0,
            reader.IsDBNull(5) ? null : reader.GetString(5),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
            id);
    }

    public async Task<FeedbackOutcome> RecordAsync(FeedbackVote vote, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
        await using var existing = connection.CreateCommand();
        existing.Transaction = transaction;
        existing.CommandText = """
            SELECT (SELECT COUNT(*) FROM questions WHERE id = $question),
                   (SELECT helpful FROM feedback WHERE question_id = $question AND user_id = $user);
            """;
        existing.Parameters.AddWithValue("$question", vote.QuestionId);
        existing.Parameters.AddWithValue("$user", (long)vote.UserId.Value);
        long questionExists;
        long? previous;
        await using (var reader = await existing.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            questionExists = reader.GetInt64(0);
            previous = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        }

        if (questionExists == 0)
        {
            return FeedbackOutcome.UnknownQuestion;
        }

        var helpful = vote.Helpful ? 1L : 0L;
        if (previous == helpful)
        {
            return FeedbackOutcome.Unchanged;
        }

        await using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO feedback (question_id, user_id, helpful, voted_at) VALUES ($question, $user, $helpful, $at)
            ON CONFLICT (question_id, user_id) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at;
            """;
        upsert.Parameters.AddWithValue("$question", vote.QuestionId);
        upsert.Parameters.AddWithValue("$user", (long)vote.UserId.Value);
        upsert.Parameters.AddWithValue("$helpful", helpful);
        upsert.Parameters.AddWithValue("$at", (vote.VotedAt == default ? clock.GetUtcNow() : vote.VotedAt).ToUnixTimeMilliseconds());
        await upsert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return previous is null ? FeedbackOutcome.Recorded : FeedbackOutcome.Changed;
    }

    private static object Id(Snowflake? id) => id is { } value ? (long)value.Value : DBNull.Value;
}
