namespace Bot.Knowledge.Search;

/// <summary>
/// Finds known words one typo away (a letter missing, extra, wrong, or two swapped) through a table of
/// one-letter deletions (the SymSpell idea, <see cref="DeletionTable"/>), so a lookup costs a few binary searches, not a scan
/// of the vocabulary. The table is made at the first lookup (a question with a word the articles lack).
/// </summary>
internal sealed class SpellingIndex
{
    private readonly Lazy<DeletionTable> _byDeletion;

    private readonly Func<string, int> _frequency;

    private readonly Func<string, string> _term;

    private readonly Func<string, int> _background;

    /// <param name="words">The known words.</param>
    /// <param name="frequency">How many passages use a known word: among several words one typo away, one used at least
    /// <see cref="DominantShare"/> times as often as every other is the one meant ("beijng": Beijing, not "being").</param>
    /// <param name="term">The term a known word is searched as: near words with one term are one candidate ("tims" is
    /// "time" or "times", either way the term "time").</param>
    /// <param name="background">How common a known word is in English at large: when no near word is used dominantly more
    /// in the passages, one used that much more in English is the one meant ("tims": "times" rather than "ties").</param>
    public SpellingIndex(IEnumerable<string> words, Func<string, int>? frequency = null, Func<string, string>? term = null, Func<string, int>? background = null)
    {
        _frequency = frequency ?? (_ => 1);
        _term = term ?? (word => word);
        _background = background ?? (_ => 0);
        var known = words.ToArray();
        _byDeletion = new Lazy<DeletionTable>(() => new DeletionTable(known));
    }

    /// <summary>Known words at most one edit from <paramref name="word"/>, itself excluded, in a stable order.</summary>
    public IEnumerable<string> Near(string word)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var candidate in _byDeletion.Value.CandidatesNear(word))
        {
            if (candidate != word && IsOneEditApart(word, candidate))
            {
                found.Add(candidate);
            }
        }

        return found;
    }

    /// <summary>
    /// The one known word at most one edit from <paramref name="word"/>, when there is exactly one or one is used far
    /// more than the others; without sorting the candidates into a set (question reading asks this for every unknown word).
    /// </summary>
    public bool TryOnlyNear(string word, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? only)
    {
        only = null;
        string? runnerUp = null;
        var (onlyFrequency, runnerUpFrequency) = (0, 0);
        foreach (var candidate in _byDeletion.Value.CandidatesNear(word))
        {
            if (candidate == word || candidate == only || candidate == runnerUp || !IsOneEditApart(word, candidate)
                || (only is not null && _term(candidate) == _term(only)) || (runnerUp is not null && _term(candidate) == _term(runnerUp)))
            {
                continue;
            }

            var frequency = _frequency(candidate);
            if (only is null || frequency > onlyFrequency)
            {
                (runnerUp, runnerUpFrequency) = (only, onlyFrequency);
                (only, onlyFrequency) = (candidate, frequency);
            }
            else if (frequency > runnerUpFrequency || runnerUp is null)
            {
                (runnerUp, runnerUpFrequency) = (candidate, frequency);
            }
        }

        if (runnerUp is not null && onlyFrequency < DominantShare * runnerUpFrequency)
        {
            only = CommonestInEnglish(word);
        }

        return only is not null;
    }

    /// <summary>
    /// Of the known words one edit from <paramref name="word"/>, the one whose term English uses at least
    /// <see cref="DominantShare"/> times as often as any other's; else null. Only for a typo the passages leave open.
    /// </summary>
    private string? CommonestInEnglish(string word)
    {
        var byTerm = new Dictionary<string, (string Word, int Texts)>(StringComparer.Ordinal);
        foreach (var candidate in Near(word))
        {
            var term = _term(candidate);
            var texts = _background(candidate);
            if (!byTerm.TryGetValue(term, out var known) || texts > known.Texts)
            {
                byTerm[term] = (candidate, texts);
            }
        }

        var ranked = byTerm.Values.OrderByDescending(entry => entry.Texts).ToList();
        return ranked.Count > 0 && ranked[0].Texts > 0 && (ranked.Count == 1 || ranked[0].Texts >= DominantShare * ranked[1].Texts) ? ranked[0].Word : null;
    }

    /// <summary>How many times as often the commonest of several near words must be used to be taken for the one meant.</summary>
    private const int DominantShare = 3;

    /// <summary>Optimal string alignment distance ≤ 1: one insertion, deletion, substitution or adjacent swap.</summary>
    internal static bool IsOneEditApart(string a, string b)
    {
        if (Math.Abs(a.Length - b.Length) > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < a.Length && prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (a.Length == b.Length)
        {
            var rest = a.AsSpan(prefix + 1);
            return prefix == a.Length
                || rest.SequenceEqual(b.AsSpan(prefix + 1))
                || (prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] && a.AsSpan(prefix + 2).SequenceEqual(b.AsSpan(prefix + 2)));
        }

        var (longer, shorter) = a.Length > b.Length ? (a, b) : (b, a);
        return longer.AsSpan(prefix + 1).SequenceEqual(shorter.AsSpan(prefix));
    }
}
