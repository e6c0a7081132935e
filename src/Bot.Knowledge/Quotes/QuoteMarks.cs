namespace Bot.Knowledge.Quotes;

/// <summary>A stretch of a paragraph between double quotation marks, the marks included.</summary>
/// <param name="Start">The opening mark's offset.</param>
/// <param name="End">Just past the closing mark (exclusive).</param>
/// <param name="Closed">False when the paragraph ends before the closing mark: the quote runs on into the next one.</param>
internal readonly record struct QuoteSpan(int Start, int End, bool Closed)
{
    public int Length => End - Start;
}

/// <summary>Finds double-quoted stretches and tells titles from speech.</summary>
internal static class QuoteMarks
{
    /// <summary>Stands in for quoted text when looking for attributions, so words inside a quote are never read as one.</summary>
    public const char Masked = '\u25A0';

    private const char Open = '\u201C';
    private const char Close = '\u201D';
    private const char Straight = '"';

    /// <summary>Words a title keeps in lower case: "Treaty on Friendship, Co-operation and Mutual Assistance".</summary>
    private static readonly HashSet<string> TitleLinkWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "at", "between", "by", "de", "for", "from", "in", "of", "on", "or", "the", "to", "with",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> TitleLinkWordsBySpan =
        TitleLinkWords.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Curly pairs (“ ”) and straight pairs (" "). Single quotes are left alone: ’ is also the apostrophe, and
    /// ‘ ’ in these articles only nests inside double quotes. A quote still open at the end of the paragraph runs
    /// to the paragraph's end, as news style leaves a quote that continues into the next paragraph unclosed.
    /// </summary>
    public static List<QuoteSpan> Find(string text)
    {
        var quotes = new List<QuoteSpan>();
        var open = -1;
        var openMark = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (open < 0)
            {
                // A closing mark with no opening one is a typo, not a quote.
                if (c is Open or Straight)
                {
                    open = i;
                    openMark = c;
                }

                continue;
            }

            if ((openMark == Open && c == Close) || (openMark == Straight && c == Straight))
            {
                quotes.Add(new QuoteSpan(open, i + 1, Closed: true));
                open = -1;
            }
            else if (openMark == Open && c == Open)
            {
                // A new opening mark before the old one closed: the first quote lost its closing mark.
                quotes.Add(new QuoteSpan(open, TrimmedEnd(text, open, i), Closed: false));
                open = i;
            }
        }

        if (open >= 0)
        {
            quotes.Add(new QuoteSpan(open, TrimmedEnd(text, open, text.Length), Closed: false));
        }

        return quotes;
    }

    /// <summary>The text with every quote (marks included) blotted out, same length, so offsets still line up.</summary>
    public static string Mask(string text, IReadOnlyCollection<QuoteSpan> quotes)
    {
        if (quotes.Count == 0)
        {
            return text;
        }

        return string.Create(text.Length, (text, quotes), static (masked, state) =>
        {
            state.text.CopyTo(masked);
            foreach (var quote in state.quotes)
            {
                masked.Slice(quote.Start, quote.Length).Fill(Masked);
            }
        });
    }

    /// <summary>
    /// A name in quotation marks, not speech: two or more words, every word capitalised except linking words
    /// ("Treaty on Comprehensive Strategic Partnership"). Speech has lower-case words or ends a sentence.
    /// </summary>
    public static bool IsTitle(ReadOnlySpan<char> quote)
    {
        // Spans, not strings: this runs on every quotation of every article a build reads.
        var inner = quote.Trim([Open, Close, Straight]).TrimEnd([',', ';', ':']).Trim();
        if (inner.Length == 0 || inner[^1] is '.' or '?' or '!')
        {
            return false;
        }

        var (words, capitalised) = (0, 0);
        foreach (var range in inner.Split(' '))
        {
            var raw = inner[range].Trim();
            if (raw.Length == 0)
            {
                continue;
            }

            if (words++ == 0 && !char.IsUpper(raw[0]))
            {
                return false;
            }

            var word = raw.Trim([',', ';', ':', '(', ')']);
            if (word.Length == 0)
            {
                continue;
            }

            if (char.IsUpper(word[0]) || char.IsDigit(word[0]))
            {
                capitalised++;
            }
            else if (!TitleLinkWordsBySpan.Contains(word))
            {
                return false;
            }
        }

        return words >= 2 && capitalised >= 2;
    }

    private static int TrimmedEnd(string text, int start, int end)
    {
        while (end > start + 1 && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        return end;
    }
}
