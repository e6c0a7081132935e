using Bot.Knowledge.Index;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Search;

/// <summary>
/// The bot's answer search. A question is read into concepts (its words after synonyms, aliases and typo
/// correction) and an answer kind (who, when, how much, what did X say). A fast first pass ranks passages by
/// BM25 over the concepts; the best few are then scored on evidence: how much of the question's weight the
/// passage and its best sentence cover, whether the question's names occur, and whether the passage holds what
/// the kind of question wants (a quote, a date, a number, a name with a role). It declines, saying what was
/// missing, when the best passage lacks a name the question asks about or covers too little of the question.
/// </summary>
/// <remarks>
/// Per-server aliases plug in through <see cref="WithAliases"/>: it returns a searcher over the same loaded
/// knowledge whose synonym table also holds the extra groups; nothing is re-indexed, since synonyms are
/// applied to the question, not to the passages.
/// </remarks>
public sealed class AnswerSearcher : IPassageSearcher
{
    /// <summary>How many first-pass passages get the full evidence scoring.</summary>
    private const int Candidates = 24;

    private readonly KnowledgeBase _knowledge;
    private readonly PassageIndex _index;
    private readonly SynonymTable _synonyms;

    public AnswerSearcher(KnowledgeBase knowledge)
        : this(knowledge, knowledge.SynonymTable)
    {
    }

    private AnswerSearcher(KnowledgeBase knowledge, SynonymTable synonyms)
    {
        _knowledge = knowledge;
        _index = knowledge.PassageIndex;
        _synonyms = synonyms;
    }

    /// <summary>Share of the question's weight the best passage must cover to count as an answer.</summary>
    public double MinimumCoverage { get; init; } = 0.5;

    /// <summary>How much more coverage a passage needs when it lacks one of the question's names.</summary>
    public double MissingNamePenalty { get; init; } = 0.25;

    /// <summary>
    /// A searcher that also knows <paramref name="aliases"/> (say, a server's own nicknames: "rocket man, kim"),
    /// on top of the knowledge file's synonyms. Cheap: the loaded knowledge is shared.
    /// </summary>
    public AnswerSearcher WithAliases(IReadOnlyList<SynonymEntry> aliases) =>
        new(_knowledge, _synonyms.With(aliases, _knowledge.Analyzer)) { MinimumCoverage = MinimumCoverage, MissingNamePenalty = MissingNamePenalty };

    public SearchResult Search(string question, int maxResults = 5)
    {
        ArgumentNullException.ThrowIfNull(question);
        var parsed = ParsedQuestion.Parse(question, _knowledge.Analyzer, _index, _synonyms, _knowledge.Spelling);
        var known = parsed.Concepts.Where(concept => concept.Known).ToList();
        if (known.Count == 0)
        {
            return SearchResult.NotAnswered(question, parsed.Concepts.Select(concept => concept.Surface).ToList(), Suggest(parsed));
        }

        var candidates = FirstPass(known);
        var totalWeight = parsed.TotalWeight;
        var scored = candidates
            .Select(candidate => Evidence.Weigh(_index, parsed, candidate.Passage, candidate.Bm25, totalWeight))
            .OrderByDescending(evidence => evidence.Score)
            .ThenBy(evidence => evidence.Passage)
            .ToList();

        var best = scored[0];
        // A paragraph without a name the question asks about must make up for it with the rest of the question.
        if (best.Coverage < MinimumCoverage + (best.MissingEntity ? MissingNamePenalty : 0))
        {
            var missing = parsed.Concepts.Where((concept, i) => !best.Matched(i)).Select(concept => concept.Surface).ToList();
            return SearchResult.NotAnswered(question, missing, Suggest(parsed));
        }

        var hits = scored
            .Take(maxResults)
            .Select(evidence => new PassageHit(_knowledge.Passages[evidence.Passage], evidence.Score, Evidence.Highlights(_index, parsed, evidence.Passage)))
            .ToList();
        var missingWords = parsed.Concepts.Where((concept, i) => !best.Matched(i)).Select(concept => concept.Surface).ToList();
        return new SearchResult(question, true, hits, missingWords, []);
    }

    /// <summary>BM25 over concepts: a concept's term frequency sums its ways of being said, each by its weight.</summary>
    private List<(int Passage, double Bm25)> FirstPass(List<Concept> concepts)
    {
        var scores = new Dictionary<int, double>();
        var frequencies = new Dictionary<int, double>();
        foreach (var concept in concepts)
        {
            frequencies.Clear();
            foreach (var alternative in concept.Alternatives)
            {
                if (alternative.TermIds.Length == 1)
                {
                    var passages = _index.PostingPassages[alternative.TermIds[0]];
                    var counts = _index.PostingFrequencies[alternative.TermIds[0]];
                    for (var i = 0; i < passages.Length; i++)
                    {
                        frequencies[passages[i]] = frequencies.GetValueOrDefault(passages[i]) + (alternative.Weight * counts[i]);
                    }

                    continue;
                }

                foreach (var passage in _index.PostingPassages[alternative.TermIds[0]])
                {
                    var count = Evidence.CountPhrase(_index.Passages[passage], alternative.TermIds);
                    if (count > 0)
                    {
                        frequencies[passage] = frequencies.GetValueOrDefault(passage) + (alternative.Weight * count);
                    }
                }
            }

            foreach (var (passage, frequency) in frequencies)
            {
                scores[passage] = scores.GetValueOrDefault(passage) + _index.Bm25(concept.Weight, frequency, passage);
            }
        }

        return scores
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key)
            .Take(Candidates)
            .Select(pair => (pair.Key, pair.Value))
            .ToList();
    }

    /// <summary>"Did you mean": known words one typo from the question's unknown ones, else the articles' titles.</summary>
    private List<string> Suggest(ParsedQuestion parsed)
    {
        var suggestions = parsed.Concepts
            .Where(concept => !concept.Known && !concept.Surface.Contains(' ', StringComparison.Ordinal))
            .SelectMany(concept => _knowledge.Spelling.Near(concept.Surface.ToLowerInvariant()))
            .Distinct(StringComparer.Ordinal)
            .Take(5)
            .ToList();
        if (suggestions.Count == 0)
        {
            suggestions.AddRange(_knowledge.Articles.Select(article => article.Title).Take(3));
        }

        return suggestions;
    }
}
