namespace Bot.Knowledge.Search;

/// <summary>
/// The first pass with exact top-k pruning, after Turtle and Flood's MaxScore with block-max bounds (as in Ding and
/// Suel's block-max indexes): passages are visited in order through the postings of the concepts, and a passage, or a
/// whole run of them, is passed over once the most it could still score cannot beat the k-th best found so far.
/// </summary>
/// <remarks>
/// <para>
/// Each concept has an upper bound: the most one passage can score for it (<see cref="PostingBounds"/>). With concepts
/// sorted by bound, those whose bounds together cannot reach the k-th best score are "non-essential": a passage that
/// holds only them cannot make the list, so candidates come from the essential concepts' postings alone, and the
/// non-essential ones are looked up (by galloping search) for a candidate only while it can still make the list. As
/// the list fills, the threshold rises and the common words, which have low bounds, stop being walked.
/// </para>
/// <para>
/// Within a window that ends where the first of the essential postings' current blocks ends, no passage can score more
/// than the blocks' bounds plus the non-essential bounds; when that cannot beat the threshold, the whole window is
/// skipped. That is what spares a question whose only words are common ones from walking all their postings.
/// </para>
/// <para>
/// Exactness: a passage found later has a higher number than every passage on the list, so it must score strictly more
/// than the k-th to get on; it is skipped only when its bound, with a margin far above floating-point rounding, is not
/// more. Passages that are scored get the exhaustive pass's arithmetic: per concept, alternatives summed in their order,
/// then concepts summed in the question's order.
/// </para>
/// </remarks>
internal sealed class MaxScoreFirstPass
{
    /// <summary>
    /// A bound must be below the threshold by this share of it before anything is skipped: sums of a few doubles in a
    /// different order differ by around 1e-16 of their size, so this only ever costs scoring a passage that ties.
    /// </summary>
    private const double Margin = 1e-9;

    [ThreadStatic]
    private static MaxScoreFirstPass? t_current;

    // One list per alternative, grouped by concept in the order of the concepts' bounds, lowest first.
    private int[][] _passages = [];
    private int[][] _frequencies = [];
    private int[]?[] _phrases = [];
    private double[] _weights = [];
    private int[] _positions = [];
    private int[] _firstBlocks = [];
    private int _listCount;

    // Concepts sorted by bound; _listStarts has one more entry, _prefix[g] sums the bounds of the concepts before g.
    private int[] _originals = [];
    private double[] _idfs = [];
    private double[] _bounds = [];
    private int[] _listStarts = [];
    private double[] _prefix = [];
    private int _conceptCount;

    // The candidate's score for each concept, by the concept's place in the question.
    private double[] _contributions = [];
    private bool[] _present = [];
    private int _questionConcepts;

    private int[] _topPassages = [];
    private double[] _topScores = [];
    private int _topCount;

    public static MaxScoreFirstPass ForThisThread() => t_current ??= new MaxScoreFirstPass();

    public List<(int Passage, double Score)> Run(PassageIndex index, IReadOnlyList<Concept> concepts, int count)
    {
        Prepare(index, concepts);
        if (count <= 0 || _conceptCount == 0)
        {
            return [];
        }

        if (_topPassages.Length < count)
        {
            _topPassages = new int[count];
            _topScores = new double[count];
        }

        _topCount = 0;
        var threshold = double.NegativeInfinity;
        var essential = 0;
        var windowEnd = -1;
        var windowBound = double.PositiveInfinity;
        while (true)
        {
            var passage = int.MaxValue;
            for (var l = _listStarts[essential]; l < _listCount; l++)
            {
                passage = Math.Min(passage, Current(l));
            }

            if (passage == int.MaxValue)
            {
                break;
            }

            if (_topCount == count)
            {
                if (passage > windowEnd)
                {
                    (windowEnd, windowBound) = Window(index.Bounds, essential);
                }

                if (CannotBeat(windowBound, threshold))
                {
                    SkipPast(essential, windowEnd);
                    continue;
                }
            }

            _present.AsSpan(0, _questionConcepts).Clear();
            var partial = 0.0;
            for (var g = essential; g < _conceptCount; g++)
            {
                partial += Evaluate(index, g, passage);
            }

            var admitted = true;
            for (var g = essential - 1; g >= 0; g--)
            {
                if (CannotBeat(partial + _prefix[g + 1], threshold))
                {
                    admitted = false;
                    break;
                }

                Seek(g, passage);
                partial += Evaluate(index, g, passage);
            }

            if (!admitted)
            {
                continue;
            }

            var score = 0.0;
            var scored = false;
            for (var c = 0; c < _questionConcepts; c++)
            {
                if (_present[c])
                {
                    score += _contributions[c];
                    scored = true;
                }
            }

            if (scored && Insert(passage, score, count) && _topCount == count)
            {
                threshold = _topScores[count - 1];
                while (essential < _conceptCount && CannotBeat(_prefix[essential + 1], threshold))
                {
                    essential++;
                    windowEnd = -1;
                }
            }
        }

        var top = new List<(int Passage, double Score)>(_topCount);
        for (var i = 0; i < _topCount; i++)
        {
            top.Add((_topPassages[i], _topScores[i]));
        }

        return top;
    }

    private static bool CannotBeat(double bound, double threshold) => bound <= threshold * (1 - Margin);

    private void Prepare(PassageIndex index, IReadOnlyList<Concept> concepts)
    {
        var bounds = index.Bounds;
        _questionConcepts = concepts.Count;
        if (_contributions.Length < concepts.Count)
        {
            _contributions = new double[concepts.Count];
            _present = new bool[concepts.Count];
            _originals = new int[concepts.Count];
            _idfs = new double[concepts.Count];
            _bounds = new double[concepts.Count];
            _listStarts = new int[concepts.Count + 1];
            _prefix = new double[concepts.Count + 1];
        }

        // Sort the known concepts by bound (insertion sort: questions have a handful), ties in question order.
        _conceptCount = 0;
        var lists = 0;
        for (var c = 0; c < concepts.Count; c++)
        {
            var concept = concepts[c];
            if (!concept.Known)
            {
                continue;
            }

            lists += concept.Alternatives.Length;
            var bound = ConceptBound(bounds, concept);
            var at = _conceptCount++;
            while (at > 0 && _bounds[at - 1] > bound)
            {
                _bounds[at] = _bounds[at - 1];
                _originals[at] = _originals[at - 1];
                at--;
            }

            _bounds[at] = bound;
            _originals[at] = c;
        }

        if (_passages.Length < lists)
        {
            var size = Math.Max(lists, 2 * _passages.Length);
            _passages = new int[size][];
            _frequencies = new int[size][];
            _phrases = new int[]?[size];
            _weights = new double[size];
            _positions = new int[size];
            _firstBlocks = new int[size];
        }

        _listCount = 0;
        for (var g = 0; g < _conceptCount; g++)
        {
            var concept = concepts[_originals[g]];
            _idfs[g] = concept.Weight;
            _prefix[g + 1] = _prefix[g] + _bounds[g];
            _listStarts[g] = _listCount;
            foreach (var alternative in concept.Alternatives)
            {
                var term = alternative.TermIds[0];
                _passages[_listCount] = index.PostingPassages[term];
                _frequencies[_listCount] = index.PostingFrequencies[term];
                _phrases[_listCount] = alternative.TermIds.Length == 1 ? null : alternative.TermIds;
                _weights[_listCount] = alternative.Weight;
                _positions[_listCount] = 0;
                _firstBlocks[_listCount] = bounds.BlockStarts[term];
                _listCount++;
            }
        }

        _listStarts[_conceptCount] = _listCount;
    }

    /// <summary>
    /// The most a passage can score for the concept. One way of saying it: the best point of its term's frontier, which
    /// is exact. Several: as if the passage held each as often as any passage does and were as short as the shortest.
    /// A phrase occurs at most as often as its first word, so the first word's postings bound it.
    /// </summary>
    private static double ConceptBound(PostingBounds bounds, Concept concept)
    {
        if (concept.Alternatives.Length == 1)
        {
            var alternative = concept.Alternatives[0];
            return bounds.TermBound(alternative.TermIds[0], concept.Weight, alternative.Weight);
        }

        var frequency = 0.0;
        var length = int.MaxValue;
        foreach (var alternative in concept.Alternatives)
        {
            var term = alternative.TermIds[0];
            frequency += alternative.Weight * bounds.MaxFrequency(term);
            length = Math.Min(length, bounds.MinLength(term));
        }

        return frequency > 0 ? bounds.Score(concept.Weight, frequency, length) : 0;
    }

    private int Current(int list)
    {
        var position = _positions[list];
        var passages = _passages[list];
        return position < passages.Length ? passages[position] : int.MaxValue;
    }

    /// <summary>
    /// Up to where the essential lists all stay in their current blocks, and the most a passage there can score: the
    /// blocks' bounds for the essential concepts, the whole bounds for the others.
    /// </summary>
    private (int End, double Bound) Window(PostingBounds bounds, int essential)
    {
        var end = int.MaxValue;
        var total = _prefix[essential];
        for (var g = essential; g < _conceptCount; g++)
        {
            var frequency = 0.0;
            var length = int.MaxValue;
            for (var l = _listStarts[g]; l < _listStarts[g + 1]; l++)
            {
                var position = _positions[l];
                if (position >= _passages[l].Length)
                {
                    continue;
                }

                var block = _firstBlocks[l] + (position >> PostingBounds.BlockShift);
                end = Math.Min(end, bounds.BlockLastPassages[block]);
                frequency += _weights[l] * bounds.BlockMaxFrequencies[block];
                length = Math.Min(length, bounds.BlockMinLengths[block]);
            }

            if (frequency > 0)
            {
                total += bounds.Score(_idfs[g], frequency, length);
            }
        }

        return (end, total);
    }

    private void SkipPast(int essential, int end)
    {
        for (var l = _listStarts[essential]; l < _listCount; l++)
        {
            _positions[l] = SeekFrom(_passages[l], _positions[l], end + 1);
        }
    }

    private void Seek(int concept, int passage)
    {
        for (var l = _listStarts[concept]; l < _listStarts[concept + 1]; l++)
        {
            _positions[l] = SeekFrom(_passages[l], _positions[l], passage);
        }
    }

    /// <summary>The first position at or after <paramref name="from"/> whose passage is at least <paramref name="target"/>: galloping, then binary search.</summary>
    private static int SeekFrom(int[] passages, int from, int target)
    {
        if (from >= passages.Length || passages[from] >= target)
        {
            return from;
        }

        // passages[low] < target throughout; find a high with passages[high] >= target (or the end).
        var low = from;
        var step = 1;
        var high = from + 1;
        while (high < passages.Length && passages[high] < target)
        {
            low = high;
            step <<= 1;
            high = from + step;
        }

        high = Math.Min(high, passages.Length);
        while (high - low > 1)
        {
            var middle = (low + high) >>> 1;
            if (passages[middle] < target)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return high;
    }

    /// <summary>The concept's score for the passage (its lists there are moved past it), or 0 when it is not there.</summary>
    private double Evaluate(PassageIndex index, int concept, int passage)
    {
        var frequency = 0.0;
        var counted = false;
        for (var l = _listStarts[concept]; l < _listStarts[concept + 1]; l++)
        {
            var position = _positions[l];
            var passages = _passages[l];
            if (position >= passages.Length || passages[position] != passage)
            {
                continue;
            }

            _positions[l] = position + 1;
            if (_phrases[l] is not { } phrase)
            {
                frequency += _weights[l] * _frequencies[l][position];
                counted = true;
            }
            else if (Evidence.CountPhrase(index.Passages[passage], phrase) is var phrases and > 0)
            {
                frequency += _weights[l] * phrases;
                counted = true;
            }
        }

        if (!counted)
        {
            return 0;
        }

        var score = index.Bm25(_idfs[concept], frequency, passage);
        _present[_originals[concept]] = true;
        _contributions[_originals[concept]] = score;
        return score;
    }

    /// <summary>Puts the passage on the list if it beats the last; ties go to the earlier passage.</summary>
    private bool Insert(int passage, double score, int count)
    {
        if (_topCount == count && !Before(passage, score, _topPassages[count - 1], _topScores[count - 1]))
        {
            return false;
        }

        var at = _topCount == count ? count - 1 : _topCount++;
        while (at > 0 && Before(passage, score, _topPassages[at - 1], _topScores[at - 1]))
        {
            _topPassages[at] = _topPassages[at - 1];
            _topScores[at] = _topScores[at - 1];
            at--;
        }

        _topPassages[at] = passage;
        _topScores[at] = score;
        return true;
    }

    private static bool Before(int passage, double score, int otherPassage, double otherScore) =>
        score > otherScore || (score == otherScore && passage < otherPassage);
}
