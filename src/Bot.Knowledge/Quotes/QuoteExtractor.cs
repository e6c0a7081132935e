using System.Buffers;
using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Quotes;

/// <summary>
/// Finds the direct quotes in an article and who said them.
/// <para>
/// What counts as a quote: words in double quotation marks (“ ” or " ") that the article attributes to a
/// named speaker. Each stretch between a pair of marks is one quote, taken whole even when it holds several
/// sentences, so a quote is never cut mid-sentence. A quote's speaker comes from, in order:
/// </para>
/// <list type="number">
/// <item>an attribution right after it, with only punctuation between: “…,” said Zhou Bo; “…?” Cha said;
/// “…,” she added; “…”, wrote Xinhua; “…,” according to Neil Thomas;</item>
/// <item>an attribution earlier in the same sentence, the quote being part of reported speech:
/// Lin Jian said Beijing was “unaware …”; Blinken said officials had urged Beijing to “curb these activities”
/// during “robust” talks (both his words); Xinhua … proclaimed that the trip must have “touched a raw nerve”;</item>
/// <item>an "according to" anywhere in the sentence ("… “by all of one’s means available” in the event of an
/// attack, according to an NK News translation");</item>
/// <item>for a sentence that is nothing but a quote, the speaker of the nearest attributed quote in the same
/// paragraph (“…,” she added. “But …”), or, when it opens its paragraph, the last speaker of the paragraph
/// before (a quote carried on into a new paragraph).</item>
/// </list>
/// <para>
/// What does not: quoted words inside a sentence with no speaker (scare quotes: “deep friendship”, “bitter
/// allies” from unnamed "analysts", a “no limits” partnership), and titles, where every word but linking words
/// is capitalised (the “Treaty on Comprehensive Strategic Partnership”), even in an attributed sentence.
/// </para>
/// <para>
/// Speakers: "he"/"she" is the last person named, in or out of a quote; a lone surname or family name is the
/// full name the article introduced earlier, with its role. Organisations, news agencies and governments
/// named by their capital ("Pyongyang denounced …") are speakers when quoted words are attributed to them;
/// a source cited without quoted words ("according to a study by the Friedrich Naumann Foundation") yields
/// no quote.
/// </para>
/// </summary>
public static class QuoteExtractor
{
    /// <summary>What may stand between a quote and its attribution: “…,” said; “…”, wrote; “…?” Cha said.</summary>
    private static readonly SearchValues<char> Joiners = SearchValues.Create(" \t\r\n\u00A0,.;:!?—–-");

    /// <summary>The marks <see cref="QuoteMarks.Find"/> opens a quote at.</summary>
    private static readonly SearchValues<char> OpeningMarks = SearchValues.Create("\"\u201C");

    private static readonly SearchValues<char> QuotesAndJoiners = SearchValues.Create(" \t\r\n\u00A0,.;:!?—–-" + QuoteMarks.Masked);

    public static IReadOnlyList<ExtractedQuote> Extract(ParsedArticle article)
    {
        // What a paragraph teaches (names, the last speaker) only matters to quotes after it, so reading stops at the
        // last paragraph with an opening mark; most paragraphs of most archives have none.
        var last = article.Paragraphs.Count - 1;
        while (last >= 0 && !article.Paragraphs[last].Text.AsSpan().ContainsAny(OpeningMarks))
        {
            last--;
        }

        if (last < 0)
        {
            return [];
        }

        var registry = new SpeakerRegistry();
        var properNouns = ProperNouns(article);
        var quotes = new List<ExtractedQuote>();
        ResolvedSpeaker? previousParagraphSpeaker = null;
        for (var p = 0; p <= last; p++)
        {
            previousParagraphSpeaker = ExtractParagraph(article.Paragraphs[p], registry, properNouns, previousParagraphSpeaker, quotes);
        }

        return quotes;
    }

    /// <summary>Adds the paragraph's quotes and returns its last attributed speaker, for a quote carried into the next one.</summary>
    private static ResolvedSpeaker? ExtractParagraph(
        ParsedParagraph paragraph, SpeakerRegistry registry, HashSet<string> properNouns, ResolvedSpeaker? previousParagraphSpeaker, List<ExtractedQuote> output)
    {
        var text = paragraph.Text;
        var marks = QuoteMarks.Find(text);
        var masked = QuoteMarks.Mask(text, marks);
        var found = new List<Found>();
        ResolvedSpeaker? lastSpeaker = null;
        var sentences = SentenceGroups(paragraph, marks);
        var names = new List<(string Name, string? Title)>();
        var attributions = new List<(Attribution Written, ResolvedSpeaker Speaker)>();
        for (var s = 0; s < sentences.Count; s++)
        {
            var (start, end) = sentences[s];
            names.Clear();
            AttributionFinder.PersonNames(text, start, end, names);
            foreach (var (name, title) in names)
            {
                registry.Mention(name, title);
            }

            attributions.Clear();
            foreach (var attribution in AttributionFinder.Find(text, masked, start, end))
            {
                if (attribution.Name is { } name && !name.Contains(' ', StringComparison.Ordinal) && !properNouns.Contains(name))
                {
                    // A lone word capitalised only because it opens a sentence is a common noun: "Ministers called …".
                    continue;
                }

                var speaker = attribution.Name is null
                    ? registry.Pronoun()
                    : registry.Name(attribution.Name, attribution.Role, attribution.IsOrganisation);
                if (speaker is { } resolved)
                {
                    attributions.Add((attribution, resolved));
                    lastSpeaker = resolved;
                }
            }

            foreach (var quote in marks)
            {
                if (quote.Start < start || quote.Start >= end || QuoteMarks.IsTitle(text.AsSpan(quote.Start, quote.End - quote.Start)))
                {
                    continue;
                }

                var speaker = SpeakerOf(quote, attributions, masked);
                if (speaker is not null || IsOnlyQuotes(masked, start, end))
                {
                    found.Add(new Found(quote, speaker, OpensParagraph: s == 0));
                }
            }
        }

        for (var i = 0; i < found.Count; i++)
        {
            var speaker = found[i].Speaker
                ?? found.Take(i).LastOrDefault(other => other.Speaker is not null)?.Speaker
                ?? found.Skip(i + 1).FirstOrDefault(other => other.Speaker is not null)?.Speaker
                ?? (found[i].OpensParagraph ? previousParagraphSpeaker : null);
            if (speaker is { } resolved)
            {
                var span = new TextSpan(found[i].Quote.Start, found[i].Quote.Length);
                output.Add(new ExtractedQuote(paragraph.Number, resolved.Name, resolved.Role, span, span.Of(text)));
            }
        }

        return lastSpeaker;
    }

    private static ResolvedSpeaker? SpeakerOf(QuoteSpan quote, List<(Attribution Written, ResolvedSpeaker Speaker)> attributions, string masked)
    {
        foreach (var (written, speaker) in attributions)
        {
            if (written.Start >= quote.End && IsOnlyPunctuation(masked, quote.End, written.Start))
            {
                return speaker;
            }
        }

        for (var i = attributions.Count - 1; i >= 0; i--)
        {
            if (attributions[i].Written.End <= quote.Start)
            {
                return attributions[i].Speaker;
            }
        }

        foreach (var (written, speaker) in attributions)
        {
            if (written.IsAccordingTo)
            {
                return speaker;
            }
        }

        return null;
    }

    /// <summary>Words the article capitalises somewhere other than at the start of a sentence: names, not sentence openers.</summary>
    private static HashSet<string> ProperNouns(ParsedArticle article)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var paragraph in article.Paragraphs)
        {
            foreach (var sentence in paragraph.Sentences)
            {
                AddCapitalisedWords(paragraph.Text.AsSpan(sentence.Start, sentence.Length), names);
            }
        }

        return names;
    }

    /// <summary>
    /// Adds the words (a letter, then letters and hyphens) of a sentence that start with a capital, except its first
    /// word. Hand-written rather than a regex because it runs over every word of every article.
    /// </summary>
    private static void AddCapitalisedWords(ReadOnlySpan<char> sentence, HashSet<string> names)
    {
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        var first = true;
        var i = 0;
        while (i < sentence.Length)
        {
            if (!char.IsLetter(sentence[i]))
            {
                i++;
                continue;
            }

            var start = i++;
            while (i < sentence.Length && (char.IsLetter(sentence[i]) || sentence[i] == '-'))
            {
                i++;
            }

            if (!first && char.IsUpper(sentence[start]))
            {
                lookup.Add(sentence[start..i]);
            }

            first = false;
        }
    }

    /// <summary>
    /// The paragraph's sentences, merged where a quote runs across a sentence boundary
    /// (“If South Korean weapons go to Ukraine — what if …? How will Kim respond?” Cha said.).
    /// </summary>
    private static List<(int Start, int End)> SentenceGroups(ParsedParagraph paragraph, List<QuoteSpan> marks)
    {
        var sentences = paragraph.Sentences;
        if (sentences.Count == 0)
        {
            return [(0, paragraph.Text.Length)];
        }

        var groups = new List<(int Start, int End)>();
        for (var i = 0; i < sentences.Count; i++)
        {
            var start = sentences[i].Start;
            var end = sentences[i].End;
            while (i + 1 < sentences.Count && RunsPast(marks, end))
            {
                end = sentences[++i].End;
            }

            groups.Add((start, end));
        }

        return groups;
    }

    /// <summary>Whether a quotation runs past <paramref name="end"/> (a loop, not LINQ: it runs for every sentence of a build).</summary>
    private static bool RunsPast(List<QuoteSpan> marks, int end)
    {
        foreach (var quote in marks)
        {
            if (quote.Start < end && quote.End > end)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A sentence that is nothing but quotes and punctuation: speech with its speaker given elsewhere.</summary>
    private static bool IsOnlyQuotes(string masked, int start, int end)
    {
        var sentence = masked.AsSpan(start, end - start);
        return sentence.Contains(QuoteMarks.Masked) && !sentence.ContainsAnyExcept(QuotesAndJoiners);
    }

    private static bool IsOnlyPunctuation(string masked, int start, int end) =>
        !masked.AsSpan(start, end - start).ContainsAnyExcept(Joiners);

    private sealed record Found(QuoteSpan Quote, ResolvedSpeaker? Speaker, bool OpensParagraph);
}
