using System.Security.Cryptography;
using System.Text;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Index;

/// <summary>
/// Knowledge made of parts, after Lucene's segments: a large file, and small ones holding the articles added since it was
/// built, less the articles removed since. Combining reads no text and no postings (at 10,000 texts it merges two sorted
/// term lists and copies the passage table), so an article added to an archive is searchable at once; the parts are
/// folded into one file later (<see cref="KnowledgeSegments.Merge"/>), and answers never wait for that.
/// </summary>
/// <remarks>
/// The combined knowledge is laid out as a rebuild would lay it out: articles in id order, passages in article order,
/// terms sorted, and every statistic the search uses (document frequencies, passage lengths, the passage count) counted
/// over the live passages only, so BM25 scores what a rebuild would score. One thing is approximate until the merge: the
/// corpus words (which terms are names, the spelling words, the acronyms) are the union of each part's, since only the
/// whole corpus's counts could say them exactly.
/// </remarks>
public sealed class SegmentedContents : KnowledgeContents
{
    private readonly KnowledgeContents[] _parts;

    // Per combined article, its part and its place there; per part and article there, its combined article (or -1 for a
    // removed or replaced one). A passage's place in either is its article's first passage plus its paragraph, so no map
    // is kept per passage (an archive has hundreds of thousands). Per part and combined term, the term's id there, or -1.
    private readonly PassageTable _table;
    private readonly int[][] _localTerms;

    private SegmentedContents(string name, string checksum, KnowledgeContents[] parts, PassageTable table, int[][] localTerms)
        : base(name, checksum)
    {
        _parts = parts;
        _table = table;
        _localTerms = localTerms;
    }

    /// <summary>The parts, first (the large file) to last (the latest addition).</summary>
    public IReadOnlyList<KnowledgeContents> Parts => _parts;

    /// <summary>
    /// Combines <paramref name="parts"/> (oldest first) less the articles whose ids are in <paramref name="removed"/>. An
    /// article in a later part replaces one of the same id in an earlier part. Throws <see cref="KnowledgeFileException"/>
    /// when the parts were built by different analyzers, or nothing is left.
    /// </summary>
    public static SegmentedContents Combine(IReadOnlyList<KnowledgeContents> parts, IReadOnlyCollection<string> removed, string? name = null)
    {
        if (parts.Count == 0)
        {
            throw new ArgumentException("Combining needs at least one part.", nameof(parts));
        }

        var array = parts.ToArray();
        name ??= array[0].Name;
        CheckAnalyzers(array, name);

        var articles = LiveArticles(array, removed.ToHashSet(StringComparer.Ordinal));
        if (articles.Count == 0)
        {
            throw new KnowledgeFileException($"Knowledge '{name}' has no articles left once its removed articles are taken out; {KnowledgeFileException.RebuildHint}");
        }

        var passages = new PassageTable(array, articles);
        var terms = CombinedTerms(array, passages);
        var contents = new SegmentedContents(name, ChecksumOf(array, removed), array, passages, terms.LocalTerms)
        {
            Analyzer = array[0].Analyzer,
            Articles = articles.Select(article => array[article.Part].Articles[article.Local]).ToList(),
            ArticleFirstPassages = passages.ArticleFirstPassages,
            PassageArticles = passages.Articles,
            PassageParagraphs = passages.Paragraphs,
            PassageTermCounts = passages.TermCounts,
            TermArray = terms.Terms,
            DocumentFrequencies = terms.DocumentFrequencies,
            Synonyms = array[0].Synonyms,
        };
        var liveFiles = contents.Articles.Select(article => article.SourceFile).ToHashSet(StringComparer.Ordinal);
        contents.Sources = array
            .SelectMany(part => part.Sources)
            .Where(source => liveFiles.Contains(source.File))
            .GroupBy(source => source.File, StringComparer.Ordinal)
            .Select(group => group.Last())
            .OrderBy(source => source.File, StringComparer.Ordinal)
            .ToList();
        contents.Quotes = CombinedQuotes(array, passages);
        contents.Words = CombinedWords(array, contents);
        return contents;
    }

    public override string ReadText(int passage)
    {
        var (part, local) = PartOf(passage);
        return part.ReadText(local);
    }

    public override TextSpan[] ReadSentences(int passage)
    {
        var (part, local) = PartOf(passage);
        return part.ReadSentences(local);
    }

    internal override int StartOf(int passage)
    {
        var (part, local) = PartOf(passage);
        return part.StartOf(local);
    }

    internal override ulong TextHashOf(int passage)
    {
        var (part, local) = PartOf(passage);
        return part.TextHashOf(local);
    }

    /// <summary>The part a combined passage comes from, and its place there.</summary>
    private (KnowledgeContents Part, int Local) PartOf(int passage)
    {
        var article = PassageArticles[passage];
        var (part, local) = _table.Sources[article];
        return (_parts[part], _parts[part].ArticleFirstPassages[local] + passage - ArticleFirstPassages[article]);
    }

    /// <summary>Each part's postings of the term, less its dead passages, renumbered and merged in passage order.</summary>
    public override (int[] Passages, int[] Frequencies) ReadPostings(int term)
    {
        var lists = new List<(int[] Passages, int[] Frequencies)>(_parts.Length);
        for (var part = 0; part < _parts.Length; part++)
        {
            var local = _localTerms[part][term];
            if (local < 0)
            {
                continue;
            }

            var (passages, frequencies) = _parts[part].ReadPostings(local);
            var live = 0;
            for (var i = 0; i < passages.Length; i++)
            {
                if (_table.Combined(part, passages[i]) is >= 0 and var combined)
                {
                    (passages[live], frequencies[live]) = (combined, frequencies[i]);
                    live++;
                }
            }

            lists.Add((passages[..live], frequencies[..live]));
        }

        return lists.Count == 1 ? lists[0] : MergeInPassageOrder(lists, DocumentFrequencies[term]);
    }

    private static void CheckAnalyzers(KnowledgeContents[] parts, string name)
    {
        var first = parts[0].Analyzer;
        foreach (var part in parts.Skip(1))
        {
            var other = part.Analyzer;
            if (other.Version != first.Version || other.K1 != first.K1 || other.B != first.B || !other.StopWords.SequenceEqual(first.StopWords, StringComparer.Ordinal))
            {
                throw new KnowledgeFileException(
                    $"Knowledge '{name}' cannot take the segment '{part.Name}': it was built by another analyzer (version {other.Version}, not {first.Version}); {KnowledgeFileException.RebuildHint}");
            }
        }
    }

    /// <summary>Every part's articles that are neither removed nor replaced by a later part's, in id order as a build orders them.</summary>
    private static List<(int Part, int Local)> LiveArticles(KnowledgeContents[] parts, HashSet<string> removed)
    {
        var latest = new Dictionary<string, (int Part, int Local)>(StringComparer.Ordinal);
        for (var part = 0; part < parts.Length; part++)
        {
            for (var a = 0; a < parts[part].Articles.Count; a++)
            {
                latest[parts[part].Articles[a].Id] = (part, a);
            }
        }

        return latest
            .Where(pair => !removed.Contains(pair.Key))
            .OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value)
            .ToList();
    }

    /// <summary>The combined passage table: the live articles' passages in article order, and the maps both ways, per article.</summary>
    private sealed class PassageTable
    {
        private readonly KnowledgeContents[] _parts;

        // Per part and article there: its combined article, or -1.
        private readonly int[][] _combinedArticles;

        public PassageTable(KnowledgeContents[] parts, List<(int Part, int Local)> articles)
        {
            _parts = parts;
            Sources = [.. articles];
            var count = articles.Sum(article => parts[article.Part].Articles[article.Local].Paragraphs);
            (Articles, Paragraphs, TermCounts) = (new int[count], new int[count], new int[count]);
            ArticleFirstPassages = new int[articles.Count];
            _combinedArticles = parts.Select(part => Enumerable.Repeat(-1, part.Articles.Count).ToArray()).ToArray();
            var next = 0;
            for (var a = 0; a < articles.Count; a++)
            {
                var (part, local) = articles[a];
                var source = parts[part];
                var first = source.ArticleFirstPassages[local];
                ArticleFirstPassages[a] = next;
                _combinedArticles[part][local] = a;
                for (var p = first; p < first + source.Articles[local].Paragraphs; p++, next++)
                {
                    (Articles[next], Paragraphs[next], TermCounts[next]) = (a, source.PassageParagraphs[p], source.PassageTermCounts[p]);
                }
            }
        }

        /// <summary>Per combined article, its part and its place there.</summary>
        public (int Part, int Local)[] Sources { get; }

        public int[] ArticleFirstPassages { get; }

        public int[] Articles { get; }

        public int[] Paragraphs { get; }

        public int[] TermCounts { get; }

        /// <summary>A part's passages whose articles are removed or replaced.</summary>
        public IEnumerable<int> Dead(int part)
        {
            var source = _parts[part];
            for (var local = 0; local < source.Articles.Count; local++)
            {
                if (_combinedArticles[part][local] >= 0)
                {
                    continue;
                }

                var first = source.ArticleFirstPassages[local];
                for (var p = first; p < first + source.Articles[local].Paragraphs; p++)
                {
                    yield return p;
                }
            }
        }

        /// <summary>A part's passage's combined place, or -1 when its article is removed or replaced.</summary>
        public int Combined(int part, int passage)
        {
            var source = _parts[part];
            var local = source.PassageArticles[passage];
            var article = _combinedArticles[part][local];
            return article < 0 ? -1 : ArticleFirstPassages[article] + passage - source.ArticleFirstPassages[local];
        }
    }

    /// <summary>
    /// The parts' sorted terms merged, each with its document frequency over the live passages: a part's count less the
    /// passages of its removed or replaced articles that hold the term (found by analysing those passages, as few as the
    /// articles removed). A term only dead passages held is dropped, as a rebuild would not have it.
    /// </summary>
    private static (string[] Terms, int[] DocumentFrequencies, int[][] LocalTerms) CombinedTerms(KnowledgeContents[] parts, PassageTable passages)
    {
        var dead = new Dictionary<string, int>[parts.Length];
        var tokens = new List<Token>();
        for (var part = 0; part < parts.Length; part++)
        {
            dead[part] = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in passages.Dead(part))
            {
                tokens.Clear();
                TextAnalyzer.Shared.Analyze(parts[part].ReadText(p), tokens, keepStopWords: false);
                foreach (var term in tokens.Select(token => token.Term).Distinct(StringComparer.Ordinal))
                {
                    System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(dead[part], term, out _)++;
                }
            }
        }

        var terms = new List<string>();
        var frequencies = new List<int>();
        var locals = parts.Select(_ => new List<int>()).ToArray();
        var cursors = new int[parts.Length];
        var here = new int[parts.Length];
        while (true)
        {
            // The smallest term any part has next: the parts' term lists are sorted, so this is a k-way merge.
            string? smallest = null;
            for (var part = 0; part < parts.Length; part++)
            {
                if (cursors[part] < parts[part].TermArray.Length
                    && (smallest is null || string.CompareOrdinal(parts[part].TermArray[cursors[part]], smallest) < 0))
                {
                    smallest = parts[part].TermArray[cursors[part]];
                }
            }

            if (smallest is null)
            {
                break;
            }

            var frequency = 0;
            for (var part = 0; part < parts.Length; part++)
            {
                here[part] = -1;
                if (cursors[part] < parts[part].TermArray.Length && string.Equals(parts[part].TermArray[cursors[part]], smallest, StringComparison.Ordinal))
                {
                    here[part] = cursors[part]++;
                    frequency += parts[part].DocumentFrequencies[here[part]] - dead[part].GetValueOrDefault(smallest);
                }
            }

            if (frequency <= 0)
            {
                continue;
            }

            terms.Add(smallest);
            frequencies.Add(frequency);
            for (var part = 0; part < parts.Length; part++)
            {
                locals[part].Add(here[part]);
            }
        }

        return ([.. terms], [.. frequencies], [.. locals.Select(list => list.ToArray())]);
    }

    /// <summary>The live passages' quotes, renumbered, in article order as a build lists them.</summary>
    private static List<QuoteEntry> CombinedQuotes(KnowledgeContents[] parts, PassageTable passages) =>
        parts
            .SelectMany((part, index) => part.Quotes
                .Where(quote => passages.Combined(index, quote.Passage) >= 0)
                .Select(quote => quote with { Passage = passages.Combined(index, quote.Passage) }))
            .OrderBy(quote => passages.Articles[quote.Passage])
            .ToList();

    /// <summary>Each part's names, spelling words and acronyms whose terms are still live: the union, until the merge counts them again.</summary>
    private static CorpusWords? CombinedWords(KnowledgeContents[] parts, SegmentedContents contents)
    {
        if (parts.Any(part => part.Words is null))
        {
            return null;
        }

        bool IsTerm(string term) => contents.TermId(term) >= 0;
        var names = parts.SelectMany(part => part.Words!.Names).Where(IsTerm).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var surfaces = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (surface, term) in parts.SelectMany(part => part.Words!.SurfaceWords))
        {
            if (IsTerm(term))
            {
                surfaces.TryAdd(surface, term);
            }
        }

        var acronyms = parts.SelectMany(part => part.Words!.Acronyms)
            .DistinctBy(entry => string.Join('\n', [.. entry.Terms, "=>", .. entry.Targets ?? []]), StringComparer.Ordinal)
            .ToList();
        return new CorpusWords(names, surfaces, acronyms);
    }

    private static (int[] Passages, int[] Frequencies) MergeInPassageOrder(List<(int[] Passages, int[] Frequencies)> lists, int count)
    {
        var (passages, frequencies) = (new int[count], new int[count]);
        var cursors = new int[lists.Count];
        for (var n = 0; n < count; n++)
        {
            var best = -1;
            for (var l = 0; l < lists.Count; l++)
            {
                if (cursors[l] < lists[l].Passages.Length && (best < 0 || lists[l].Passages[cursors[l]] < lists[best].Passages[cursors[best]]))
                {
                    best = l;
                }
            }

            (passages[n], frequencies[n]) = (lists[best].Passages[cursors[best]], lists[best].Frequencies[cursors[best]]);
            cursors[best]++;
        }

        return (passages, frequencies);
    }

    /// <summary>What identifies the combination: the parts' checksums and the removed ids.</summary>
    private static string ChecksumOf(KnowledgeContents[] parts, IReadOnlyCollection<string> removed)
    {
        var identity = new StringBuilder();
        foreach (var part in parts)
        {
            identity.Append(part.Checksum).Append('\n');
        }

        foreach (var id in removed.Order(StringComparer.Ordinal))
        {
            identity.Append('-').Append(id).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToString())));
    }
}
