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

    // Per combined passage, its part and its place there; per part and combined term, the term's id there (or -1).
    private readonly int[] _partOf;
    private readonly int[] _localOf;
    private readonly int[][] _localTerms;

    // Per part, each of its passages' combined id, or -1 for a passage of a removed or replaced article.
    private readonly int[][] _combinedOf;

    private SegmentedContents(string name, string checksum, KnowledgeContents[] parts, int[] partOf, int[] localOf, int[][] combinedOf, int[][] localTerms)
        : base(name, checksum)
    {
        _parts = parts;
        _partOf = partOf;
        _localOf = localOf;
        _combinedOf = combinedOf;
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
        var passages = new PassageTable(array, articles);
        var terms = CombinedTerms(array, passages);
        var contents = new SegmentedContents(name, ChecksumOf(array, removed), array, passages.PartOf, passages.LocalOf, passages.CombinedOf, terms.LocalTerms)
        {
            Analyzer = array[0].Analyzer,
            Articles = articles.Select(article => array[article.Part].Articles[article.Local]).ToList(),
            ArticleFirstPassages = passages.ArticleFirstPassages,
            PassageArticles = passages.Articles,
            PassageParagraphs = passages.Paragraphs,
            PassageStarts = passages.Starts,
            PassageTermCounts = passages.TermCounts,
            PassageTextHashes = passages.TextHashes,
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

    public override string ReadText(int passage) => _parts[_partOf[passage]].ReadText(_localOf[passage]);

    public override TextSpan[] ReadSentences(int passage) => _parts[_partOf[passage]].ReadSentences(_localOf[passage]);

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
            var map = _combinedOf[part];
            var live = 0;
            for (var i = 0; i < passages.Length; i++)
            {
                if (map[passages[i]] is >= 0 and var combined)
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

    /// <summary>The combined passage table: the live articles' passages in article order, and the maps both ways.</summary>
    private sealed class PassageTable
    {
        public PassageTable(KnowledgeContents[] parts, List<(int Part, int Local)> articles)
        {
            var count = articles.Sum(article => parts[article.Part].Articles[article.Local].Paragraphs);
            (PartOf, LocalOf, Articles, Paragraphs, Starts, TermCounts, TextHashes) =
                (new int[count], new int[count], new int[count], new int[count], new int[count], new int[count], new ulong[count]);
            ArticleFirstPassages = new int[articles.Count];
            CombinedOf = parts.Select(part => Enumerable.Repeat(-1, part.PassageCount).ToArray()).ToArray();
            var next = 0;
            for (var a = 0; a < articles.Count; a++)
            {
                var (part, local) = articles[a];
                var source = parts[part];
                var first = source.ArticleFirstPassages[local];
                ArticleFirstPassages[a] = next;
                for (var p = first; p < first + source.Articles[local].Paragraphs; p++, next++)
                {
                    (PartOf[next], LocalOf[next], Articles[next]) = (part, p, a);
                    (Paragraphs[next], Starts[next], TermCounts[next], TextHashes[next]) =
                        (source.PassageParagraphs[p], source.PassageStarts[p], source.PassageTermCounts[p], source.PassageTextHashes[p]);
                    CombinedOf[part][p] = next;
                }
            }
        }

        public int[] PartOf { get; }

        public int[] LocalOf { get; }

        public int[][] CombinedOf { get; }

        public int[] ArticleFirstPassages { get; }

        public int[] Articles { get; }

        public int[] Paragraphs { get; }

        public int[] Starts { get; }

        public int[] TermCounts { get; }

        public ulong[] TextHashes { get; }
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
            var map = passages.CombinedOf[part];
            for (var p = 0; p < map.Length; p++)
            {
                if (map[p] >= 0)
                {
                    continue;
                }

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
                .Where(quote => passages.CombinedOf[index][quote.Passage] >= 0)
                .Select(quote => quote with { Passage = passages.CombinedOf[index][quote.Passage] }))
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
