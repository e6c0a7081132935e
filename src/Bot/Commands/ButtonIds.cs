using System.Globalization;
using Bot.Knowledge.Search;

namespace Bot.Commands;

/// <summary>
/// The <c>custom_id</c>s of the answer buttons. Each carries what its click needs, or a key to it, so buttons keep
/// working after a restart: the passage by article id and paragraph, the next results by passage index within a
/// knowledge version (a rebuilt knowledge file makes them expire with a clear message), votes by question-log id.
/// Discord allows 1–100 characters (../shared/discord/docs/components--reference.mdx).
/// </summary>
public static class ButtonIds
{
    public const string FullPassage = "full";
    public const string More = "more";
    public const string Vote = "vote";
    public const int MaxLength = 100;

    public static string? ForFullPassage(Passage passage) => Fit($"{FullPassage}:{passage.Article.Id}:{passage.Number}");

    public static string? ForMore(string knowledgeVersion, IEnumerable<int> passageIndexes) =>
        Fit($"{More}:{knowledgeVersion}:{string.Join(',', passageIndexes.Select(index => index.ToString(CultureInfo.InvariantCulture)))}");

    public static string ForVote(long questionId, bool helpful) => $"{Vote}:{questionId.ToString(CultureInfo.InvariantCulture)}:{(helpful ? "up" : "down")}";

    /// <summary>The parts after the prefix, e.g. <c>["bloomberg-x", "10"]</c> for <c>full:bloomberg-x:10</c>.</summary>
    public static string[] Parts(string customId) => customId.Split(':')[1..];

    private static string? Fit(string id) => id.Length <= MaxLength ? id : null;
}
