using Bot.Knowledge.Index;

namespace Bot.Knowledge.Search;

/// <summary>
/// Term → postings (passage, term frequency), with BM25 statistics. The terms and their document frequencies come with
/// the opened file; a term's postings are read from it the first time a search asks for them, and kept.
/// </summary>
public sealed class InvertedIndex
{
    private readonly KnowledgeContents _file;
    private readonly PostingList?[] _postings;

    internal InvertedIndex(KnowledgeContents file)
    {
        _file = file;
        _postings = new PostingList?[file.TermArray.Length];
        PassageLengths = file.PassageTermCounts;
        K1 = file.Analyzer.K1;
        B = file.Analyzer.B;
        AveragePassageLength = PassageLengths.Length == 0 ? 1 : Math.Max(1, PassageLengths.Average());
    }

    public int[] PassageLengths { get; }

    public int PassageCount => PassageLengths.Length;

    public double AveragePassageLength { get; }

    public double K1 { get; }

    public double B { get; }

    /// <summary>The terms in ordinal order; a term's id is its place here.</summary>
    public IReadOnlyList<string> Terms => _file.Terms;

    public bool Contains(string term) => _file.TermId(term) >= 0;

    /// <summary>The term's id, or -1.</summary>
    public int TermId(string term) => _file.TermId(term);

    /// <summary>The postings interleaved as <c>[passage, tf, passage, tf, ...]</c>, sorted by passage.</summary>
    public ReadOnlySpan<int> Postings(string term)
    {
        var id = _file.TermId(term);
        if (id < 0)
        {
            return [];
        }

        var list = PostingsOf(id);
        var postings = new int[list.Passages.Length * 2];
        for (var i = 0; i < list.Passages.Length; i++)
        {
            (postings[2 * i], postings[(2 * i) + 1]) = (list.Passages[i], list.Frequencies[i]);
        }

        return postings;
    }

    /// <summary>A term's passages and frequencies, read from the file on first use. Two searches may both read it; one is kept.</summary>
    internal PostingList PostingsOf(int termId)
    {
        if (Volatile.Read(ref _postings[termId]) is { } known)
        {
            return known;
        }

        var (passages, frequencies) = _file.ReadPostings(termId);
        return Interlocked.CompareExchange(ref _postings[termId], new PostingList(passages, frequencies), null) ?? _postings[termId]!;
    }

    /// <summary>How many terms' postings have been read from the file so far.</summary>
    internal int PostingListsRead => _postings.Count(list => list is not null);

    public int DocumentFrequency(string term) => _file.TermId(term) is >= 0 and var id ? _file.DocumentFrequencies[id] : 0;

    internal int DocumentFrequency(int termId) => _file.DocumentFrequencies[termId];

    /// <summary>Lucene's BM25 idf: ln(1 + (N − df + 0.5) / (df + 0.5)).</summary>
    public double Idf(string term)
    {
        var df = DocumentFrequency(term);
        return Math.Log(1 + ((PassageCount - df + 0.5) / (df + 0.5)));
    }

    /// <summary>BM25 term weight for one passage.</summary>
    public double TermScore(double idf, int termFrequency, int passage)
    {
        var norm = K1 * (1 - B + (B * PassageLengths[passage] / AveragePassageLength));
        return idf * (termFrequency * (K1 + 1)) / (termFrequency + norm);
    }
}

/// <summary>One term's postings as two parallel arrays, sorted by passage.</summary>
internal sealed record PostingList(int[] Passages, int[] Frequencies);
