using Bot.Discord.Abstractions;

namespace Bot.Storage;

/// <summary>An answer members voted on, with its votes: what the moderators' gaps report lists when it got 👎.</summary>
public sealed record VotedAnswer(string Question, string? TopCitation, int Helpful, int NotHelpful, DateTimeOffset AskedAt);

/// <summary>What a server asked over a period.</summary>
public sealed record QuestionStats(int Asked, int Answered, int Askers, int Helpful, int NotHelpful, IReadOnlyList<ChannelCount> BusiestChannels);

public sealed record ChannelCount(Snowflake? ChannelId, int Questions);

/// <summary>Reads the question log for the moderators' reports, and trims it to the retention period.</summary>
public interface IQuestionReports
{
    /// <summary>The text of the questions asked since <paramref name="since"/> that the bot could not answer, newest first.</summary>
    Task<IReadOnlyList<string>> UnansweredAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    /// <summary>Answers asked since <paramref name="since"/> with at least one 👎, most 👎 first.</summary>
    Task<IReadOnlyList<VotedAnswer>> NotHelpfulAsync(Snowflake guildId, DateTimeOffset since, int limit, CancellationToken cancellationToken);

    Task<QuestionStats> StatsAsync(Snowflake guildId, DateTimeOffset since, int busiestChannels, CancellationToken cancellationToken);

    /// <summary>Deletes questions (and their votes) asked before <paramref name="cutoff"/>; returns how many.</summary>
    Task<int> DeleteAskedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken);
}
