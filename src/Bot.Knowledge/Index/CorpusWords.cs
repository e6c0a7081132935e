using System.Collections.Frozen;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// What only the whole corpus can say about its words: which terms are names (written with a capital in the middle of
/// sentences nearly always), every surface word with its term (for spelling), and the acronyms of the names the articles
/// spell out. Collected when the knowledge is built and stored in the file, so that opening the knowledge does not
/// analyse every passage again (issue 20: at 10,000 texts that analysis was most of the first answer's 48 s).
/// </summary>
/// <param name="Names">The terms that are names, sorted.</param>
/// <param name="SurfaceWords">Every word of the passages, lower-cased, with its term, in the order the passages first use them.</param>
/// <param name="Acronyms">See <see cref="Synonyms.Acronyms"/>.</param>
public sealed record CorpusWords(IReadOnlyList<string> Names, IReadOnlyDictionary<string, string> SurfaceWords, IReadOnlyList<SynonymEntry> Acronyms)
{
    /// <summary>Months and weekdays: dates, though written with a capital like names.</summary>
    internal static readonly FrozenSet<string> CalendarWords = new[]
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Reads every passage once. A word whose term <paramref name="isTerm"/> does not know is left out: only a file edited
    /// by hand has one, and the search refuses that passage when it reads it.
    /// </summary>
    public static CorpusWords Collect(
        IEnumerable<(string Text, IReadOnlyList<Articles.TextSpan> Sentences)> passages,
        Func<string, bool> isTerm,
        IReadOnlyList<SynonymEntry> synonyms,
        TextAnalyzer analyzer)
    {
        var capitalised = new Dictionary<string, int>(StringComparer.Ordinal);
        var midSentence = new Dictionary<string, int>(StringComparer.Ordinal);
        var surfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        var texts = new List<string>();
        var tokens = new List<Token>();
        foreach (var (text, sentences) in passages)
        {
            texts.Add(text);
            tokens.Clear();
            analyzer.Analyze(text, tokens, keepStopWords: false);
            var sentence = 0;
            var firstInSentence = true;
            foreach (var token in tokens)
            {
                while (sentence + 1 < sentences.Count && token.Start >= sentences[sentence + 1].Start)
                {
                    sentence++;
                    firstInSentence = true;
                }

                if (!isTerm(token.Term))
                {
                    firstInSentence = false;
                    continue;
                }

                var surface = text.Substring(token.Start, token.Length);

                // A capital that opens a sentence, or a quotation inside one, says nothing about the word.
                var startsSentence = firstInSentence || (token.Start > 0 && text[token.Start - 1] is '“' or '"');
                if (!startsSentence)
                {
                    Count(midSentence, token.Term);
                    if (char.IsUpper(surface[0]))
                    {
                        Count(capitalised, token.Term);
                    }
                }

                firstInSentence = false;
                surfaces.TryAdd(surface.ToLowerInvariant(), token.Term);
            }
        }

        // "What did Kim say in February" does not need a paragraph that says February to be about Kim.
        var calendar = CalendarWords.Select(analyzer.Stem).ToHashSet(StringComparer.Ordinal);
        var names = capitalised
            .Where(pair => pair.Value * 4 >= midSentence[pair.Key] * 3 && !calendar.Contains(pair.Key))
            .Select(pair => pair.Key)
            .Order(StringComparer.Ordinal)
            .ToList();
        var acronyms = Synonyms.Acronyms.Derive(texts, word => isTerm(analyzer.Term(word) ?? word), synonyms);
        return new CorpusWords(names, surfaces, acronyms);
    }

    private static void Count(Dictionary<string, int> counts, string term) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, term, out _)++;
}
