using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Search;

/// <summary>
/// What the knowledge says about a question: the best passages (best first) or, when nothing answers,
/// why not and what the person might have meant.
/// </summary>
public sealed record SearchResult(
    string Question,
    bool Answered,
    IReadOnlyList<PassageHit> Hits,
    IReadOnlyList<string> MissingWords,
    IReadOnlyList<string> Suggestions)
{
    /// <summary>
    /// Set when the question was longer than the search reads (<see cref="QuestionPrefix"/>): how many of its first words
    /// were read. The answer is the answer to those words.
    /// </summary>
    public int? WordsRead { get; init; }

    /// <summary>Whether only the question's opening was read (see <see cref="WordsRead"/>).</summary>
    public bool Truncated => WordsRead is not null;

    public static SearchResult NotAnswered(string question, IReadOnlyList<string> missingWords, IReadOnlyList<string> suggestions) =>
        new(question, false, [], missingWords, suggestions);
}

/// <summary>A passage that answers, its score, and the spans of its text that matched the question.</summary>
public sealed record PassageHit(Passage Passage, double Score, IReadOnlyList<TextSpan> Highlights);
