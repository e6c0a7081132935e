
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
    private static readonly HashSet<string> JoiningWords = new(StringComparer.Ordinal) { "for", "and", "of", "on", "the", "in", "&" };

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

    /// <summary>The runs of capitalised words in one text, each with its acronym ("csis") and its words as written.</summary>
    internal static IEnumerable<(string Acronym, string Name)> NamesIn(string text)
    {
        var run = new List<string>();
        var previousEndedSentence = true;
        foreach (var token in text.Split([' ', '\n', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.TrimStart('(', '“', '"', '‘');
            var core = word.TrimEnd(',', '.', ';', ':', '!', '?', ')', '”', '"', '’', '\'', '—');
            if (core.EndsWith("’s", StringComparison.Ordinal) || core.EndsWith("'s", StringComparison.Ordinal))
            {
                core = core[..^2];
            }

            // Punctuation after a word ends the name ("... Foundation." "Institute’s Center"): the name is the words before.
            var endsName = core.Length != word.Length;
            var capitalised = core.Length > 1 && char.IsUpper(core[0]) && core.All(char.IsLetter) && !previousEndedSentence;
            var joins = run.Count > 0 && !endsName && JoiningWords.Contains(core);
            previousEndedSentence = token.EndsWith('.') || token.EndsWith('?') || token.EndsWith('!');
            if (capitalised || joins)
            {
                run.Add(core);
                if (!endsName)
                {
                    continue;
                }
            }

            if (Name(run) is { } name)
            {
                yield return name;
            }

            run.Clear();
        }

        if (Name(run) is { } last)
        {
            yield return last;
        }
    }

    private static (string Acronym, string Name)? Name(List<string> run)
    {
        while (run.Count > 0 && JoiningWords.Contains(run[^1]))
        {
            run.RemoveAt(run.Count - 1);
        }

        var capitals = run.Where(part => !JoiningWords.Contains(part)).ToList();
        return capitals.Count >= 2 ? (string.Concat(capitals.Select(part => char.ToLowerInvariant(part[0]))), string.Join(' ', run)) : null;
    }
}
