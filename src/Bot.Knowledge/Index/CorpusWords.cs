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
        // In as many stretches as there are processors, each tallied on its own and added up in order: the same result as
        // one pass, at a fraction of the wait (this analyses every word of the corpus), and only one tally per stretch.
        var all = passages as IReadOnlyList<(string Text, IReadOnlyList<Articles.TextSpan> Sentences)> ?? [.. passages];
        var stretches = Math.Clamp(all.Count / 64, 1, Environment.ProcessorCount);
        var tallies = new Tally[stretches];
        Parallel.For(0, stretches, stretch =>
        {
            var tally = tallies[stretch] = new Tally();
            var tokens = new List<Token>();
            for (var p = (int)((long)all.Count * stretch / stretches); p < (int)((long)all.Count * (stretch + 1) / stretches); p++)
            {
                tokens.Clear();
                analyzer.Analyze(all[p].Text, tokens, keepStopWords: false);
                tally.Add(all[p].Text, all[p].Sentences, tokens, isTerm);
            }
        });

        foreach (var later in tallies.Skip(1))
        {
            tallies[0].Add(later);
        }

        return tallies[0].Finish(isTerm, synonyms, analyzer);
    }

    /// <summary>
    /// The same over a payload's passages, as the builder and the merge of segments collect them; <paramref name="isTerm"/>
    /// should be a hash lookup, as it is asked once per word of the corpus (a sorted index's comparisons were 1.5 of a
    /// 500-text build's 2.4 seconds).
    /// </summary>
    public static CorpusWords Collect(IEnumerable<PassageEntry> passages, Func<string, bool> isTerm, IReadOnlyList<SynonymEntry> synonyms, TextAnalyzer analyzer) =>
        Collect(
            passages.Select(passage => (passage.Text, (IReadOnlyList<Articles.TextSpan>)[.. passage.Sentences.Select(pair => new Articles.TextSpan(pair[0], pair[1]))])),
            isTerm,
            synonyms,
            analyzer);

    /// <summary>What a stretch of passages says toward the corpus words; stretches are added up in passage order.</summary>
    public sealed class Tally
    {
        private readonly Dictionary<string, int> _capitalised = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _midSentence = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _surfaces;
        private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _surfacesBySpan;
        private readonly List<(string Acronym, string Name)> _names = [];

        public Tally()
        {
            _surfaces = new(StringComparer.Ordinal);
            _surfacesBySpan = _surfaces.GetAlternateLookup<ReadOnlySpan<char>>();
        }

        /// <summary>One passage, with its tokens as the analyzer gives them without stop words.</summary>
        public void Add(string text, IReadOnlyList<Articles.TextSpan> sentences, IReadOnlyList<Token> tokens, Func<string, bool> isTerm)
        {
            var sentence = 0;
            var firstInSentence = true;
            Span<char> buffer = stackalloc char[64];
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

                // A capital that opens a sentence, or a quotation inside one, says nothing about the word.
                var startsSentence = firstInSentence || (token.Start > 0 && text[token.Start - 1] is '“' or '"');
                if (!startsSentence)
                {
                    Count(_midSentence, token.Term);
                    if (char.IsUpper(text[token.Start]))
                    {
                        Count(_capitalised, token.Term);
                    }
                }

                firstInSentence = false;

                // Lower-cased into a buffer and looked up by span: a string is made only for a word not seen before
                // (making two per token, the surface and its lower case, was a million strings at 500 texts).
                var surface = text.AsSpan(token.Start, token.Length);
                var lower = surface.Length <= buffer.Length ? buffer[..surface.Length] : new char[surface.Length];
                surface.ToLowerInvariant(lower);
                _surfacesBySpan.TryAdd(lower, token.Term);
            }

            _names.AddRange(Synonyms.Acronyms.NamesIn(text));
        }

        /// <summary>Adds <paramref name="later"/>'s counts to these, its surface words after these (first use stays first).</summary>
        public void Add(Tally later)
        {
            foreach (var (term, count) in later._capitalised)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_capitalised, term, out _) += count;
            }

            foreach (var (term, count) in later._midSentence)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_midSentence, term, out _) += count;
            }

            foreach (var (surface, term) in later._surfaces)
            {
                _surfaces.TryAdd(surface, term);
            }

            _names.AddRange(later._names);
        }

        public CorpusWords Finish(Func<string, bool> isTerm, IReadOnlyList<SynonymEntry> synonyms, TextAnalyzer analyzer)
        {
            // "What did Kim say in February" does not need a paragraph that says February to be about Kim.
            var calendar = CalendarWords.Select(analyzer.Stem).ToHashSet(StringComparer.Ordinal);
            var names = _capitalised
                .Where(pair => pair.Value * 4 >= _midSentence[pair.Key] * 3 && !calendar.Contains(pair.Key))
                .Select(pair => pair.Key)
                .Order(StringComparer.Ordinal)
                .ToList();
            var acronyms = Synonyms.Acronyms.FromNames(_names, word => isTerm(analyzer.Term(word) ?? word), synonyms);
            return new CorpusWords(names, _surfaces, acronyms);
        }
    }

    private static void Count(Dictionary<string, int> counts, string term) =>
        System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(counts, term, out _)++;
}
