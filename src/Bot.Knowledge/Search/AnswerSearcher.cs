namespace Bot.Knowledge.Search;

/// <summary>
/// The bot's answer search: ranks passages for a question and declines when the evidence is thin, so an
/// off-topic question gets "not in the articles" instead of a confident wrong citation.
/// </summary>
public sealed class AnswerSearcher(KnowledgeBase knowledge) : IPassageSearcher
{
    /// <summary>Words that shape a question but say nothing about its subject.</summary>
    private static readonly HashSet<string> QuestionWords = new(StringComparer.Ordinal)
    {
        "what", "who", "whom", "whose", "when", "where", "why", "how", "which", "do", "doe", "did", "does", "ha", "have", "has",
        "can", "could", "would", "should", "i", "you", "me", "tell", "about", "much", "mani", "mani", "any", "some", "should",
        "we", "our", "my", "it", "thi", "so", "veri", "happen", "know", "s", "t",
    };

    private readonly Bm25Searcher _bm25 = new(knowledge);

    /// <summary>Share of the question's weight (idf) the best passage must cover to count as an answer.</summary>
    public double MinimumCoverage { get; init; } = 0.5;

    public SearchResult Search(string question, int maxResults = 5)
    {
        var contentTerms = knowledge.Analyzer.Analyze(question)
            .Select(token => token.Term)
            .Where(term => !QuestionWords.Contains(term))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var known = contentTerms.Where(knowledge.Index.Contains).ToList();
        var missing = contentTerms.Where(term => !knowledge.Index.Contains(term)).ToList();
        if (known.Count == 0)
        {
            return SearchResult.NotAnswered(question, missing, []);
        }

        var result = _bm25.Search(string.Join(' ', known), maxResults);
        var totalWeight = contentTerms.Sum(term => knowledge.Index.Contains(term) ? knowledge.Index.Idf(term) : knowledge.Index.Idf(string.Empty));
        var best = result.Hits[0].Passage;
        var bestTerms = knowledge.Analyzer.Analyze(best.Text).Select(token => token.Term).ToHashSet(StringComparer.Ordinal);
        var covered = known.Where(bestTerms.Contains).Sum(knowledge.Index.Idf);
        if (covered / totalWeight < MinimumCoverage)
        {
            return SearchResult.NotAnswered(question, missing, []);
        }

        return result with { Question = question, MissingWords = missing };
    }
}
