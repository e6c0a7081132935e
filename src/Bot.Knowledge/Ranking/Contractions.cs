namespace Bot.Knowledge.Ranking;

/// <summary>
/// English contractions as the words they join: "doesn't" is "does not", "they're" "they are". The analyzer keeps a
/// contraction as one word, which few articles say: read only as written, a question's "isn't" is a word nothing mentions,
/// weighing as much as a rare name. Read as its words it is two stop words, and "weren't" finds "were". A possessive or
/// "is" in 's is the analyzer's to drop.
/// </summary>
internal static class Contractions
{
    /// <summary>The endings that stand for a word of their own, and that word.</summary>
    private static readonly (string Ending, string Word)[] Endings =
    [
        ("n't", "not"),
        ("'re", "are"),
        ("'m", "am"),
        ("'ll", "will"),
        ("'ve", "have"),
        ("'d", "would"),
    ];

    /// <summary>The negated forms whose first part is not the verb as written ("won't" is "will not").</summary>
    private static readonly Dictionary<string, string> NegatedStems = new(StringComparer.Ordinal)
    {
        ["ca"] = "can",
        ["wo"] = "will",
        ["sha"] = "shall",
        ["ai"] = "is",
    };

    /// <summary>Whether the lower-cased word is a contraction, and the words it joins.</summary>
    public static bool TryExpand(string word, out string expanded)
    {
        var plain = word.Replace('\u2019', '\'');
        foreach (var (ending, full) in Endings)
        {
            if (plain.Length > ending.Length && plain.EndsWith(ending, StringComparison.Ordinal))
            {
                var first = plain[..^ending.Length];
                if (first.All(char.IsLetter))
                {
                    expanded = $"{(ending == "n't" && NegatedStems.TryGetValue(first, out var stem) ? stem : first)} {full}";
                    return true;
                }
            }
        }

        expanded = string.Empty;
        return false;
    }
}
