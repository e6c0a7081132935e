namespace Bot.Commands;

/// <summary>Splits long text into pieces that fit a limit, at sentence ends where possible, else at spaces; never mid-word.</summary>
public static class ReplySplitter
{
    public static IReadOnlyList<string> Split(string text, int maxLength)
    {
        var pieces = new List<string>();
        var remaining = text.Trim();
        while (remaining.Length > maxLength)
        {
            var cut = LastSentenceEnd(remaining, maxLength);
            if (cut <= 0)
            {
                cut = remaining.LastIndexOf(' ', maxLength - 1);
            }

            if (cut <= 0)
            {
                // One unbroken word longer than the limit: cut it, but not inside a surrogate pair.
                cut = char.IsLowSurrogate(remaining[maxLength - 1]) ? maxLength - 2 : maxLength - 1;
            }

            pieces.Add(remaining[..(cut + 1)].Trim());
            remaining = remaining[(cut + 1)..].Trim();
        }

        if (remaining.Length > 0)
        {
            pieces.Add(remaining);
        }

        return pieces;
    }

    private static int LastSentenceEnd(string text, int maxLength)
    {
        for (var i = Math.Min(maxLength, text.Length) - 1; i > maxLength / 3; i--)
        {
            if (text[i] is '.' or '!' or '?' or '\u201D' or '"' && (i + 1 >= text.Length || char.IsWhiteSpace(text[i + 1])))
            {
                return i;
            }
        }

        return -1;
    }
}
