using Bot.Knowledge.Analysis;

namespace Bot.Knowledge.Synonyms;

/// <summary>
/// Synonym groups analysed like the articles, as a trie over terms, so a question's longest phrase ("north korea")
/// wins over its words. Each phrase maps to the phrases it also matches; the phrase itself comes first.
/// </summary>
public sealed class SynonymTable
{
    private readonly Node _root = new();
    private readonly TextAnalyzer _analyzer;

    private SynonymTable(IReadOnlyList<SynonymEntry> entries, TextAnalyzer analyzer)
    {
        Entries = entries;
        _analyzer = analyzer;
        foreach (var entry in entries)
        {
            // Names that speak for others ("a ~> b") add no way of saying a phrase; the answer search does not read them.
            if (entry.SpeaksFor == true)
            {
                continue;
            }

            var sources = entry.Terms.Select(term => Analyze(analyzer, term)).Where(terms => terms.Length > 0).ToList();
            foreach (var source in sources)
            {
                var node = _root;
                foreach (var term in source)
                {
                    node.Next ??= new Dictionary<string, Node>(StringComparer.Ordinal);
                    if (!node.Next.TryGetValue(term, out var next))
                    {
                        next = new Node();
                        node.Next.Add(term, next);
                    }

                    node = next;
                }

                node.Source ??= source;
                node.Pending ??= [];

                // A one-way entry's targets are analysed when a question first says its phrase: a knowledge's acronyms
                // are thousands of spelled-out names ("aacu" → "American Assembly of Columbia University"), and analysing
                // them all was most of the table's 60-80 ms before a fresh process's first answer at 500 texts.
                if (entry.Targets is null)
                {
                    node.Pending.AddRange(sources);
                }
                else
                {
                    node.Pending.AddRange(entry.Targets);
                }

                MaxPhraseLength = Math.Max(MaxPhraseLength, source.Length);
            }
        }
    }

    public static SynonymTable Empty { get; } = new([], TextAnalyzer.Shared);

    /// <summary>The groups this table was made from.</summary>
    public IReadOnlyList<SynonymEntry> Entries { get; }

    /// <summary>The most terms any phrase of the table has.</summary>
    public int MaxPhraseLength { get; }

    public static SynonymTable Create(IReadOnlyList<SynonymEntry> entries, TextAnalyzer analyzer) => new(entries, analyzer);

    /// <summary>A table with <paramref name="extra"/> groups added to this one's (per-server aliases).</summary>
    public SynonymTable With(IReadOnlyList<SynonymEntry> extra, TextAnalyzer analyzer) => extra.Count == 0 ? this : new([.. Entries, .. extra], analyzer);

    /// <summary>
    /// The longest phrase of the table starting at <paramref name="terms"/>[0]: how many terms it spans and the other
    /// phrases it matches; 0 and empty when no phrase starts there.
    /// </summary>
    public (int Length, IReadOnlyList<string[]> Alternatives) LongestMatch(ReadOnlySpan<string> terms)
    {
        var node = _root;
        var bestLength = 0;
        IReadOnlyList<string[]> best = [];
        for (var i = 0; i < terms.Length && node.Next is not null && node.Next.TryGetValue(terms[i], out var next); i++)
        {
            node = next;
            if (node.Source is not null)
            {
                bestLength = i + 1;
                best = node.Alternatives(_analyzer);
            }
        }

        return (bestLength, best);
    }

    /// <summary>
    /// Every word the table knows, as written, those of its phrases too: spelling corrections may land on them ("draged
    /// into" is "dragged into").
    /// </summary>
    public IEnumerable<string> Words => Entries
        .SelectMany(entry => entry.Terms.Concat(entry.Targets ?? []))
        .SelectMany(phrase => phrase.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The phrase's terms, analysed as a question's words are, so both sides meet.</summary>
    private static string[] Analyze(TextAnalyzer analyzer, string phrase) =>
        analyzer.Analyze(phrase).Select(token => token.Term).ToArray();

    private sealed class Node
    {
        private List<string[]>? _alternatives;

        public Dictionary<string, Node>? Next { get; set; }

        /// <summary>The phrase that ends at this node, analysed; null on a node no phrase ends at.</summary>
        public string[]? Source { get; set; }

        /// <summary>What the phrase matches, in the order the entries give it: phrases analysed, or as written.</summary>
        public List<object>? Pending { get; set; }

        /// <summary>
        /// The other phrases this one matches, analysed, each once and never the phrase itself; made on first use, once,
        /// whichever search asks first.
        /// </summary>
        public List<string[]> Alternatives(TextAnalyzer analyzer)
        {
            if (Volatile.Read(ref _alternatives) is { } made)
            {
                return made;
            }

            // The pending list is this node's own, never handed out: what the first search to ask locks while it analyses.
            lock (Pending!)
            {
                if (_alternatives is null)
                {
                    var alternatives = new List<string[]>();
                    foreach (var pending in Pending)
                    {
                        var target = pending as string[] ?? Analyze(analyzer, (string)pending);
                        if (target.Length > 0 && !target.AsSpan().SequenceEqual(Source) && !alternatives.Any(known => known.AsSpan().SequenceEqual(target)))
                        {
                            alternatives.Add(target);
                        }
                    }

                    Volatile.Write(ref _alternatives, alternatives);
                }

                return _alternatives;
            }
        }
    }
}
