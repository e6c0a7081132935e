namespace Bot.Knowledge.Search;

/// <summary>
/// The part of a question the search reads: its first <see cref="MaxWords"/> words, and never more than
/// <see cref="MaxCharacters"/> characters. Reading a question costs more than linear time in its words (each unknown word
/// is tried as a correction against the whole question), so a pasted article took minutes of a core (issue 19: 100 KB,
/// 312 s); its opening is read instead, and the result says so.
/// </summary>
/// <remarks>
/// The bound is three times the longest question of the question set (34 words, 236 characters) and holds a question of
/// several sentences; what is cut is the paste after it. Discord lets an option hold 6,000 characters.
/// </remarks>
public static class QuestionPrefix
{
    /// <summary>The words of a question the search reads.</summary>
    public const int MaxWords = 100;

    /// <summary>The characters it reads at most, for a question of few, long "words" (a URL, a run without spaces).</summary>
    public const int MaxCharacters = 1_000;

    /// <summary>
    /// <paramref name="question"/>'s first <see cref="MaxWords"/> words (runs of non-white space), cut at the last word that
    /// ends within <see cref="MaxCharacters"/>; and how many words it kept when that is not the whole question, else null.
    /// </summary>
    public static (string Read, int? WordsRead) Of(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var words = 0;
        var end = 0;
        var i = 0;
        while (i < question.Length && char.IsWhiteSpace(question[i]))
        {
            i++;
        }

        // Characters are counted from the first word: white space before it costs the search nothing.
        var first = i;
        while (i < question.Length)
        {
            while (i < question.Length && char.IsWhiteSpace(question[i]))
            {
                i++;
            }

            if (i == question.Length)
            {
                break;
            }

            var start = i;
            while (i < question.Length && !char.IsWhiteSpace(question[i]))
            {
                i++;
            }

            if (words == MaxWords || i - first > MaxCharacters)
            {
                // A first word longer than the whole bound is read as far as the bound.
                return words == 0 ? (question.Substring(start, MaxCharacters), 1) : (question[..end], words);
            }

            (words, end) = (words + 1, i);
        }

        return (question, null);
    }
}
