namespace Bot.Knowledge.Quotes;

/// <summary>
/// The people and bodies one article has named so far, in order, so that a later "Cha said" is Victor Cha
/// with the role he was introduced with, and "she added" is the last person named.
/// </summary>
internal sealed class SpeakerRegistry
{
    private readonly Dictionary<string, Known> speakers = new(StringComparer.Ordinal);
    private readonly List<(string Name, string? Title)> mentions = [];
    private Known? lastPerson;
    private int clock;

    /// <summary>
    /// A full name seen anywhere in the text (not necessarily speaking): "Kim Jong Un" for a later "Kim also called",
    /// with the title written before it, the role of a later quote that gives none.
    /// </summary>
    public void Mention(string fullName, string? title = null) => mentions.Add((fullName, title));

    /// <summary>Records a named attribution and returns the speaker's full name and role.</summary>
    public ResolvedSpeaker Name(string name, string? role, bool isOrganisation)
    {
        var expanded = name.Contains(' ', StringComparison.Ordinal) ? name : Expand(name);
        (var fullName, role) = SpeakerRole.Tidy(expanded, role ?? TitleMentionedWith(expanded));
        if (!speakers.TryGetValue(fullName, out var known))
        {
            known = new Known(fullName);
            speakers.Add(fullName, known);
        }

        known.Role ??= role;
        known.IsOrganisation |= isOrganisation;
        known.LastSeen = ++clock;
        if (!known.IsOrganisation)
        {
            lastPerson = known;
        }

        return new ResolvedSpeaker(known.Name, role ?? known.Role);
    }

    /// <summary>"he" or "she": the most recently named person, whatever the pronoun (the article's gender is not checked).</summary>
    public ResolvedSpeaker? Pronoun() => lastPerson is null ? null : new ResolvedSpeaker(lastPerson.Name, lastPerson.Role);

    /// <summary>
    /// A single word names whoever the article introduced with it as first or last word: "Cha" is Victor Cha,
    /// "Shen" is Shen Dingli (family name first). Earlier speakers win over names merely mentioned, so a
    /// quoted "Kim" after "Patricia M Kim" spoke is her, not Kim Jong Un; among equals the most recent wins.
    /// </summary>
    private string Expand(string word)
    {
        var speaker = speakers.Values
            .Where(known => Matches(known.Name, word))
            .MaxBy(known => known.LastSeen);
        if (speaker is not null)
        {
            return speaker.Name;
        }

        for (var i = mentions.Count - 1; i >= 0; i--)
        {
            if (Matches(mentions[i].Name, word))
            {
                return mentions[i].Name;
            }
        }

        // "the Councilman said": whoever the article last named with that title ("Councilman William D. Schaefer"), when
        // the word names a person ("the State observed" is not the Secretary of State).
        for (var i = mentions.Count - 1; i >= 0 && NameRules.PersonNouns.Contains(word); i--)
        {
            if (mentions[i].Title is { } title && title.Split(' ')[^1].TrimEnd('.') == word)
            {
                return mentions[i].Name;
            }
        }

        return word;
    }

    /// <summary>The title the article last wrote before this full name, if any.</summary>
    private string? TitleMentionedWith(string fullName)
    {
        for (var i = mentions.Count - 1; i >= 0; i--)
        {
            if (mentions[i].Title is { } title && string.Equals(mentions[i].Name, fullName, StringComparison.Ordinal))
            {
                return title;
            }
        }

        return null;
    }

    private static bool Matches(string fullName, string word)
    {
        var words = fullName.Split(' ');
        return words.Length > 1 && (words[0] == word || words[^1] == word);
    }

    private sealed class Known(string name)
    {
        public string Name { get; } = name;

        public string? Role { get; set; }

        public bool IsOrganisation { get; set; }

        public int LastSeen { get; set; }
    }
}

internal readonly record struct ResolvedSpeaker(string Name, string? Role);
