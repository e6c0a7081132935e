using Bot.Knowledge.Articles;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// What a knowledge base searches: the articles, the passage table, the sorted terms with their document frequencies,
/// quotes, synonyms and corpus words in memory, and a passage's text and a term's postings read when asked for. One
/// opened file is <see cref="KnowledgeFileContents"/>; a file with articles added or removed since it was built is
/// <see cref="SegmentedContents"/>, which reads through to its parts (issue 20: growing by one article).
/// </summary>
public abstract class KnowledgeContents
{
    private protected KnowledgeContents(string name, string checksum)
    {
        Name = name;
        Checksum = checksum;
    }

    /// <summary>The file's path, or what names knowledge built in memory: every refusal says it.</summary>
    public string Name { get; }

    /// <summary>SHA-256 that identifies this build of the knowledge (a file's: written in its footer).</summary>
    public string Checksum { get; }

    public AnalyzerSettings Analyzer { get; internal set; } = null!;

    public IReadOnlyList<SourceEntry> Sources { get; internal set; } = [];

    public IReadOnlyList<ArticleEntry> Articles { get; internal set; } = [];

    /// <summary>Per article, its first passage; an article's passages follow one another, paragraph 1 first.</summary>
    internal int[] ArticleFirstPassages { get; set; } = [];

    public int PassageCount => PassageArticles.Length;

    internal int[] PassageArticles { get; set; } = [];

    internal int[] PassageParagraphs { get; set; } = [];

    /// <summary>Per passage, its number of indexed terms (BM25's document length).</summary>
    internal int[] PassageTermCounts { get; set; } = [];

    /// <summary>The index's terms in ordinal order: a term's id is its place here.</summary>
    public IReadOnlyList<string> Terms => TermArray;

    internal string[] TermArray { get; set; } = [];

    internal int[] DocumentFrequencies { get; set; } = [];

    public IReadOnlyList<QuoteEntry> Quotes { get; internal set; } = [];

    public IReadOnlyList<SynonymEntry> Synonyms { get; internal set; } = [];

    /// <summary>What the builder read off the whole corpus, or null when the file was written without it.</summary>
    public CorpusWords? Words { get; internal set; }

    /// <summary>The term's id (its place in <see cref="Terms"/>), or -1: a binary search of the sorted terms.</summary>
    public int TermId(string term)
    {
        var (low, high) = (0, TermArray.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(TermArray[middle], term);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }

    /// <summary>A passage's text.</summary>
    public abstract string ReadText(int passage);

    /// <summary>A passage's sentences, as spans of its text.</summary>
    public abstract TextSpan[] ReadSentences(int passage);

    /// <summary>A term's postings, in passage order.</summary>
    public abstract (int[] Passages, int[] Frequencies) ReadPostings(int term);

    /// <summary>Where a passage starts in its article's body.</summary>
    internal abstract int StartOf(int passage);

    /// <summary>The fingerprint of a passage's text as the builder indexed it (<see cref="PassageText.Hash"/>).</summary>
    internal abstract ulong TextHashOf(int passage);

    /// <summary>Everything as a payload (the merge, tools and specs): reads every text, sentence and posting.</summary>
    public KnowledgePayload ToPayload()
    {
        var passages = new PassageEntry[PassageCount];
        for (var p = 0; p < passages.Length; p++)
        {
            passages[p] = new PassageEntry(
                Articles[PassageArticles[p]].Id,
                PassageParagraphs[p],
                ReadText(p),
                StartOf(p),
                ReadSentences(p).Select(span => new[] { span.Start, span.Length }).ToArray(),
                PassageTermCounts[p],
                TextHashOf(p));
        }

        var terms = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        for (var t = 0; t < TermArray.Length; t++)
        {
            var (termPassages, frequencies) = ReadPostings(t);
            var postings = new int[termPassages.Length * 2];
            for (var i = 0; i < termPassages.Length; i++)
            {
                (postings[2 * i], postings[(2 * i) + 1]) = (termPassages[i], frequencies[i]);
            }

            terms.Add(TermArray[t], postings);
        }

        return new KnowledgePayload(
            Analyzer, Sources, Articles, passages, terms, Synonyms.Count > 0 ? Synonyms : null, Quotes.Count > 0 ? Quotes : null, Words);
    }
}
