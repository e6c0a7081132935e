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
/// Visiting passages in order has a cost per passage (finding the next among the lists, bounding it) that only pays
/// when much gets skipped. For a question of several similar common words, none of which alone makes the list, little
/// does; so a sixteenth of the way through, the pass judges from what it skipped so far, and may finish list by list
/// instead (the term-at-a-time form of MaxScore): the k-th score found so far is a threshold the final list reaches,
/// the lists are summed best bound first while the sums keep raising it, the commonest words are then only looked up
/// for the passages still in the running, and those near the top are scored afresh.
/// </para>
/// <para>
/// Exactness: a passage found later has a higher number than every passage on the list, so it must score strictly more
/// than the k-th to get on; it is skipped only when its bound, with a margin far above floating-point rounding, is not
/// more. Passages that are scored get the exhaustive pass's arithmetic: per concept, alternatives summed in their order,
/// then concepts summed in the question's order. List by list, a passage is dropped only when its bound is below a
/// score the final k-th reaches, so ties cannot be lost there either.
/// </para>
/// </remarks>
internal sealed class MaxScoreFirstPass
{
    /// <summary>
    /// A bound must be below the threshold by this share of it before anything is skipped: sums of a few doubles in a
    /// different order differ by around 1e-16 of their size, so this only ever costs scoring a passage that ties.
    /// </summary>
    private const double Margin = 1e-9;

    /// <summary>After this share of the passages the pass judges whether visiting passages in order is paying off.</summary>
    private const int CheckpointShare = 16;

    /// <summary>
    /// How much more a posting costs visited in passage order (finding the next passage among the lists, bounding it)
    /// than added up list by list, measured on the Brown corpus: about 2.5.
    /// </summary>
    private const double VisitCost = 2.5;

    /// <summary>Roughly how many postings one galloping look-up costs.</summary>
    private const int SeekCost = 8;

    [ThreadStatic]
    private static MaxScoreFirstPass? t_current;

    // One list per alternative, grouped by concept in the order of the concepts' bounds, lowest first.
    private int[][] _passages = [];
    private int[][] _frequencies = [];
    private int[]?[] _phrases = [];
    private double[] _weights = [];
    private int[] _positions = [];
    private int[] _currents = [];
    private int[] _firstBlocks = [];
    private int[] _listConcepts = [];

    // Per list, the bound of the block it is in, and which block that is (-1 before the first).
    private double[] _blockBounds = [];
    private int[] _blocks = [];
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

    // Per question concept, its place among the sorted concepts, or -1 when it is not known.
    private int[] _sortedOf = [];

    // Per passage, for scoring list by list: a stamp saying the partial score is this question's, and the score.
    private int[] _stamps = [];
    private double[] _partials = [];
    private int[] _touched = [];
    private int _stamp;

    private int[] _topPassages = [];
    private double[] _topScores = [];
    private int _topCount;

    public static MaxScoreFirstPass ForThisThread() => t_current ??= new MaxScoreFirstPass();

    /// <summary>How the pass proceeds: tests hold it to one form so that each is checked against the exhaustive pass.</summary>
    internal enum Strategy
    {
        /// <summary>In passage order, finishing list by list when that looks cheaper.</summary>
        Adaptive,

        InPassageOrder,

        /// <summary>List by list as soon as there is a threshold (when the essential concepts are single words).</summary>
        ListByList,
    }

    public List<(int Passage, double Score)> Run(PassageIndex index, IReadOnlyList<Concept> concepts, int count, Strategy strategy = Strategy.Adaptive)
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
        var checkpoint = strategy switch
        {
            Strategy.Adaptive => index.PassageCount / CheckpointShare,
            Strategy.ListByList => 0,
            _ => int.MaxValue,
        };
        var visited = 0;
        while (true)
        {
            visited++;
            var passage = int.MaxValue;
            for (var l = _listStarts[essential]; l < _listCount; l++)
            {
                passage = Math.Min(passage, _currents[l]);
            }

            if (passage == int.MaxValue)
            {
                break;
            }

            if (passage >= checkpoint && _topCount == count)
            {
                checkpoint = int.MaxValue;
                if (EssentialAreSingleWords(essential) && (strategy == Strategy.ListByList || ScoringEveryPostingIsCheaper(essential, visited)))
                {
                    return FromEssentialPostings(index, count, threshold, essential);
                }
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

                // The passage itself: the blocks' bounds of just the lists that hold it, the whole bounds of the rest.
                var bound = _prefix[essential];
                for (var l = _listStarts[essential]; l < _listCount; l++)
                {
                    if (_currents[l] == passage)
                    {
                        bound += BlockBound(index.Bounds, l);
                    }
                }

                if (CannotBeat(bound, threshold))
                {
                    for (var l = _listStarts[essential]; l < _listCount; l++)
                    {
                        if (_currents[l] == passage)
                        {
                            MoveTo(l, _positions[l] + 1);
                        }
                    }

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
            _sortedOf = new int[concepts.Count];
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
            _currents = new int[size];
            _firstBlocks = new int[size];
            _listConcepts = new int[size];
            _blockBounds = new double[size];
            _blocks = new int[size];
        }

        _listCount = 0;
        _sortedOf.AsSpan(0, concepts.Count).Fill(-1);
        for (var g = 0; g < _conceptCount; g++)
        {
            _sortedOf[_originals[g]] = g;
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
                _firstBlocks[_listCount] = bounds.BlockStarts[term];
                _listConcepts[_listCount] = g;
                _blocks[_listCount] = -1;
                MoveTo(_listCount, 0);
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

    private void MoveTo(int list, int position)
    {
        _positions[list] = position;
        var passages = _passages[list];
        _currents[list] = position < passages.Length ? passages[position] : int.MaxValue;
    }

    /// <summary>
    /// The most the list's current block lets a passage score for its concept. For a concept said several ways, the
    /// sum of its lists' bounds is still a bound: BM25 saturates, so frequencies scored apart add up to at least what
    /// they score together.
    /// </summary>
    private double BlockBound(PostingBounds bounds, int list)
    {
        var block = _firstBlocks[list] + (_positions[list] >> PostingBounds.BlockShift);
        if (block != _blocks[list])
        {
            _blocks[list] = block;
            _blockBounds[list] = bounds.BlockBound(block, _idfs[_listConcepts[list]], _weights[list]);
        }

        return _blockBounds[list];
    }

    /// <summary>
    /// Up to where the essential lists all stay in their current blocks, and the most a passage there can score: the
    /// blocks' bounds for the essential concepts, the whole bounds for the others.
    /// </summary>
    private (int End, double Bound) Window(PostingBounds bounds, int essential)
    {
        var end = int.MaxValue;
        var total = _prefix[essential];
        for (var l = _listStarts[essential]; l < _listCount; l++)
        {
            var position = _positions[l];
            if (position >= _passages[l].Length)
            {
                continue;
            }

            end = Math.Min(end, bounds.BlockLastPassages[_firstBlocks[l] + (position >> PostingBounds.BlockShift)]);
            total += BlockBound(bounds, l);
        }

        return (end, total);
    }

    private void SkipPast(int essential, int end)
    {
        for (var l = _listStarts[essential]; l < _listCount; l++)
        {
            MoveTo(l, SeekFrom(_passages[l], _positions[l], end + 1));
        }
    }

    private void Seek(int concept, int passage)
    {
        for (var l = _listStarts[concept]; l < _listStarts[concept + 1]; l++)
        {
            MoveTo(l, SeekFrom(_passages[l], _positions[l], passage));
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
            if (_currents[l] != passage)
            {
                continue;
            }

            var position = _positions[l];
            MoveTo(l, position + 1);
            if (_phrases[l] is not { } phrase)
            {
                frequency += _weights[l] * _frequencies[l][position];
                counted = true;
            }
            else if (PhraseMatch.Count(index.Passages[passage], phrase) is var phrases and > 0)
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

    /// <summary>
    /// Whether the rest is done sooner by adding up the essential lists one by one than by going on in passage order:
    /// when few passages get skipped (many lists of similar words, none of which alone makes the list), visiting each
    /// passage costs more than it saves.
    /// </summary>
    private bool ScoringEveryPostingIsCheaper(int essential, int visited)
    {
        long consumed = 0;
        long remaining = 0;
        for (var l = _listStarts[essential]; l < _listCount; l++)
        {
            consumed += _positions[l];
            remaining += _passages[l].Length - _positions[l];
        }

        // Visits per posting so far (below 1 when blocks were skipped) times what is left, against every posting once.
        return consumed > 0 && remaining * (visited / (double)consumed) * VisitCost > consumed + remaining;
    }

    /// <summary>
    /// Whether each essential concept is one word said one way: only those are summed list by list (see
    /// <see cref="FromEssentialPostings"/>), where a concept's score must come from one posting.
    /// </summary>
    private bool EssentialAreSingleWords(int essential)
    {
        for (var g = essential; g < _conceptCount; g++)
        {
            if (_listStarts[g + 1] - _listStarts[g] != 1 || _phrases[_listStarts[g]] is not null)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The top passages from scratch, list by list, given a score the k-th is known to reach (the k-th found so far):
    /// the essential concepts' postings are added up per passage; a passage whose sum plus the non-essential bounds
    /// cannot reach that score is dropped; the others look up the non-essential concepts, best bound first, dropping
    /// as they fall short. Those sums are in another order than the question's, so they are only trusted to pick the
    /// passages near the top; those are then scored afresh, in the question's order, as everywhere else.
    /// </summary>
    private List<(int Passage, double Score)> FromEssentialPostings(PassageIndex index, int count, double threshold, int essential)
    {
        var passageCount = index.PassageCount;
        if (_stamps.Length != passageCount)
        {
            _stamps = new int[passageCount];
            _partials = new double[passageCount];
            _touched = new int[passageCount];
            _stamp = 0;
        }

        if (++_stamp == int.MaxValue)
        {
            Array.Clear(_stamps);
            _stamp = 1;
        }

        // Best bound first, so that the sums soon show a higher threshold, and the commonest words may not need walking.
        var touched = 0;
        var summed = 0.0;
        for (var g = _conceptCount - 1; g >= essential; g--)
        {
            summed += _bounds[g];
            var l = _listStarts[g];
            var passages = _passages[l];
            var frequencies = _frequencies[l];
            var weight = _weights[l];
            var idf = _idfs[g];
            for (var i = 0; i < passages.Length; i++)
            {
                var passage = passages[i];
                var score = index.Bm25(idf, weight * frequencies[i], passage);
                if (_stamps[passage] != _stamp)
                {
                    _stamps[passage] = _stamp;
                    _partials[passage] = score;
                    _touched[touched++] = passage;
                }
                else
                {
                    _partials[passage] += score;
                }
            }

            // k passages with sums this high score at least that much in the end (rounding allowed for): a threshold too.
            // No sum exceeds the bounds summed so far, so until those pass the bounds still to come, there is nothing to gain.
            if (g > essential && summed > _prefix[g])
            {
                threshold = Math.Max(threshold, KthHighestSum(count, touched) * (1 - Margin));
                if (CannotBeat(_prefix[g], threshold))
                {
                    essential = g;
                    break;
                }
            }
        }

        var candidates = 0;
        for (var i = 0; i < touched; i++)
        {
            var passage = _touched[i];
            if (!CannotBeat(_partials[passage] + _prefix[essential], threshold))
            {
                _touched[candidates++] = passage;
            }
        }

        // A candidate is one whose stamp is this question's; a dropped one loses its stamp.
        for (var i = 0; i < touched; i++)
        {
            _stamps[_touched[i]] = 0;
        }

        for (var i = 0; i < candidates; i++)
        {
            _stamps[_touched[i]] = _stamp;
        }

        var sorted = false;
        for (var g = essential - 1; g >= 0; g--)
        {
            var first = _listStarts[g];
            if (_listStarts[g + 1] - first == 1 && _phrases[first] is null && (long)candidates * SeekCost > _passages[first].Length)
            {
                // Many candidates: walking the list costs less than looking each of them up in it.
                var passages = _passages[first];
                var frequencies = _frequencies[first];
                for (var i = 0; i < passages.Length; i++)
                {
                    var passage = passages[i];
                    if (_stamps[passage] == _stamp)
                    {
                        _partials[passage] += index.Bm25(_idfs[g], _weights[first] * frequencies[i], passage);
                    }
                }
            }
            else
            {
                if (!sorted)
                {
                    Array.Sort(_touched, 0, candidates);
                    sorted = true;
                }

                for (var l = first; l < _listStarts[g + 1]; l++)
                {
                    MoveTo(l, 0);
                }

                for (var i = 0; i < candidates; i++)
                {
                    var passage = _touched[i];
                    Seek(g, passage);
                    _partials[passage] += Evaluate(index, g, passage);
                }
            }

            var kept = 0;
            for (var i = 0; i < candidates; i++)
            {
                var passage = _touched[i];
                if (CannotBeat(_partials[passage] + _prefix[g], threshold))
                {
                    _stamps[passage] = 0;
                }
                else
                {
                    _touched[kept++] = passage;
                }
            }

            candidates = kept;
        }

        // The sums are within rounding of the exact scores, so everything within the margin of the k-th sum is scored exactly.
        var near = NearTop(count, candidates);
        _topCount = 0;
        for (var i = 0; i < candidates; i++)
        {
            var passage = _touched[i];
            if (_partials[passage] >= near)
            {
                Insert(passage, ExactScore(index, passage), count);
            }
        }

        var top = new List<(int Passage, double Score)>(_topCount);
        for (var i = 0; i < _topCount; i++)
        {
            top.Add((_topPassages[i], _topScores[i]));
        }

        return top;
    }

    /// <summary>Below this sum a candidate cannot be among the best <paramref name="count"/>, rounding allowed for.</summary>
    private double NearTop(int count, int candidates)
    {
        if (candidates <= count)
        {
            return double.NegativeInfinity;
        }

        var kth = KthHighestSum(count, candidates);
        return kth - (Math.Abs(kth) * Margin);
    }

    /// <summary>The <paramref name="count"/>-th highest partial sum of the first <paramref name="candidates"/> touched passages, or -∞.</summary>
    private double KthHighestSum(int count, int candidates)
    {
        if (candidates < count)
        {
            return double.NegativeInfinity;
        }

        // The k highest sums, lowest first, kept by insertion: most candidates fall below the lowest and cost one comparison.
        Span<double> highest = count <= 64 ? stackalloc double[count] : new double[count];
        highest.Fill(double.NegativeInfinity);
        for (var i = 0; i < candidates; i++)
        {
            var sum = _partials[_touched[i]];
            if (sum <= highest[0])
            {
                continue;
            }

            var at = 0;
            while (at + 1 < count && highest[at + 1] < sum)
            {
                highest[at] = highest[at + 1];
                at++;
            }

            highest[at] = sum;
        }

        return highest[0];
    }

    /// <summary>The passage's score as the exhaustive pass computes it: per concept in the question's order, alternatives in theirs.</summary>
    private double ExactScore(PassageIndex index, int passage)
    {
        var score = 0.0;
        for (var c = 0; c < _questionConcepts; c++)
        {
            var g = _sortedOf[c];
            if (g < 0)
            {
                continue;
            }

            var frequency = 0.0;
            var counted = false;
            for (var l = _listStarts[g]; l < _listStarts[g + 1]; l++)
            {
                var at = Array.BinarySearch(_passages[l], passage);
                if (at < 0)
                {
                    continue;
                }

                if (_phrases[l] is not { } phrase)
                {
                    frequency += _weights[l] * _frequencies[l][at];
                    counted = true;
                }
                else if (PhraseMatch.Count(index.Passages[passage], phrase) is var phrases and > 0)
                {
                    frequency += _weights[l] * phrases;
                    counted = true;
                }
            }

            if (counted)
            {
                score += index.Bm25(_idfs[g], frequency, passage);
            }
        }

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
