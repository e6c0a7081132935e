namespace Bot.Knowledge.Search;

/// <summary>Where a passage says a phrase: its terms in order, at most one stop word between neighbours.</summary>
internal static class PhraseMatch
{
    /// <summary>How many times the passage says the phrase <paramref name="termIds"/>.</summary>
    public static int Count(PassageTerms terms, int[] termIds)
    {
        var count = 0;
        var (from, to) = terms.Occurrences(termIds[0]);
        for (var k = from; k < to; k++)
        {
            if (At(terms, terms.SortedTokens[k], termIds))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether every id of <paramref name="ids"/> is in the sorted <paramref name="sorted"/>.</summary>
    public static bool AllIn(int[] ids, int[] sorted)
    {
        foreach (var id in ids)
        {
            if (Array.BinarySearch(sorted, id) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the phrase starts at token <paramref name="j"/> ("North Korea" may not be "North and South Korea").</summary>
    private static bool At(PassageTerms terms, int j, int[] termIds)
    {
        if (j + termIds.Length > terms.Count)
        {
            return false;
        }

        for (var t = 1; t < termIds.Length; t++)
        {
            if (terms.TermIds[j + t] != termIds[t] || terms.Positions[j + t] - terms.Positions[j + t - 1] > 2)
            {
                return false;
            }
        }

        return true;
    }
}
