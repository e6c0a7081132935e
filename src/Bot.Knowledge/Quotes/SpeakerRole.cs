namespace Bot.Knowledge.Quotes;

/// <summary>
/// The last look at a speaker's role before it is stored: the attribution's grammar lets through words a reader would
/// not call a role — a sentence's conjunction ("But Mr Hague said"), a clause ("where some senior Tories argued"),
/// a participle ("said Errera, remarking on the detail"), a phrase cut short ("A spokesman for"), or only a form of
/// address ("Mr", "Lord"), which is part of how the person is named, not what they are.
/// </summary>
internal static class SpeakerRole
{
    /// <summary>Words that join a sentence to the one before and so may open the words read before a name.</summary>
    private static readonly HashSet<string> Conjunctions = new(StringComparer.OrdinalIgnoreCase)
    {
        "but", "and", "or", "so", "yet", "however", "meanwhile", "still", "also", "then",
    };

    /// <summary>Words a role cannot end with: the phrase was cut before what they introduce.</summary>
    private static readonly HashSet<string> OpenEnds = new(StringComparer.OrdinalIgnoreCase)
    {
        "of", "for", "the", "a", "an", "and", "at", "to", "in", "on", "with", "from", "by", "about",
    };

    /// <summary>Prepositions after a participle: "remarking on", "referring to", "speaking at".</summary>
    private static readonly HashSet<string> Prepositions = new(StringComparer.OrdinalIgnoreCase)
    {
        "on", "to", "at", "about", "from", "in", "with", "for", "of", "after", "before",
    };

    /// <summary>
    /// The name and role to record: the role tidied, or none; a role that is only a form of address goes in front
    /// of a lone surname ("Lord" + "Butler" is Lord Butler) and is dropped beside a full name.
    /// </summary>
    public static (string Name, string? Role) Tidy(string name, string? role)
    {
        if (string.IsNullOrWhiteSpace(role))
        {
            return (name, null);
        }

        var words = role.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        while (words.Count > 0 && Conjunctions.Contains(words[0].TrimEnd(',')))
        {
            words.RemoveAt(0);
        }

        if (words.Count == 0 || !IsRole(words))
        {
            return (name, null);
        }

        if (words.All(IsAddress))
        {
            return name.Contains(' ', StringComparison.Ordinal) ? (name, null) : ($"{string.Join(' ', words)} {name}", null);
        }

        // "National Audit Office chief Sir John Bourn": the form of address belongs to the name, not the role.
        while (IsAddress(words[^1]))
        {
            words.RemoveAt(words.Count - 1);
        }

        return (name, string.Join(' ', words));
    }

    private static bool IsAddress(string word) =>
        NameRules.Honorifics.Contains(word.TrimEnd('.')) || NameRules.FormsOfAddress.Contains(word.TrimEnd('.'));

    private static bool IsRole(List<string> words) =>
        !NameRules.NotRoleStarts.Contains(words[0])
        && !OpenEnds.Contains(words[^1])
        && !(words.Count > 1 && IsParticiple(words[0]) && Prepositions.Contains(words[1]));

    /// <summary>A lower-case word in -ing that a preposition follows is a clause ("remarking on"), unlike "managing director".</summary>
    private static bool IsParticiple(string word) => word.Length > 4 && char.IsLower(word[0]) && word.EndsWith("ing", StringComparison.Ordinal);
}
