using System.Collections.Concurrent;
using Bot.Discord.Abstractions;
using Npgsql;

namespace Bot.Storage;

/// <summary>
/// The question log and the feedback on answers, in PostgreSQL. Each question is its own insert: the server commits
/// concurrent transactions together (group commit), so the batching writer <see cref="SqliteQuestionLog"/> needs for
/// SQLite's one writer buys nothing here. Reads and votes wait for this process's writes still in flight, so a vote
/// that comes moments after its answer finds the question.
/// </summary>
public sealed class PostgresQuestionLog(PostgresDatabase database, TimeProvider clock) : IQuestionLog, IFeedbackStore
{
    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    /// <summary>Writes the question; the write goes on if the caller stops waiting, since the member may already see the answer.</summary>
    public Task<long> RecordAsync(QuestionRecord question, CancellationToken cancellationToken)
    {
        var write = InsertAsync(question);
        _inFlight.TryAdd(write, 0);
        _ = write.ContinueWith(done => _inFlight.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return write.WaitAsync(cancellationToken);
    }

    /// <summary>Completes once every question this process started writing before the call was written (or failed to be).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var writes = _inFlight.Keys.ToArray();
        if (writes.Length > 0)
        {
            // A failed write was already reported to its caller; here it only has to be over.
            await Task.WhenAll(writes).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).WaitAsync(cancellationToken);
        }
    }

    public async Task<QuestionRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return await database.RunAsync(connection => QuestionLogQueries.FindAsync(connection, id, cancellationToken), cancellationToken);
    }

    public async Task<FeedbackOutcome> RecordAsync(FeedbackVote vote, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return await database.RunAsync(
            async connection =>
            {
                // One statement: the earlier vote (read before the upsert, in the statement's snapshot) and whether
                // the question exists; the upsert writes nothing when the vote is unchanged or the question unknown.
                await using var command = new NpgsqlCommand(
                    """
                    WITH upsert AS (
                        INSERT INTO feedback (question_id, user_id, helpful, voted_at)
                        SELECT @question, @user, @helpful, @at WHERE EXISTS (SELECT 1 FROM questions WHERE id = @question)
                        ON CONFLICT (question_id, user_id) DO UPDATE SET helpful = excluded.helpful, voted_at = excluded.voted_at
                        WHERE feedback.helpful <> excluded.helpful
                        RETURNING 1)
                    SELECT EXISTS (SELECT 1 FROM questions WHERE id = @question),
                           (SELECT helpful FROM feedback WHERE question_id = @question AND user_id = @user),
                           (SELECT COUNT(*) FROM upsert);
                    """,
                    connection);
                command.Parameters.AddWithValue("question", vote.QuestionId);
                command.Parameters.AddWithValue("user", (long)vote.UserId.Value);
                command.Parameters.AddWithValue("helpful", vote.Helpful);
                command.Parameters.AddWithValue("at", (vote.VotedAt == default ? clock.GetUtcNow() : vote.VotedAt).ToUnixTimeMilliseconds());
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                bool? previous = reader.IsDBNull(1) ? null : reader.GetBoolean(1);
                return (Exists: reader.GetBoolean(0), previous, Written: reader.GetInt64(2) > 0) switch
                {
                    { Exists: false } => FeedbackOutcome.UnknownQuestion,
                    { Written: false } => FeedbackOutcome.Unchanged,
                    _ => previous is null ? FeedbackOutcome.Recorded : FeedbackOutcome.Changed,
                };
            },
            cancellationToken);
    }

    private Task<long> InsertAsync(QuestionRecord question) => database.RunAsync(
        async connection =>
        {
            // An id given by the caller (the interaction's snowflake) is kept, so buttons can name the question before
            // it is written; without one the identity column assigns the next.
            await using var command = new NpgsqlCommand(
                question.Id == 0
                    ? """
                      INSERT INTO questions (guild_id, channel_id, user_id, question, answered, top_citation, asked_at)
                      VALUES (@guild, @channel, @user, @question, @answered, @citation, @at) RETURNING id;
                      """
                    : """
                      INSERT INTO questions (id, guild_id, channel_id, user_id, question, answered, top_citation, asked_at)
                      VALUES (@id, @guild, @channel, @user, @question, @answered, @citation, @at) RETURNING id;
                      """,
                connection);
            if (question.Id != 0)
            {
                command.Parameters.AddWithValue("id", question.Id);
            }

            command.Parameters.Add(new NpgsqlParameter("guild", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = Id(question.GuildId) });
            command.Parameters.Add(new NpgsqlParameter("channel", NpgsqlTypes.NpgsqlDbType.Bigint) { Value = Id(question.ChannelId) });
            command.Parameters.AddWithValue("user", (long)question.UserId.Value);
            command.Parameters.AddWithValue("question", question.Question);
            command.Parameters.AddWithValue("answered", question.Answered);
            command.Parameters.Add(new NpgsqlParameter("citation", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)question.TopCitation ?? DBNull.Value });
            command.Parameters.AddWithValue("at", question.AskedAt.ToUnixTimeMilliseconds());
            return (long)(await command.ExecuteScalarAsync(CancellationToken.None))!;
        },
        CancellationToken.None);

    private static object Id(Snowflake? id) => id is { } value ? (long)value.Value : DBNull.Value;
}
