using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// Plain Lucene.Net as the baseline: EnglishAnalyzer, BM25 (k1 1.2, b 0.75), an in-memory RAMDirectory, one document
/// per passage. A query is analysed with the same analyzer into a disjunction of term queries (what QueryParser makes
/// of plain words), and the top hits' stored text is fetched, as an answer needs it.
/// </summary>
internal sealed class LuceneBaseline : IDisposable
{
    private const string Field = "text";
    private readonly RAMDirectory _directory;
    private readonly EnglishAnalyzer _analyzer;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;

    private LuceneBaseline(RAMDirectory directory, EnglishAnalyzer analyzer)
    {
        _directory = directory;
        _analyzer = analyzer;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
    }

    public static LuceneBaseline Build(IEnumerable<string> passages)
    {
        var directory = new RAMDirectory();
        var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            foreach (var passage in passages)
            {
                writer.AddDocument(new Document { new TextField(Field, passage, Lucene.Net.Documents.Field.Store.YES) });
            }

            writer.Commit();
        }

        return new LuceneBaseline(directory, analyzer);
    }

    /// <summary>The top <paramref name="count"/> passages' texts; returns their total length so nothing is optimised away.</summary>
    public int Search(string question, int count)
    {
        var query = new BooleanQuery();
        using (var stream = _analyzer.GetTokenStream(Field, question))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                query.Add(new TermQuery(new Term(Field, term.ToString())), Occur.SHOULD);
            }

            stream.End();
        }

        if (query.Clauses.Count == 0)
        {
            return 0;
        }

        var length = 0;
        foreach (var hit in _searcher.Search(query, count).ScoreDocs)
        {
            length += _searcher.Doc(hit.Doc).Get(Field).Length;
        }

        return length;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
