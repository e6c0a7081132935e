namespace Bot.Knowledge.Search;

/// <summary>
/// Per-thread scratch for the first pass: a score and a term frequency per passage, reset by stamping instead of
/// clearing, so a question costs its postings, not the size of the corpus, and allocates nothing.
/// </summary>
internal sealed class ScoreAccumulator
{
    [ThreadStatic]
    private static ScoreAccumulator? t_current;

    private readonly int[] _scoreStamps;
    private readonly int[] _frequencyStamps;
    private readonly double[] _scores;
    private readonly double[] _frequencies;
    private readonly int[] _scored;
    private readonly int[] _counted;
    private int _scoreStamp;
    private int _frequencyStamp;

    private ScoreAccumulator(int passages)
    {
        _scoreStamps = new int[passages];
        _frequencyStamps = new int[passages];
        _scores = new double[passages];
        _frequencies = new double[passages];
        _scored = new int[passages];
        _counted = new int[passages];
    }

    /// <summary>How many passages have a score since <see cref="Begin"/>.</summary>
    public int ScoredCount { get; private set; }

    /// <summary>How many passages have a frequency since <see cref="BeginConcept"/>.</summary>
    public int CountedCount { get; private set; }

    /// <summary>This thread's accumulator for a corpus of <paramref name="passages"/>, emptied.</summary>
    public static ScoreAccumulator Begin(int passages)
    {
        var current = t_current;
        if (current is null || current._scores.Length != passages)
        {
            current = t_current = new ScoreAccumulator(passages);
        }

        current.RestartScores();
        current.ScoredCount = 0;
        return current;
    }

    public void BeginConcept()
    {
        _frequencyStamp = Restart(_frequencyStamp, _frequencyStamps);
        CountedCount = 0;
    }

    public void AddFrequency(int passage, double frequency)
    {
        if (_frequencyStamps[passage] != _frequencyStamp)
        {
            _frequencyStamps[passage] = _frequencyStamp;
            _frequencies[passage] = 0;
            _counted[CountedCount++] = passage;
        }

        _frequencies[passage] += frequency;
    }

    public (int Passage, double Frequency) Counted(int i) => (_counted[i], _frequencies[_counted[i]]);

    public void AddScore(int passage, double score)
    {
        if (_scoreStamps[passage] != _scoreStamp)
        {
            _scoreStamps[passage] = _scoreStamp;
            _scores[passage] = 0;
            _scored[ScoredCount++] = passage;
        }

        _scores[passage] += score;
    }

    /// <summary>The best <paramref name="count"/> passages by score, ties to the earlier passage, best first.</summary>
    public List<(int Passage, double Score)> Top(int count)
    {
        var top = new List<(int Passage, double Score)>(Math.Min(count, ScoredCount));
        for (var i = 0; i < ScoredCount; i++)
        {
            var passage = _scored[i];
            var score = _scores[passage];
            if (top.Count == count && !Before(passage, score, top[^1]))
            {
                continue;
            }

            var at = top.Count;
            while (at > 0 && Before(passage, score, top[at - 1]))
            {
                at--;
            }

            if (top.Count == count)
            {
                top.RemoveAt(top.Count - 1);
            }

            top.Insert(at, (passage, score));
        }

        return top;
    }

    private static bool Before(int passage, double score, (int Passage, double Score) other) =>
        score > other.Score || (score == other.Score && passage < other.Passage);

    private static int Restart(int stamp, int[] stamps)
    {
        if (stamp + 1 < int.MaxValue)
        {
            return stamp + 1;
        }

        Array.Clear(stamps);
        return 1;
    }

    private void RestartScores() => _scoreStamp = Restart(_scoreStamp, _scoreStamps);
}
