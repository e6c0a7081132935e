using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>
/// One question a member asked: what moderators see in gaps and stats, and what the answer's buttons refer
/// back to. The user id is kept because feedback and blocking need it; retention trims old rows.
/// </summary>
public sealed record QuestionRecord(
    Snowflake? GuildId,
    Snowflake? ChannelId,
    Snowflake UserId,
    string Question,
    bool Answered,
    string? TopCitation,
    DateTimeOffset AskedAt,
    long Id = 0);

/// <summary>The question log: every question asked, answered or not.</summary>
public interface IQuestionLog
{
    /// <summary>Stores the question and returns its id: <see cref="QuestionRecord.Id"/> when given (non-zero), else a new one.</summary>
    Task<long> RecordAsync(QuestionRecord question, CancellationToken cancellationToken);

    Task<QuestionRecord?> FindAsync(long id, CancellationToken cancellationToken);
}

/// <summary>A 👍 or 👎 on an answer. One vote per user per answer; voting again replaces the earlier vote.</summary>
public sealed record FeedbackVote(long QuestionId, Snowflake UserId, bool Helpful, DateTimeOffset VotedAt);

public enum FeedbackOutcome
{
    Recorded,
    Changed,
    Unchanged,
    UnknownQuestion,
}

public interface IFeedbackStore
{
    Task<FeedbackOutcome> RecordAsync(FeedbackVote vote, CancellationToken cancellationToken);
}
