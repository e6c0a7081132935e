using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Quotes;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Search;

/// <summary>
/// The loaded knowledge: articles, passages and the inverted index, ready to search. Immutable, so one
/// instance serves every concurrent question and a reload swaps in a whole new one.
/// </summary>
public sealed class KnowledgeBase
{
    // A plain map, filled in a loop: made at every opening, where freezing it (and LINQ over pairs) cost more than it saves.
    private readonly Dictionary<string, int> _articleIndexes;
    private readonly Lazy<PassageIndex> _passageIndex;
    private readonly Lazy<SynonymTable> _synonymTable;
    private readonly Lazy<SpellingIndex> _spelling;
    private readonly Lazy<CorpusWords> _words;

    // Only /quote and its autocomplete read these; the answer search reads the file's quote entries. Made at first use,
    // they cost an opening nothing (15 ms at 500 texts for the speakers alone, and a passage object per quoted passage).
    private readonly Lazy<IReadOnlyList<Quote>> _quotes;
    private readonly Lazy<SpeakerIndex> _speakers;

    private KnowledgeBase(KnowledgeContents file, TextAnalyzer analyzer)
    {
        File = file;
        Analyzer = analyzer;
        Checksum = file.Checksum;
        Articles = file.Articles
            .Select(entry => new Article(entry.Id, entry.Title, entry.Publisher, entry.Date, entry.Url, entry.Credits ?? [], entry.SourceFile, entry.Paragraphs))
            .ToList();
        _articleIndexes = new Dictionary<string, int>(Articles.Count, StringComparer.Ordinal);
        for (var index = 0; index < Articles.Count; index++)
        {
            _articleIndexes.Add(Articles[index].Id, index);
        }

        Passages = new PassageList(file, Articles);
        Index = new InvertedIndex(file);
        Synonyms = file.Synonyms;
        _quotes = new Lazy<IReadOnlyList<Quote>>(() => file.Quotes
            .Select(entry => new Quote(Passages[entry.Passage], entry.Speaker, entry.Role, new TextSpan(entry.Start, entry.Length)))
            .ToList());
        _speakers = new Lazy<SpeakerIndex>(() => SpeakerIndex.Build(Quotes.Select(quote => new QuotedSpeaker(quote.Passage.Article.Id, quote.Speaker, quote.Role))));
        _passageIndex = new Lazy<PassageIndex>(() => new PassageIndex(this));
        _words = file.Words is { } stored
            ? new Lazy<CorpusWords>(stored)
            : new Lazy<CorpusWords>(() => CorpusWords.Collect(Passages.Select(passage => (passage.Text, passage.Sentences)), Index.Contains, Synonyms, Analyzer));
        _synonymTable = new Lazy<SynonymTable>(() => SynonymTable.Create([.. Synonyms, .. Words.Acronyms], Analyzer));
        _spelling = new Lazy<SpellingIndex>(() => new SpellingIndex(
            PassageIndex.SurfaceWords.Keys.Concat(SynonymTable.Words),
            word => PassageIndex.SurfaceWords.TryGetValue(word, out var term) && PassageIndex.TermIds.TryGetValue(term, out var id) ? PassageIndex.DocumentFrequencies[id] : 0,
            word => PassageIndex.SurfaceWords.TryGetValue(word, out var term) ? term : word,
            EnglishWordFrequencies.Shared.TextsUsing));
    }

    public IReadOnlyList<Article> Articles { get; }

    public IReadOnlyList<Passage> Passages { get; }

    public InvertedIndex Index { get; }

    public TextAnalyzer Analyzer { get; }

    public IReadOnlyList<SynonymEntry> Synonyms { get; }

    /// <summary>Every direct quote in the articles, with its speaker, in article and paragraph order.</summary>
    public IReadOnlyList<Quote> Quotes => _quotes.Value;

    /// <summary>The people (and organisations) quoted, most quoted first, for /quote and its autocomplete.</summary>
    public SpeakerIndex Speakers => _speakers.Value;

    /// <summary>The knowledge file's synonym groups and the acronyms of the names the articles spell out, analysed for search.</summary>
    public SynonymTable SynonymTable => _synonymTable.Value;

    /// <summary>What answer scoring needs: per term at first search, per passage when a search first reads the passage.</summary>
    internal PassageIndex PassageIndex => _passageIndex.Value;

    internal SpellingIndex Spelling => _spelling.Value;

    /// <summary>Names, surface words and acronyms as the file stores them, or collected from the passages when it does not.</summary>
    internal CorpusWords Words => _words.Value;

    /// <summary>The opened file the passages' texts and the postings are read from.</summary>
    internal KnowledgeContents File { get; }

    /// <summary>SHA-256 of the knowledge file's header and sections (written in its footer): identifies this build of the knowledge.</summary>
    public string Checksum { get; }

    /// <summary>A short, human-friendly version for footers: the first characters of the checksum.</summary>
    public string Version => Checksum[..Math.Min(8, Checksum.Length)];

    /// <summary>Opens the knowledge file, with the articles added and removed since it was built (<see cref="KnowledgeSegments"/>).</summary>
    public static KnowledgeBase Load(string path) => FromContents(KnowledgeSegments.Open(path));

    /// <summary>
    /// Opens the knowledge at <paramref name="path"/> again, keeping the files this knowledge has open that are still the
    /// builds at their paths: after <c>knowledge add</c>, a reload reads the new segment alone.
    /// </summary>
    public KnowledgeBase Reopen(string path) => FromContents(KnowledgeSegments.Open(path, File));

    public static KnowledgeBase FromContents(KnowledgeContents contents) => new(contents, TextAnalyzer.Shared);

    /// <summary>
    /// This knowledge with <paramref name="added"/>'s articles (replacing any of the same id) and without the articles
    /// <paramref name="removed"/> names: reads none of the texts or postings, so it takes milliseconds however large this
    /// knowledge is (a server's own articles beside the shipped archive).
    /// </summary>
    public KnowledgeBase With(KnowledgeBase? added, IReadOnlyCollection<string>? removed = null) =>
        FromContents(SegmentedContents.Combine(added is null ? [File] : [File, added.File], removed ?? []));

    /// <summary>Builds in memory (per-server knowledge, tests, tools): written and read back, so it is exactly what a file would give.</summary>
    public static KnowledgeBase FromPayload(KnowledgePayload payload) =>
        FromContents(KnowledgeFile.Parse(KnowledgeFile.Serialize(payload), "(in memory)"));

    public Article? FindArticle(string id) => _articleIndexes.TryGetValue(id, out var index) ? Articles[index] : null;

    /// <summary>An article's passages in order: they follow one another in the file, paragraph 1 first.</summary>
    public IEnumerable<Passage> PassagesOf(string articleId)
    {
        if (!_articleIndexes.TryGetValue(articleId, out var index))
        {
            yield break;
        }

        var first = File.ArticleFirstPassages[index];
        for (var p = first; p < first + Articles[index].ParagraphCount; p++)
        {
            yield return Passages[p];
        }
    }

    public Passage? FindPassage(string articleId, int paragraph) =>
        _articleIndexes.TryGetValue(articleId, out var index) && paragraph >= 1 && paragraph <= Articles[index].ParagraphCount
            ? Passages[File.ArticleFirstPassages[index] + paragraph - 1]
            : null;

    /// <summary>How many passages have been made so far, and how many of their texts read from the file.</summary>
    internal (int Passages, int Texts) PassagesRead => ((PassageList)Passages).Read;

    /// <summary>The article (its place in <see cref="Articles"/>) a passage belongs to, without making the passage.</summary>
    internal int ArticleIndexOf(int passage) => File.PassageArticles[passage];

    /// <summary>
    /// The passages, each made the first time it is asked for (its text read when that is asked for): at 312,140 passages
    /// a load makes none of them. Two threads may both make one; they make the same, and one is kept.
    /// </summary>
    private sealed class PassageList(KnowledgeContents file, IReadOnlyList<Article> articles) : IReadOnlyList<Passage>
    {
        private readonly Passage?[] _passages = new Passage?[file.PassageCount];

        public int Count => _passages.Length;

        public (int Passages, int Texts) Read => (_passages.Count(passage => passage is not null), _passages.Count(passage => passage is { TextRead: true }));

        public Passage this[int index] =>
            Volatile.Read(ref _passages[index])
            ?? Interlocked.CompareExchange(
                ref _passages[index],
                new Passage(index, articles[file.PassageArticles[index]], file.PassageParagraphs[index], file.PassageTermCounts[index], file),
                null)
            ?? _passages[index]!;

        public IEnumerator<Passage> GetEnumerator()
        {
            for (var i = 0; i < _passages.Length; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
