using System.Collections.Frozen;
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
    private readonly FrozenDictionary<string, Article> _articlesById;
    private readonly ILookup<string, Passage> _passagesByArticle;
    private readonly Lazy<PassageIndex> _passageIndex;
    private readonly Lazy<SynonymTable> _synonymTable;
    private readonly Lazy<SpellingIndex> _spelling;
    private readonly Lazy<CorpusWords> _words;

    private KnowledgeBase(KnowledgePayload payload, string checksum, TextAnalyzer analyzer)
    {
        Analyzer = analyzer;
        Checksum = checksum;
        Articles = payload.Articles
            .Select(entry => new Article(entry.Id, entry.Title, entry.Publisher, entry.Date, entry.Url, entry.Credits ?? [], entry.SourceFile, entry.Paragraphs))
            .ToList();
        _articlesById = Articles.ToFrozenDictionary(article => article.Id, StringComparer.Ordinal);
        Passages = payload.Passages
            .Select((entry, index) => new Passage(
                index,
                _articlesById[entry.Article],
                entry.Paragraph,
                entry.Text,
                entry.Sentences.Select(pair => new TextSpan(pair[0], pair[1])).ToList(),
                entry.Length))
            .ToList();
        _passagesByArticle = Passages.ToLookup(passage => passage.Article.Id, StringComparer.Ordinal);
        Index = new InvertedIndex(payload.Terms, Passages.Select(passage => passage.TermCount).ToArray(), payload.Analyzer.K1, payload.Analyzer.B);
        Synonyms = payload.Synonyms ?? [];
        Quotes = (payload.Quotes ?? [])
            .Select(entry => new Quote(Passages[entry.Passage], entry.Speaker, entry.Role, new TextSpan(entry.Start, entry.Length)))
            .ToList();
        Speakers = SpeakerIndex.Build(Quotes.Select(quote => new QuotedSpeaker(quote.Passage.Article.Id, quote.Speaker, quote.Role)));
        _passageIndex = new Lazy<PassageIndex>(() => new PassageIndex(this));
        _words = payload.Words is { } stored
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
    public IReadOnlyList<Quote> Quotes { get; }

    /// <summary>The people (and organisations) quoted, most quoted first, for /quote and its autocomplete.</summary>
    public SpeakerIndex Speakers { get; }

    /// <summary>The knowledge file's synonym groups and the acronyms of the names the articles spell out, analysed for search.</summary>
    public SynonymTable SynonymTable => _synonymTable.Value;

    /// <summary>What answer scoring needs: per term at first search, per passage when a search first reads the passage.</summary>
    internal PassageIndex PassageIndex => _passageIndex.Value;

    internal SpellingIndex Spelling => _spelling.Value;

    /// <summary>Names, surface words and acronyms as the file stores them, or collected from the passages when it does not.</summary>
    internal CorpusWords Words => _words.Value;

    /// <summary>SHA-256 of the knowledge file's payload: identifies this build of the knowledge.</summary>
    public string Checksum { get; }

    /// <summary>A short, human-friendly version for footers: the first characters of the checksum.</summary>
    public string Version => Checksum[..Math.Min(8, Checksum.Length)];

    public static KnowledgeBase Load(string path) => FromContents(KnowledgeFile.Read(path));

    public static KnowledgeBase FromContents(KnowledgeFileContents contents) => new(contents.Payload, contents.Checksum, TextAnalyzer.Shared);

    /// <summary>Builds in memory (tests, tools): serialised and read back, so it is exactly what a file would give.</summary>
    public static KnowledgeBase FromPayload(KnowledgePayload payload) =>
        FromContents(KnowledgeFile.Parse(KnowledgeFile.Serialize(payload), "(in memory)"));

    public Article? FindArticle(string id) => _articlesById.GetValueOrDefault(id);

    public IEnumerable<Passage> PassagesOf(string articleId) => _passagesByArticle[articleId];

    public Passage? FindPassage(string articleId, int paragraph) =>
        _passagesByArticle[articleId].FirstOrDefault(passage => passage.Number == paragraph);
}
