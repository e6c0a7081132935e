using System.Collections.Frozen;

namespace Bot.Knowledge.Search;

/// <summary>
/// Term → postings (passage, term frequency), with BM25 statistics. Postings are kept as the file stores
/// them, interleaved <c>[passage, tf, passage, tf, ...]</c>, sorted by passage.
/// </summary>
public sealed class InvertedIndex
{
    private readonly FrozenDictionary<string, int[]> _postings;

    public InvertedIndex(IReadOnlyDictionary<string, int[]> postings, int[] passageLengths, double k1, double b)
    {
        _postings = postings.ToFrozenDictionary(StringComparer.Ordinal);
        PassageLengths = passageLengths;
        K1 = k1;
        B = b;
        AveragePassageLength = passageLengths.Length == 0 ? 1 : Math.Max(1, passageLengths.Average());
    }

    public int[] PassageLengths { get; }

    public int PassageCount => PassageLengths.Length;

    public double AveragePassageLength { get; }

    public double K1 { get; }

    public double B { get; }

    public IEnumerable<string> Terms => _postings.Keys;

    public bool Contains(string term) => _postings.ContainsKey(term);

    public ReadOnlySpan<int> Postings(string term) => _postings.TryGetValue(term, out var postings) ? postings : [];

    public int DocumentFrequency(string term) => _postings.TryGetValue(term, out var postings) ? postings.Length / 2 : 0;

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
