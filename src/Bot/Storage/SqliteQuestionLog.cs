using System.Threading.Channels;
using Bot.Discord.Abstractions;
using Microsoft.Data.Sqlite;

namespace Bot.Storage;

/// <summary>
/// The question log and the feedback on answers, in SQLite. Questions go through one writer that commits whatever
/// has queued up in one transaction: with <c>synchronous = FULL</c> every commit waits for the disk, and a commit per
/// question meant a disk flush per question under load, each holding a pool thread while writers queued on the lock.
/// <see cref="RecordAsync(QuestionRecord, CancellationToken)"/> completes once its batch is durable (or fails with the
/// batch's SQLite error), so a process killed at any moment loses only questions whose write had not completed —
/// answers the member may already have seen, never a moderation setting (those are written by
/// <see cref="SqliteModerationStore"/>, one synchronous transaction per change). Reads and votes wait for the
/// questions queued before them, so they see every question already answered.
/// </summary>
public sealed class SqliteQuestionLog(SqliteDatabase database, TimeProvider clock) : IQuestionLog, IFeedbackStore, IDisposable
{
    /// <summary>Questions per transaction at most, so one commit stays short under a burst.</summary>
    internal const int MaxBatch = 500;

    /// <summary>SQLITE_CONSTRAINT: a row the table refuses, such as an id already written.</summary>
    private const int SqliteConstraint = 19;

    /// <summary>How long disposal waits for queued questions to be written.</summary>
    private static readonly TimeSpan FlushOnDisposal = TimeSpan.FromSeconds(10);

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock _writerStart = new();
    private Task? _writer;

    /// <summary>Queues the question; the task completes with its id once the batch holding it is committed.</summary>
    public Task<long> RecordAsync(QuestionRecord question, CancellationToken cancellationToken) =>
        Enqueue(new Pending(question)).WaitAsync(cancellationToken);

    /// <summary>Completes once every question queued before the call was written (or failed to be).</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Enqueue(new Pending(null)).WaitAsync(cancellationToken);

    public async Task<QuestionRecord?> FindAsync(long id, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken);
        return await database.UseAsync("reading a logged question", connection => QuestionLogQueries.FindAsync(connection, id, cancellationToken), cancellationToken);
    }

    public async Task<FeedbackOutcome> RecordAsync(FeedbackVote vote, CancellationToken cancellationToken)
    {
        // A vote may come moments after the answer, while its question is still queued.
        await FlushAsync(cancellationToken);
        return await database.UseAsync("recording a vote", async connection =>
        {
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
        }, cancellationToken);
    }

    public void Dispose()
    {
        // On shutdown, the questions still queued are written before the process goes.
        _queue.Writer.TryComplete();
        Task? writer;
        lock (_writerStart)
        {
            writer = _writer;
        }

        writer?.Wait(FlushOnDisposal);
    }

    private Task<long> Enqueue(Pending pending)
    {
        if (!_queue.Writer.TryWrite(pending))
        {
            return Task.FromException<long>(new StorageException(StorageFailure.Unavailable, "The question log is closed: the bot is shutting down."));
        }

        lock (_writerStart)
        {
            _writer ??= Task.Run(WriteQueuedAsync);
        }

        return pending.Done.Task;
    }

    private async Task WriteQueuedAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        var questions = new List<QuestionRecord>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (questions.Count < MaxBatch && _queue.Reader.TryRead(out var next))
            {
                batch.Add(next);
                if (next.Question is { } question)
                {
                    questions.Add(question);
                }
            }

            var outcomes = await WriteBatchAsync(questions).ConfigureAwait(false);
            var written = 0;
            foreach (var pending in batch)
            {
                if (pending.Question is null)
                {
                    pending.Done.TrySetResult(0);
                    continue;
                }

                var (id, failure) = outcomes[written++];
                if (failure is null)
                {
                    pending.Done.TrySetResult(id);
                }
                else
                {
                    pending.Done.TrySetException(failure);
                }
            }

            batch.Clear();
            questions.Clear();
        }
    }

    /// <summary>The id or the failure of each question, in order; never throws, so the writer outlives a locked or full database.</summary>
    private async Task<IReadOnlyList<(long Id, Exception? Failure)>> WriteBatchAsync(List<QuestionRecord> questions)
    {
        if (questions.Count == 0)
        {
            return [];
        }

        try
        {
            return [.. (await InsertAsync(questions).ConfigureAwait(false)).Select(id => (id, (Exception?)null))];
        }
        catch (SqliteException exception) when (exception.SqliteErrorCode == SqliteConstraint && questions.Count > 1)
        {
            // One bad row (a replayed interaction's id) must not cost the others their place: write them one by one.
            var outcomes = new List<(long, Exception?)>(questions.Count);
            foreach (var question in questions)
            {
                outcomes.Add((await WriteBatchAsync([question]).ConfigureAwait(false))[0]);
            }

            return outcomes;
        }
        catch (Exception exception)
        {
            var failure = exception is SqliteException sqlite ? StorageException.From(sqlite, database.FilePath, "recording a question") : exception;
            return [.. questions.Select(_ => (0L, (Exception?)failure))];
        }
    }

    private async Task<IReadOnlyList<long>> InsertAsync(List<QuestionRecord> questions)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(CancellationToken.None).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // An id given by the caller (the interaction's snowflake) is kept, so buttons can name the question before it
        // is written; without one SQLite assigns the next.
        command.CommandText = """
            INSERT INTO questions (id, guild_id, channel_id, user_id, question, answered, top_citation, asked_at)
            VALUES ($id, $guild, $channel, $user, $question, $answered, $citation, $at)
            RETURNING id;
            """;
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        var guild = command.Parameters.Add("$guild", SqliteType.Integer);
        var channel = command.Parameters.Add("$channel", SqliteType.Integer);
        var user = command.Parameters.Add("$user", SqliteType.Integer);
        var text = command.Parameters.Add("$question", SqliteType.Text);
        var answered = command.Parameters.Add("$answered", SqliteType.Integer);
        var citation = command.Parameters.Add("$citation", SqliteType.Text);
        var at = command.Parameters.Add("$at", SqliteType.Integer);
        var ids = new List<long>(questions.Count);
        foreach (var question in questions)
        {
            id.Value = question.Id == 0 ? DBNull.Value : question.Id;
            guild.Value = Id(question.GuildId);
            channel.Value = Id(question.ChannelId);
            user.Value = (long)question.UserId.Value;
            text.Value = question.Question;
            answered.Value = question.Answered ? 1 : 0;
            citation.Value = (object?)question.TopCitation ?? DBNull.Value;
            at.Value = question.AskedAt.ToUnixTimeMilliseconds();
            ids.Add((long)(await command.ExecuteScalarAsync(CancellationToken.None).ConfigureAwait(false))!);
        }

        await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
        return ids;
    }

    private static object Id(Snowflake? id) => id is { } value ? (long)value.Value : DBNull.Value;

    /// <summary>A question to write, or (without one) a flush marker that completes when the writer reaches it.</summary>
    private sealed class Pending(QuestionRecord? question)
    {
        public QuestionRecord? Question { get; } = question;

        public TaskCompletionSource<long> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
