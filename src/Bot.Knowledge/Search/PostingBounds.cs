namespace Bot.Knowledge.Search;

/// <summary>
/// What the pruned first pass may know about a term's postings without reading them: the most any one passage can
/// score for the term, and the same for each block of <see cref="BlockSize"/> consecutive postings. Computed from a
/// term's postings the first time a search asks about the term.
/// </summary>
/// <remarks>
/// BM25 grows with the term's frequency and shrinks with the passage's length, so a passage's score for a term is at
/// most what a passage with the highest frequency and the shortest length would get. Over a whole postings list that
/// pair is far too loose (the passage with the most "said" is rarely the shortest), so the term keeps the passages that
/// no other beats on both counts (the Pareto frontier of frequency against length, a handful of points): the best of
/// those is the exact maximum for any weight. Blocks keep just their highest frequency and shortest length; they are
/// small enough for that to be tight, and are what lets a common word's postings be skipped a block at a time.
/// </remarks>
internal sealed class PostingBounds
{
    /// <summary>Postings per block: a power of two, so a posting's block is its position shifted.</summary>
    public const int BlockShift = 6;

    public const int BlockSize = 1 << BlockShift;

    private readonly Func<int, PostingList> _postings;
    private readonly int[] _passageLengths;
    private readonly Frontier?[] _frontiers;
    private readonly object[] _gates = [.. Enumerable.Range(0, 64).Select(_ => new object())];

    private readonly double _k1;
    private readonly double _b;
    private readonly double _averageLength;

    /// <summary>
    /// Lays out the blocks of every term from its document frequency; a term's bounds are computed from its postings the
    /// first time a search asks about the term (issue 20: at 10,000 texts, doing them all was most of the first answer).
    /// </summary>
    public PostingBounds(int[] documentFrequencies, Func<int, PostingList> postings, int[] passageLengths, double k1, double b, double averageLength)
    {
        _k1 = k1;
        _b = b;
        _averageLength = averageLength;
        _postings = postings;
        _passageLengths = passageLengths;
        var terms = documentFrequencies.Length;
        _frontiers = new Frontier?[terms];
        BlockStarts = new int[terms + 1];
        var blocks = 0;
        for (var term = 0; term < terms; term++)
        {
            BlockStarts[term] = blocks;
            blocks += (documentFrequencies[term] + BlockSize - 1) >> BlockShift;
        }

        BlockStarts[terms] = blocks;
        BlockLastPassages = new int[blocks];
        BlockMaxFrequencies = new int[blocks];
        BlockMinLengths = new int[blocks];
        BlockMaxSaturations = new double[blocks];
    }

    /// <summary>
    /// The term's blocks and frontier, computed once: a search reads a term's blocks only after asking for its bound or its
    /// postings, which come here first. One thread computes a term while others wait for it.
    /// </summary>
    public void Ensure(int term) => _ = FrontierOf(term);

    private Frontier FrontierOf(int term)
    {
        if (Volatile.Read(ref _frontiers[term]) is { } known)
        {
            return known;
        }

        lock (_gates[term & 63])
        {
            return _frontiers[term] ?? Compute(term);
        }
    }

    private Frontier Compute(int term)
    {
        var (passages, frequencies) = _postings(term);
        var maxFrequency = 0;
        for (var i = 0; i < passages.Length; i++)
        {
            maxFrequency = Math.Max(maxFrequency, frequencies[i]);
        }

        var shortestByFrequency = new int[maxFrequency + 1];
        shortestByFrequency.AsSpan().Fill(int.MaxValue);
        for (var i = 0; i < passages.Length; i++)
        {
            var frequency = frequencies[i];
            var length = _passageLengths[passages[i]];
            shortestByFrequency[frequency] = Math.Min(shortestByFrequency[frequency], length);
            var block = BlockStarts[term] + (i >> BlockShift);
            if ((i & (BlockSize - 1)) == 0)
            {
                BlockMinLengths[block] = int.MaxValue;
            }

            BlockLastPassages[block] = passages[i];
            BlockMaxFrequencies[block] = Math.Max(BlockMaxFrequencies[block], frequency);
            BlockMinLengths[block] = Math.Min(BlockMinLengths[block], length);
            BlockMaxSaturations[block] = Math.Max(BlockMaxSaturations[block], Saturation(frequency, length));
        }

        // From the highest frequency down, a point joins the frontier only if it is shorter than every point above it.
        var frontierFrequencies = new List<int>();
        var frontierLengths = new List<int>();
        var shortest = int.MaxValue;
        for (var frequency = maxFrequency; frequency > 0; frequency--)
        {
            if (shortestByFrequency[frequency] < shortest)
            {
                shortest = shortestByFrequency[frequency];
                frontierFrequencies.Add(frequency);
                frontierLengths.Add(shortest);
            }
        }

        var frontier = new Frontier([.. frontierFrequencies], [.. frontierLengths]);
        Volatile.Write(ref _frontiers[term], frontier);
        return frontier;
    }

    /// <summary>A term's Pareto frontier of frequency against length, highest frequency first.</summary>
    private sealed record Frontier(int[] Frequencies, int[] Lengths);

    /// <summary>Per term, where its blocks start in the block arrays; one more entry than terms.</summary>
    public int[] BlockStarts { get; }

    /// <summary>Per block, the last (highest) passage it holds.</summary>
    public int[] BlockLastPassages { get; }

    public int[] BlockMaxFrequencies { get; }

    public int[] BlockMinLengths { get; }

    /// <summary>
    /// Per block, the highest tf / (tf + norm) of its postings: BM25 is idf × (k1 + 1) times that. The highest frequency
    /// and the shortest length of a block rarely belong to the same passage, so this is the tighter bound.
    /// </summary>
    public double[] BlockMaxSaturations { get; }

    /// <summary>The most one passage can score for <paramref name="term"/> with this idf and weight per occurrence.</summary>
    public double TermBound(int term, double idf, double weight)
    {
        var frontier = FrontierOf(term);
        var bound = 0.0;
        for (var i = 0; i < frontier.Frequencies.Length; i++)
        {
            bound = Math.Max(bound, Score(idf, weight * frontier.Frequencies[i], frontier.Lengths[i]));
        }

        return bound;
    }

    /// <summary>
    /// The most a passage of <paramref name="block"/> can score with this idf and weight per occurrence. A weight of at
    /// most 1 only lowers tf / (tf + norm), so the block's highest saturation bounds it; the frequency-and-length bound
    /// holds for any weight, and the lower of the two is taken.
    /// </summary>
    public double BlockBound(int block, double idf, double weight)
    {
        var bound = Score(idf, weight * BlockMaxFrequencies[block], BlockMinLengths[block]);
        return weight <= 1 ? Math.Min(bound, idf * (_k1 + 1) * BlockMaxSaturations[block]) : bound;
    }

    /// <summary>The highest frequency in any posting of <paramref name="term"/> (0 when it has none).</summary>
    public int MaxFrequency(int term) => FrontierOf(term) is { Frequencies.Length: > 0 } frontier ? frontier.Frequencies[0] : 0;

    /// <summary>The shortest passage holding <paramref name="term"/> (int.MaxValue when it has none).</summary>
    public int MinLength(int term) => FrontierOf(term) is { Lengths.Length: > 0 } frontier ? frontier.Lengths[^1] : int.MaxValue;

    private double Saturation(int frequency, int length) => frequency / (frequency + (_k1 * (1 - _b + (_b * length / _averageLength))));

    /// <summary>BM25 for a frequency and a passage length, as <see cref="PassageIndex.Bm25"/> computes it for a passage.</summary>
    public double Score(double idf, double frequency, int length)
    {
        var norm = _k1 * (1 - _b + (_b * length / _averageLength));
        return idf * (frequency * (_k1 + 1)) / (frequency + norm);
    }
}
