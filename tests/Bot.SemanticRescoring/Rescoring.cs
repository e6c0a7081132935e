namespace Bot.SemanticRescoring;

/// <summary>
/// The candidates reranked by the fitted score plus <c>weight</c> × the cosine between the question's and the passage's
/// embeddings; first place and top three over the in-scope questions, a question without candidates counting as a miss.
/// The search's own abstention is left out on both sides, so the figures compare rankings only.
/// </summary>
internal sealed class Rescoring(Embeddings embeddings)
{
    public static readonly double[] Weights = [0, 1, 2, 4, 6, 8, 12, 16, 24, 32, 48];

    public (double First, double TopThree) Measure(IReadOnlyList<AskedQuestion> questions, double weight)
    {
        int asked = 0, first = 0, topThree = 0;
        foreach (var question in questions.Where(question => !question.OffTopic))
        {
            asked++;
            var query = embeddings.Of(embeddings.QueryPrefix + question.Text);
            var ranked = question.Candidates
                .Select(candidate => (candidate.Answer, Score: candidate.Score + (weight * Embeddings.Cosine(query, embeddings.Of(candidate.Text)))))
                .OrderByDescending(candidate => candidate.Score)
                .ToList();
            first += ranked.Count > 0 && ranked[0].Answer ? 1 : 0;
            topThree += ranked.Take(3).Any(candidate => candidate.Answer) ? 1 : 0;
        }

        return asked == 0 ? (0, 0) : (100.0 * first / asked, 100.0 * topThree / asked);
    }

    /// <summary>The best cosine between the question and any of its candidates (-1 without candidates).</summary>
    public double BestCosine(AskedQuestion question)
    {
        var query = embeddings.Of(embeddings.QueryPrefix + question.Text);
        return question.Candidates.Count == 0 ? -1 : question.Candidates.Max(candidate => Embeddings.Cosine(query, embeddings.Of(candidate.Text)));
    }

    /// <summary>
    /// As a refusal signal: the best cosine among a question's candidates. Where it is set to refuse 3% of the in-scope
    /// questions, how many off-topic ones it refuses.
    /// </summary>
    public (int Refused, int OffTopic) OffTopicRefusedAtThreePercent(IReadOnlyList<AskedQuestion> questions)
    {
        var inScope = questions.Where(question => !question.OffTopic).Select(BestCosine).Order().ToList();
        var offTopic = questions.Where(question => question.OffTopic).Select(BestCosine).ToList();
        var bar = inScope.Count == 0 ? 0 : inScope[(int)(0.03 * inScope.Count)];
        return (offTopic.Count(best => best < bar), offTopic.Count);
    }

    /// <summary>
    /// Beside the search's own refusals, also refuse when the best cosine is below one bar for every corpus: the highest
    /// bar at which the cosine refuses no more than 2% of any corpus's in-scope questions that the search answers.
    /// </summary>
    public (double Bar, IReadOnlyList<(int OffTopicRefused, int InScopeRefused)> PerCorpus) WithTheSearchsRefusals(IReadOnlyList<IReadOnlyList<AskedQuestion>> corpora)
    {
        var best = corpora.Select(questions => questions.Select(question => (Question: question, Cosine: BestCosine(question))).ToList()).ToList();
        (int, int) Refused(List<(AskedQuestion Question, double Cosine)> questions, double bar) =>
            (questions.Count(q => q.Question.OffTopic && (!q.Question.Answered || q.Cosine < bar)),
             questions.Count(q => !q.Question.OffTopic && (!q.Question.Answered || q.Cosine < bar)));
        var bars = best.SelectMany(questions => questions.Select(q => q.Cosine)).Distinct().Order().ToList();
        var chosen = -1.0;
        foreach (var bar in bars)
        {
            if (best.Any(questions => questions.Count(q => !q.Question.OffTopic && q.Question.Answered && q.Cosine < bar) > 0.02 * questions.Count(q => !q.Question.OffTopic)))
            {
                break;
            }

            chosen = bar;
        }

        return (chosen, best.Select(questions => Refused(questions, chosen)).ToList());
    }
}
