namespace Bot.Knowledge.Search;

/// <summary>
/// The first pass of the answer search: the passages with the highest BM25 over the question's concepts, where a
/// concept's term frequency sums its ways of being said, each by its weight. Ties go to the earlier passage.
/// </summary>
/// <remarks>
/// <see cref="Pruned"/> is what the search runs; <see cref="Exhaustive"/> scores every posting and is kept as the
/// reference the pruned one is checked against. Both give the same passages with bit-identical scores, in the same
/// order: the pruned pass only skips passages it has proved cannot make the list, and scores the others with the same
/// arithmetic in the same order.
/// </remarks>
internal static class TopPassages
{
    public static List<(int Passage, double Score)> Pruned(
        PassageIndex index, IReadOnlyList<Concept> concepts, int count, MaxScoreFirstPass.Strategy strategy = MaxScoreFirstPass.Strategy.Adaptive) =>
        MaxScoreFirstPass.ForThisThread().Run(index, concepts, count, strategy);

    /// <summary>Every posting of every concept scored into a per-passage accumulator, then the best picked.</summary>
    public static List<(int Passage, double Score)> Exhaustive(PassageIndex index, IReadOnlyList<Concept> concepts, int count)
    {
        var accumulator = ScoreAccumulator.Begin(index.PassageCount);
        foreach (var concept in concepts)
        {
            if (!concept.Known)
            {
                continue;
            }

            accumulator.BeginConcept();
            foreach (var alternative in concept.Alternatives)
            {
                var passages = index.PostingPassages[alternative.TermIds[0]];
                if (alternative.TermIds.Length == 1)
                {
                    var counts = index.PostingFrequencies[alternative.TermIds[0]];
                    for (var i = 0; i < passages.Length; i++)
                    {
                        accumulator.AddFrequency(passages[i], alternative.Weight * counts[i]);
                    }

                    continue;
                }

                foreach (var passage in passages)
                {
                    var phrases = PhraseMatch.Count(index.Passages[passage], alternative.TermIds);
                    if (phrases > 0)
                    {
                        accumulator.AddFrequency(passage, alternative.Weight * phrases);
                    }
                }
            }

            for (var i = 0; i < accumulator.CountedCount; i++)
            {
                var (passage, frequency) = accumulator.Counted(i);
                accumulator.AddScore(passage, index.Bm25(concept.Weight, frequency, passage));
            }
        }

        return accumulator.Top(count);
    }
}
