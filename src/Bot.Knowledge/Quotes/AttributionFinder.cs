using System.Buffers;
using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Bot.Knowledge.Quotes;

/// <summary>
/// Reads attributions in one sentence without a parser, from the shapes news copy uses:
/// <list type="bullet">
/// <item>name before the verb: "Cha said", "Foreign Ministry spokesperson Lin Jian said", "Kim also called";</item>
/// <item>name, role, verb: "Ren Xiao, a professor at …, said";</item>
/// <item>verb before the name: "said Zhou Bo, a retired senior colonel …", "wrote Xinhua";</item>
/// <item>a pronoun: "she added", "he said";</item>
/// <item>"according to Neil Thomas, a fellow …", "according to an NK News translation", "according to a study by …".</item>
/// </list>
/// It works on the paragraph with quotes masked (<see cref="QuoteMarks.Mask"/>), so a verb inside a quote is never read.
/// </summary>
internal static partial class AttributionFinder
{
    /// <summary>A run of capitalised words or initials: "Patricia M Kim", "John L. Thornton", "NK News".</summary>
    private const string Name = @"(?:(?:Mr|Mrs|Ms|Mx|Dr|Prof|Gen|Sen|Rep|Gov|Col|Lt|Capt|Sgt)\. )?\p{Lu}[\p{L}\-]*(?: (?:\p{Lu}\.|\p{Lu}[\p{L}\-]*))*";

    private const string AccordingToWords = "according to ";

    private const int MaxRoleWords = 25;
    private const int MaxPrefixRoleWords = 8;

    /// <summary>A role of plain words before a name is short: "chief executive", "harbour master", "former team coach".</summary>
    private const int MaxLowerCaseRoleWords = 3;

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> NotNames = NameRules.NotNames.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TitleWords = NameRules.TitleWords.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PersonNouns = NameRules.PersonNouns.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The words <see cref="SpeechVerb"/> matches, for ruling out a sentence without any of them.</summary>
    private static readonly SearchValues<string> SpeechVerbWords = SearchValues.Create(NameRules.SpeechVerbs.Split('|'), StringComparison.Ordinal);

    public static List<Attribution> Find(string text, string masked, int start, int end)
    {
        var found = new List<Attribution>();
        var sentence = masked.AsSpan(start, end - start);

        // Both patterns need one of a few literal words, which a vectorised search rules out far faster than the
        // regexes can; in a fresh process the regexes' generated code also starts out unoptimised.
        var verbs = sentence.ContainsAny(SpeechVerbWords) ? SpeechVerb().Match(masked, start, end - start) : Match.Empty;
        for (var verb = verbs; verb.Success; verb = verb.NextMatch())
        {
            var verbEnd = verb.Index + verb.Length;
            var attribution = SubjectBefore(text, masked, start, verb.Index, verbEnd)
                ?? SubjectWithRoleBefore(text, masked, start, verb.Index, verbEnd)
                ?? SubjectAfter(text, masked, verb.Index, verbEnd, end);
            if (attribution is not null)
            {
                found.Add(attribution);
            }
        }

        var accordingTo = sentence.Contains(AccordingToWords, StringComparison.Ordinal) ? AccordingTo().Match(masked, start, end - start) : Match.Empty;
        for (var according = accordingTo; according.Success; according = according.NextMatch())
        {
            found.Add(FromAccordingTo(text, masked, according, end));
        }

        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    /// <summary>
    /// Full names in a stretch of text ("Kim Jong Un", "Xi Jinping"), so a later bare "Kim" can be expanded, each with
    /// the title written before it, if any ("Coach Andy Robinson, who took over …": a later "Robinson said" is the coach).
    /// Runs naming a place, institution or nationality are skipped.
    /// </summary>
    /// <remarks>
    /// Adds them to <paramref name="names"/> rather than returning a sequence: this reads every paragraph of every article
    /// up to its last quote when the knowledge is built, and the matches are enumerated without a <see cref="Match"/> each.
    /// </remarks>
    public static void PersonNames(string text, int start, int end, List<(string Name, string? Title)> names)
    {
        foreach (var run in NameRun().EnumerateMatches(text.AsSpan(start, end - start)))
        {
            if (Shape(text, Words(start + run.Index, text.AsSpan(start + run.Index, run.Length))) is { IsOffice: false } shaped)
            {
                var name = text[shaped.NameStart..shaped.NameEnd];
                var words = name.Split(' ');
                var title = shaped.TitleStart >= 0 ? text[shaped.TitleStart..shaped.NameStart].Trim() : null;
                var titled = title is not null && !NameRules.Honorifics.Contains(title.TrimEnd('.'));
                if ((words.Length >= 2 || titled) && !words.Any(NameRules.InstitutionWords.Contains))
                {
                    names.Add((name, title));
                }
            }
        }
    }

    /// <summary>"Cha said", "Foreign Ministry spokesperson Lin Jian said", "Xinhua news agency proclaimed", "she added".</summary>
    private static Attribution? SubjectBefore(string text, string masked, int floor, int verbStart, int verbEnd)
    {
        var words = WordsBefore(masked, verbStart, floor);
        var k = 0;
        while (k < words.Count && k < 2 && NameRules.Adverbs.Contains(words[k].Of(text)))
        {
            k++;
        }

        if (k == words.Count)
        {
            return null;
        }

        if (NameRules.Pronouns.Contains(words[k].Of(text)))
        {
            return new Attribution(words[k].Start, verbEnd, Name: null, Role: null, IsOrganisation: false, IsAccordingTo: false);
        }

        var organisation = false;
        while (k < words.Count && NameRules.OrganisationNouns.Contains(words[k].Of(text)))
        {
            organisation = true;
            k++;
        }

        var j = k;
        while (j < words.Count && NameRules.IsCapitalised(words[j].Of(text)) && !NameRules.IsPossessive(words[j].Of(text)))
        {
            j++;
        }

        if (j == k)
        {
            return null;
        }

        var run = words[k..j];
        run.Reverse();
        if (Shape(text, run) is not { } shaped)
        {
            return null;
        }

        var name = text[shaped.NameStart..shaped.NameEnd];
        if (organisation || shaped.IsOffice)
        {
            return new Attribution(shaped.NameStart, verbEnd, name, Role: null, IsOrganisation: true, IsAccordingTo: false);
        }

        var (roleStart, role) = RoleBefore(text, masked, floor, shaped.NameStart);
        if (role is null && shaped.TitleStart >= 0)
        {
            // The clause before the name is more than a role, but the title peeled off the name is one: "by Acting Judge John M. Karns".
            (roleStart, role) = (shaped.TitleStart, text[shaped.TitleStart..shaped.NameStart].Trim());
        }

        return new Attribution(role is null ? shaped.NameStart : roleStart, verbEnd, name, role, IsOrganisation: false, IsAccordingTo: false);
    }

    /// <summary>"Ren Xiao, a professor at Fudan University’s Institute of International Studies, said …".</summary>
    private static Attribution? SubjectWithRoleBefore(string text, string masked, int floor, int verbStart, int verbEnd)
    {
        var p = SkipBack(masked, verbStart, floor);
        for (var skipped = 0; skipped < 2; skipped++)
        {
            var wordStart = p;
            while (wordStart > floor && IsWordChar(masked[wordStart - 1]))
            {
                wordStart--;
            }

            if (wordStart == p || !NameRules.Adverbs.Contains(text[wordStart..p]))
            {
                break;
            }

            p = SkipBack(masked, wordStart, floor);
        }

        if (p <= floor || masked[p - 1] != ',')
        {
            return null;
        }

        // Comma-separated segments before the verb; the name is a whole segment, the role the ones after it.
        var bounds = new List<int> { floor };
        for (var i = floor; i < p - 1; i++)
        {
            if (masked[i] == ',')
            {
                bounds.Add(i + 1);
            }
        }

        bounds.Add(p);
        var segments = bounds.Count - 1;
        for (var nameSegment = segments - 2; nameSegment >= 0; nameSegment--)
        {
            var (nameStart, nameEnd) = Trimmed(masked, bounds[nameSegment], bounds[nameSegment + 1] - 1);
            if (nameEnd <= nameStart || masked.AsSpan(nameStart, nameEnd - nameStart).Contains(QuoteMarks.Masked))
            {
                continue;
            }

            var words = Words(nameStart, text.AsSpan(nameStart, nameEnd - nameStart));
            if (!words.All(word => NameRules.IsCapitalised(word.Of(text)) && !NameRules.IsPossessive(word.Of(text)))
                || Shape(text, words) is not { IsOffice: false } shaped)
            {
                continue;
            }

            var roleOk = true;
            for (var segment = nameSegment + 1; segment < segments && roleOk; segment++)
            {
                var role = text[bounds[segment]..(bounds[segment + 1] - 1)].Trim();
                roleOk = IsRoleLike(role) && (segment == nameSegment + 1 || StartsWithArticle(role));
            }

            if (roleOk)
            {
                var (roleStart, roleEnd) = Trimmed(masked, bounds[nameSegment + 1], p - 1);
                return new Attribution(shaped.NameStart, verbEnd, text[shaped.NameStart..shaped.NameEnd], text[roleStart..roleEnd], false, false);
            }
        }

        return null;
    }

    /// <summary>"said Zhou Bo, a retired senior colonel in the Chinese military.", "wrote Xinhua.", "said he".</summary>
    private static Attribution? SubjectAfter(string text, string masked, int verbStart, int verbEnd, int ceiling)
    {
        var p = verbEnd;
        while (p < ceiling && char.IsWhiteSpace(masked[p]))
        {
            p++;
        }

        if (p == verbEnd || p == ceiling)
        {
            return null;
        }

        var pronounEnd = p;
        while (pronounEnd < ceiling && char.IsLetter(masked[pronounEnd]))
        {
            pronounEnd++;
        }

        if (NameRules.Pronouns.Contains(text[p..pronounEnd]) && (pronounEnd == ceiling || !IsWordChar(masked[pronounEnd])))
        {
            return new Attribution(verbStart, pronounEnd, Name: null, Role: null, IsOrganisation: false, IsAccordingTo: false);
        }

        var match = NameAt().Match(masked, p, ceiling - p);
        if (!match.Success && LowerCaseRoleBefore(text, masked, p, ceiling) is { } nameStart)
        {
            // "said organiser Tomas Berg": the role is read, the name follows it.
            match = NameAt().Match(masked, nameStart, ceiling - nameStart);
        }

        if (!match.Success || !EndsInvertedAttribution(masked, match.Index + match.Length, ceiling))
        {
            return null;
        }

        return Named(text, masked, verbStart, match, ceiling, organisation: false, accordingTo: false);
    }

    /// <summary>
    /// Where the name starts after a short lower-case role headed by a noun naming a person ("organiser Tomas Berg",
    /// "chief executive John Browne"), or null when the words at <paramref name="p"/> are not such a role.
    /// </summary>
    private static int? LowerCaseRoleBefore(string text, string masked, int p, int ceiling)
    {
        string? last = null;
        for (var count = 0; count < MaxLowerCaseRoleWords && p < ceiling && char.IsLower(masked[p]); count++)
        {
            var end = p;
            while (end < ceiling && IsWordChar(masked[end]))
            {
                end++;
            }

            last = text[p..end];
            if (end >= ceiling || masked[end] != ' ')
            {
                return null;
            }

            p = end + 1;
        }

        return last is not null && NameRules.PersonNouns.Contains(last) && p < ceiling && char.IsUpper(masked[p]) ? p : null;
    }

    private static Attribution FromAccordingTo(string text, string masked, Match according, int ceiling)
    {
        foreach (var group in new[] { "byName", "docName" })
        {
            if (according.Groups[group] is { Success: true } organisation)
            {
                return new Attribution(according.Index, organisation.Index + organisation.Length, organisation.Value, Role: null, IsOrganisation: true, IsAccordingTo: true);
            }
        }

        var name = according.Groups["name"];
        return Named(text, masked, according.Index, name, ceiling, organisation: false, accordingTo: true)
            ?? new Attribution(according.Index, name.Index + name.Length, name.Value, Role: null, IsOrganisation: false, IsAccordingTo: true);
    }

    /// <summary>A name read forwards, with a title before it ("said Foreign Minister Wang Yi") or an appositive after it as the role.</summary>
    private static Attribution? Named(string text, string masked, int start, Capture name, int ceiling, bool organisation, bool accordingTo)
    {
        if (Shape(text, Words(name.Index, name.ValueSpan)) is not { } shaped)
        {
            return null;
        }

        var fullName = text[shaped.NameStart..shaped.NameEnd];
        if (shaped.IsOffice)
        {
            return new Attribution(start, shaped.NameEnd, fullName, Role: null, IsOrganisation: true, accordingTo);
        }

        var end = shaped.NameEnd;
        string? role = null;
        if (shaped.TitleStart >= 0)
        {
            role = text[shaped.TitleStart..shaped.NameStart].Trim();
            if (NameRules.Honorifics.Contains(role.TrimEnd('.')))
            {
                // "said Mr. Smith": a courtesy title says nothing about the speaker's role.
                role = null;
            }
        }
        else if (RoleAfter(text, masked, shaped.NameEnd, ceiling) is { } appositive)
        {
            role = text[appositive.Start..appositive.End];
            end = appositive.End;
        }

        return new Attribution(start, end, fullName, role, organisation, accordingTo);
    }

    /// <summary>
    /// The appositive after a name: its first comma-separated segment, plus any later segment that opens with
    /// an article ("director of the China programme at the Stimson Center, a think-tank in Washington"). It
    /// stops at a segment that carries on the sentence instead ("…, who cautioned", "…, was that").
    /// </summary>
    private static (int Start, int End)? RoleAfter(string text, string masked, int nameEnd, int ceiling)
    {
        (int Start, int End)? role = null;
        var p = nameEnd;
        while (p < ceiling && masked[p] == ',')
        {
            var segmentEnd = p + 1;
            while (segmentEnd < ceiling && masked[segmentEnd] is not (',' or ';' or ':' or '—' or '–' or '(' or QuoteMarks.Masked))
            {
                segmentEnd++;
            }

            var (start, end) = Trimmed(masked, p + 1, segmentEnd);
            if (segmentEnd == ceiling)
            {
                // The sentence's own full stop is not part of the role.
                while (end > start && masked[end - 1] is '.' or '!' or '?')
                {
                    end--;
                }
            }

            var segment = text[start..end];
            if (!IsRoleLike(segment) || (role is not null && !StartsWithArticle(segment)))
            {
                break;
            }

            role = (role?.Start ?? start, end);
            p = segmentEnd;
        }

        return role;
    }

    /// <summary>
    /// A role written before the name, back to the start of its clause: "Foreign Ministry spokesperson",
    /// "Secretary of State". Only capitalised words, role nouns and linking words, and at least one title or
    /// role noun, so "China’s state-owned" before "Xinhua" is not read as a role.
    /// </summary>
    private static (int Start, string? Role) RoleBefore(string text, string masked, int floor, int nameStart)
    {
        var clauseStart = nameStart;
        while (clauseStart > floor && masked[clauseStart - 1] is not (',' or ';' or ':' or '—' or '–' or '(' or QuoteMarks.Masked))
        {
            clauseStart--;
        }

        var (start, end) = Trimmed(masked, clauseStart, nameStart);
        if (text.AsSpan(start, end - start) is ['T' or 't', 'h', 'e', ' ', ..])
        {
            // "The Foreign Ministry spokesperson …": the article is not part of the role.
            (start, end) = Trimmed(masked, start + 4, end);
        }

        var words = text[start..end].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || words.Length > MaxPrefixRoleWords)
        {
            return (nameStart, null);
        }

        var titled = words.All(word => NameRules.IsCapitalised(word) || NameRules.RoleNouns.Contains(word) || NameRules.RoleLinkWords.Contains(word))
            && words.Any(word => NameRules.TitleWords.Contains(word) || NameRules.RoleNouns.Contains(word));

        // "harbour master Ina Brekke said": a role of plain words, headed by a noun naming a person, up to the name.
        var headed = words.Length <= MaxLowerCaseRoleWords && NameRules.PersonNouns.Contains(words[^1])
            && words.All(word => word.All(c => char.IsLetter(c) || c is '-' or '’' or '\''));
        return titled || headed ? (start, text[start..end]) : (nameStart, null);
    }

    /// <summary>Strips words that open sentences and peels titles off the front of a run of capitalised words.</summary>
    private static Shaped? Shape(string text, List<Word> run)
    {
        var first = 0;
        while (first < run.Count && NotNames.Contains(run[first].Span(text)))
        {
            first++;
        }

        if (first == run.Count)
        {
            return null;
        }

        var lastTitle = -1;
        for (var i = first; i < run.Count; i++)
        {
            if (TitleWords.Contains(run[i].Span(text).TrimEnd('.')) || IsCapitalisedTrade(text, run, i))
            {
                lastTitle = i;
            }
        }

        if (lastTitle == run.Count - 1)
        {
            // Titles all the way: an office or body speaks ("the Foreign Ministry said").
            return new Shaped(run[first].Start, run[^1].End, TitleStart: -1, IsOffice: true);
        }

        return lastTitle < 0
            ? new Shaped(run[first].Start, run[^1].End, TitleStart: -1, IsOffice: false)
            : new Shaped(run[lastTitle + 1].Start, run[^1].End, run[first].Start, IsOffice: false);
    }

    /// <summary>
    /// A capitalised noun naming a person before a full name is a title, as older and American styles write them:
    /// "Coach Bill Meek", "City Solicitor David Berger", "Boston Red Sox Outfielder Jackie Jensen". Only with a first
    /// name and surname after it, so a surname that is also a trade ("John Smith", "Mason Mount") stays a name, and not
    /// before an initial ("Earl C. Warren": a first name comes before initials).
    /// </summary>
    private static bool IsCapitalisedTrade(string text, List<Word> run, int i)
    {
        if (i > run.Count - 3 || !PersonNouns.Contains(run[i].Span(text)))
        {
            return false;
        }

        var next = run[i + 1].Span(text);
        return !(next.Length == 2 && next[1] == '.');
    }

    /// <summary>An inverted attribution's name ends its clause: "said Zhou Bo," or "wrote Xinhua." but not "said Beijing was".</summary>
    private static bool EndsInvertedAttribution(string masked, int nameEnd, int ceiling)
    {
        if (nameEnd >= ceiling)
        {
            return true;
        }

        var next = masked[nameEnd];
        if (next is ',' or '.' or ';' or ':' or '!' or '?' or '—' or '–' or ')')
        {
            return true;
        }

        return char.IsWhiteSpace(next) && TrailingPreposition().IsMatch(masked, nameEnd);
    }

    private static bool IsRoleLike(string segment)
    {
        if (segment.Length == 0 || !char.IsLetter(segment[0]))
        {
            return false;
        }

        var words = segment.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= MaxRoleWords && !NameRules.NotRoleStarts.Contains(words[0]);
    }

    private static bool StartsWithArticle(string segment) =>
        segment.StartsWith("a ", StringComparison.Ordinal) || segment.StartsWith("an ", StringComparison.Ordinal) || segment.StartsWith("the ", StringComparison.Ordinal);

    /// <summary>Up to a dozen words before <paramref name="position"/>, nearest first, stopping at punctuation.</summary>
    private static List<Word> WordsBefore(string masked, int position, int floor)
    {
        var words = new List<Word>();
        var i = position;
        while (words.Count < 12)
        {
            var end = SkipBack(masked, i, floor);
            if (end == i || end == floor)
            {
                break;
            }

            // An initial with its full stop: "John L. Thornton".
            if (masked[end - 1] == '.' && end - 2 >= floor && char.IsUpper(masked[end - 2]) && (end - 3 < floor || char.IsWhiteSpace(masked[end - 3])))
            {
                words.Add(new Word(end - 2, end));
                i = end - 2;
                continue;
            }

            var start = end;
            while (start > floor && IsWordChar(masked[start - 1]))
            {
                start--;
            }

            if (start == end)
            {
                break;
            }

            words.Add(new Word(start, end));
            if (start > floor && !char.IsWhiteSpace(masked[start - 1]))
            {
                break;
            }

            i = start;
        }

        return words;
    }

    /// <summary>The space-separated words of <paramref name="value"/>, which stands at <paramref name="start"/>.</summary>
    private static List<Word> Words(int start, ReadOnlySpan<char> value)
    {
        var words = new List<Word>();
        var offset = 0;
        while (offset <= value.Length)
        {
            var space = value[offset..].IndexOf(' ');
            var partEnd = space < 0 ? value.Length : offset + space;
            if (partEnd > offset)
            {
                words.Add(new Word(start + offset, start + partEnd));
            }

            offset = partEnd + 1;
        }

        return words;
    }

    private static int SkipBack(string masked, int position, int floor)
    {
        while (position > floor && char.IsWhiteSpace(masked[position - 1]))
        {
            position--;
        }

        return position;
    }

    private static (int Start, int End) Trimmed(string masked, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(masked[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(masked[end - 1]))
        {
            end--;
        }

        return (start, end);
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '-' or '’' or '\'';

    private readonly record struct Word(int Start, int End)
    {
        public string Of(string text) => text[Start..End];

        public ReadOnlySpan<char> Span(string text) => text.AsSpan(Start, End - Start);
    }

    private readonly record struct Shaped(int NameStart, int NameEnd, int TitleStart, bool IsOffice);

    [GeneratedRegex(@"\b(?:" + NameRules.SpeechVerbs + @")\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpeechVerb();

    [GeneratedRegex(
        @"\baccording to (?:(?:a|an|the) )?(?:" +
        @"(?:" + NameRules.DocumentNouns + @") (?:by|from|of) (?:the )?(?<byName>" + Name + @")" +
        @"|(?<docName>" + Name + @")(?:’s|'s)? (?:" + NameRules.DocumentNouns + @")\b" +
        @"|(?<name>" + Name + @")(?=[,.;:!?—–)]|\s*$| (?:in|on|at|during)\b))",
        RegexOptions.CultureInvariant)]
    private static partial Regex AccordingTo();

    [GeneratedRegex(@"\G" + Name + @"(?![’'\p{L}])", RegexOptions.CultureInvariant)]
    private static partial Regex NameAt();

    [GeneratedRegex(Name + @"(?: (?:\p{Lu}\.|\p{Lu}[\p{L}\-]*))", RegexOptions.CultureInvariant)]
    private static partial Regex NameRun();

    [GeneratedRegex(@"\G\s+(?:in|on|at|during|to|after|before|when|while|last|this)\b", RegexOptions.CultureInvariant)]
    private static partial Regex TrailingPreposition();
}
