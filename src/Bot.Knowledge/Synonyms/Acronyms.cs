using System.Text;

namespace Bot.Knowledge.Synonyms;

/// <summary>
/// Acronyms of the names the articles spell out: "Center for Strategic and International Studies" is what a member
/// means by "CSIS". Each run of two or more capitalised words (small joining words such as "for" and "and" allowed
/// inside) gives the acronym of its capitalised words, one-way, so "csis" finds the name and not the other way round.
/// </summary>
/// <remarks>
/// Derived when the knowledge loads, not written into <c>knowledge/synonyms.txt</c>: every new article brings its own
/// organisations. An acronym that is a word of the articles already ("US") is left alone.
/// </remarks>
public static class Acronyms
{
    /// <summary>Acronyms shorter than this are mostly other words ("US", "UN") or ambiguous.</summary>
    private const int MinimumLength = 3;

    /// <summary>
    /// Acronyms of the names in <paramref name="texts"/>, each also finding what <paramref name="synonyms"/> say the name is
    /// ("kju" is Kim Jong Un, so also Kim and the North Korean leader).
    /// </summary>
    public static IReadOnlyList<SynonymEntry> Derive(IEnumerable<string> texts, Func<string, bool> isWordOfTheArticles, IReadOnlyList<SynonymEntry> synonyms) =>
        FromNames(texts.SelectMany(NamesIn), isWordOfTheArticles, synonyms);

    /// <summary>The same from the names already found in the texts (<see cref="NamesIn"/>), in any order.</summary>
    public static IReadOnlyList<SynonymEntry> FromNames(IEnumerable<(string Acronym, string Name)> names, Func<string, bool> isWordOfTheArticles, IReadOnlyList<SynonymEntry> synonyms)
    {
        var groups = synonyms.Where(entry => entry.Targets is null).ToList();
        return OfNames(names, isWordOfTheArticles)
            .Select(acronym =>
            {
                var names = acronym.Targets!;
                var same = groups
                    .Where(group => group.Terms.Any(term => names.Contains(term, StringComparer.OrdinalIgnoreCase)))
                    .SelectMany(group => group.Terms);
                return acronym with { Targets = [.. names.Concat(same).Distinct(StringComparer.OrdinalIgnoreCase)] };
            })
            .ToList();
    }

    private static IReadOnlyList<SynonymEntry> OfNames(IEnumerable<(string Acronym, string Name)> spelledOut, Func<string, bool> isWordOfTheArticles)
    {
        var found = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (acronym, name) in spelledOut)
        {
            if (acronym.Length < MinimumLength || isWordOfTheArticles(acronym))
            {
                continue;
            }

            if (!found.TryGetValue(acronym, out var names))
            {
                found[acronym] = names = new SortedSet<string>(StringComparer.Ordinal);
            }

            names.Add(name);
        }

        return found.Select(pair => new SynonymEntry([pair.Key], [.. pair.Value])).ToList();
    }

    /// <summary>
    /// The runs of capitalised words in one text, each with its acronym ("csis") and its words as written. The build reads
    /// every word of the corpus here, so words are looked at as spans: a string is made only for the words of a run.
    /// </summary>
    internal static List<(string Acronym, string Name)> NamesIn(string text)
    {
        // The run's words are kept as places in the text, not strings: this reads every word of every article a build
        // reads, and most capitalised words are no part of a name of two words or more.
        var names = new List<(string Acronym, string Name)>();
        var run = new List<Range>();
        var previousEndedSentence = true;
        var all = text.AsSpan();
        foreach (var range in all.SplitAny(" \n\t\r"))
        {
            var token = all[range];
            if (token.IsEmpty)
            {
                continue;
            }

            var word = token.TrimStart("(“\"‘");
            var core = word.TrimEnd(",.;:!?)”\"’'—");
            if (core.EndsWith("’s") || core.EndsWith("'s"))
            {
                core = core[..^2];
            }

            // Punctuation after a word ends the name ("... Foundation." "Institute’s Center"): the name is the words before.
            var endsName = core.Length != word.Length;
            var capitalised = core.Length > 1 && char.IsUpper(core[0]) && IsLetters(core) && !previousEndedSentence;
            var joins = run.Count > 0 && !endsName && IsJoining(core);
            previousEndedSentence = token[^1] is '.' or '?' or '!';
            if (capitalised || joins)
            {
                var start = range.Start.GetOffset(all.Length) + (token.Length - word.Length);
                run.Add(start..(start + core.Length));
                if (!endsName)
                {
                    continue;
                }
            }

            AddName(text, run, names);
        }

        AddName(text, run, names);
        return names;
    }

    /// <summary>Small words that may join the capitalised words of a name ("Center for Strategic and International Studies").</summary>
    private static bool IsJoining(ReadOnlySpan<char> word) => word is "for" or "and" or "of" or "on" or "the" or "in" or "&";

    private static bool IsLetters(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The run as a name, when it has two capitalised words once joining words at its end are dropped; the run is emptied.</summary>
    private static void AddName(string text, List<Range> run, List<(string Acronym, string Name)> names)
    {
        while (run.Count > 0 && IsJoining(text.AsSpan()[run[^1]]))
        {
            run.RemoveAt(run.Count - 1);
        }

        var capitals = 0;
        foreach (var part in run)
        {
            capitals += IsJoining(text.AsSpan()[part]) ? 0 : 1;
        }

        if (run.Count >= 2 && capitals >= 2)
        {
            var acronym = new StringBuilder(capitals);
            var name = new StringBuilder();
            foreach (var part in run)
            {
                var word = text.AsSpan()[part];
                if (!IsJoining(word))
                {
                    acronym.Append(char.ToLowerInvariant(word[0]));
                }

                name.Append(name.Length > 0 ? " " : string.Empty).Append(word);
            }

            names.Add((acronym.ToString(), name.ToString()));
        }

        run.Clear();
    }
}
