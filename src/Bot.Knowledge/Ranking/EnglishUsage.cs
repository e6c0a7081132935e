using System.Collections.Frozen;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// How people type and ask, as data: informal words and what they stand for (<c>informal-english.txt</c>) and the words
/// that ask for a kind of answer (<c>question-kinds.txt</c>). Both are general English, embedded in the library.
/// </summary>
internal sealed class EnglishUsage
{
    private EnglishUsage(FrozenDictionary<string, string> informal, IReadOnlyList<(AnswerType Type, string[] Words)> kinds)
    {
        Informal = informal;
        foreach (var kind in kinds)
        {
            (_kindsByFirstWord.TryGetValue(kind.Words[0], out var phrases) ? phrases : _kindsByFirstWord[kind.Words[0]] = []).Add(kind);
        }
    }

    // Per answer type, the phrases (lower-cased words) that ask for it, filed by their first word: every question is read
    // for them, so its words are looked up once each rather than every phrase tried at every word (a tenth of a search on
    // the two articles).
    private readonly Dictionary<string, List<(AnswerType Type, string[] Words)>> _kindsByFirstWord = new(StringComparer.Ordinal);

    public static EnglishUsage Shared { get; } = Load();

    /// <summary>A lower-cased chat word and the words it stands for; an empty value is chat that asks nothing.</summary>
    public FrozenDictionary<string, string> Informal { get; }

    /// <summary>Where a question's words break into clauses (<see cref="QuestionReader"/> puts it at punctuation).</summary>
    public const string ClauseBreak = ",";

    /// <summary>The words that open a question or a clause of one, and the joins that start another ("…, and in what year").</summary>
    private static readonly FrozenSet<string> QuestionWords = FrozenSet.ToFrozenSet(["what", "which", "who", "whom", "whose", "when", "where", "why", "how"], StringComparer.Ordinal);

    private static readonly FrozenSet<string> Joins = FrozenSet.ToFrozenSet(["and", "or", "but"], StringComparer.Ordinal);

    /// <summary>
    /// The answer types a question's lower-cased words ask for: "how many" a number, "when" a date. Only a clause's first
    /// question word asks: a later one joins a clause to it ("how did his mother help him when he was little" asks how,
    /// not when).
    /// </summary>
    public AnswerType TypesAskedBy(IReadOnlyList<string> words)
    {
        var types = AnswerType.None;
        var asked = false;
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == ClauseBreak || Joins.Contains(words[i]))
            {
                asked = false;
                continue;
            }

            if (_kindsByFirstWord.TryGetValue(words[i], out var phrases))
            {
                foreach (var (type, phrase) in phrases)
                {
                    if ((types & type) == 0 && i + phrase.Length <= words.Count && Follows(words, i, phrase)
                        && !(asked && Array.Exists(phrase, QuestionWords.Contains)))
                    {
                        types |= type;
                    }
                }
            }

            asked |= IsQuestionWord(words[i]);
        }

        return types;
    }

    /// <summary>A question word, also as a contraction or in chat ("what's", "whats", "wat").</summary>
    private bool IsQuestionWord(string word)
    {
        var plain = word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
        return QuestionWords.Contains(Informal.TryGetValue(plain, out var meaning) ? meaning : plain);
    }

    private static bool Follows(IReadOnlyList<string> words, int at, string[] phrase)
    {
        for (var k = 1; k < phrase.Length; k++)
        {
            if (words[at + k] != phrase[k])
            {
                return false;
            }
        }

        return true;
    }

    private static EnglishUsage Load()
    {
        var informal = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in Lines("informal-english.txt"))
        {
            var arrow = line.IndexOf("=>", StringComparison.Ordinal);
            informal[line[..arrow].Trim().ToLowerInvariant()] = line[(arrow + 2)..].Trim().ToLowerInvariant();
        }

        var kinds = new List<(AnswerType, string[])>();
        foreach (var line in Lines("question-kinds.txt"))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var type = Enum.Parse<AnswerType>(line[..colon].Trim(), ignoreCase: true);
            foreach (var phrase in line[(colon + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                kinds.Add((type, phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            }
        }

        return new EnglishUsage(informal.ToFrozenDictionary(StringComparer.Ordinal), kinds);
    }

    private static List<string> Lines(string name) => EmbeddedData.Lines("Bot.Knowledge.Ranking." + name);
}

/// <summary>What a question asks for, beyond its subject: a number, a date, someone's words, a person, a place.</summary>
[Flags]
internal enum AnswerType
{
    None = 0,
    Number = 1,
    Date = 2,
    Quote = 4,
    Person = 8,
    Place = 16,
}
