namespace Bot.Knowledge.Articles;

/// <summary>
/// Splits a paragraph into sentences at ., ! or ? followed by space and a capital, a digit or an opening
/// quote, except after common abbreviations and initials ("U.S.", "Mr.", "Patricia M. Kim").
/// Closing quotes and brackets stay with the sentence they close.
/// </summary>
public static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen", "rep", "rev",
        "vs", "etc", "inc", "ltd", "corp", "co", "no", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
        "oct", "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "l.p", "a.m", "p.m",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> AbbreviationLookup = Abbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    public static IReadOnlyList<TextSpan> Split(string text)
    {
        var sentences = new List<TextSpan>();
        var start = SkipSpace(text, 0);
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '.' or '!' or '?' && IsBoundary(text, i, out var end))
            {
                sentences.Add(new TextSpan(start, end - start));
                start = SkipSpace(text, end);
                i = start;
                continue;
            }

            i++;
        }

        var tail = text.AsSpan(start).TrimEnd();
        if (tail.Length > 0)
        {
            sentences.Add(new TextSpan(start, tail.Length));
        }

        return sentences;
    }

    private static bool IsBoundary(string text, int index, out int end)
    {
        end = index + 1;
        while (end < text.Length && text[end] is '"' or '\'' or '\u201D' or '\u2019' or ')' or ']' or '.' or '!' or '?')
        {
            end++;
        }

        if (end >= text.Length)
        {
            return true;
        }

        if (!char.IsWhiteSpace(text[end]))
        {
            return false;
        }

        var next = SkipSpace(text, end);
        if (next >= text.Length)
        {
            return true;
        }

        var first = text[next];
        if (!(char.IsUpper(first) || char.IsDigit(first) || first is '"' or '\u201C' or '\u2018' or '(' or '['))
        {
            return false;
        }

        return text[index] != '.' || !EndsWithAbbreviation(text, index);
    }

    private static bool EndsWithAbbreviation(string text, int dot)
    {
        var wordStart = dot;
        while (wordStart > 0 && (char.IsLetter(text[wordStart - 1]) || text[wordStart - 1] == '.'))
        {
            wordStart--;
        }

        var word = text.AsSpan(wordStart, dot - wordStart);
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            // An initial: "Patricia M. Kim".
            return true;
        }

        return AbbreviationLookup.Contains(word);
    }

    private static int SkipSpace(string text, int i)
    {
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }
}
