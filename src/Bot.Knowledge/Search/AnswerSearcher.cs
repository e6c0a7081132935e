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

    /// <summary>Shorter unknown words are too often real words ("won", "cup") to offer a correction for.</summary>
    private const int MinimumTypoLength = 4;

    private readonly KnowledgeBase _knowledge;
    private readonly PassageIndex _index;
    private readonly SynonymTable _synonyms;
    private readonly SpellingIndex _spelling;

    public AnswerSearcher(KnowledgeBase knowledge)
        : this(knowledge, knowledge.SynonymTable)
    {
    }

    private AnswerSearcher(KnowledgeBase knowledge, SynonymTable synonyms)
    {
        _knowledge = knowledge;
        _synonyms = synonyms;

        // Construction does the once-per-load work (per-passage terms, the spelling table), not the first question.
        _index = knowledge.PassageIndex;
        _spelling = knowledge.Spelling;
    }

    /// <summary>Share of the question's weight the best passage must cover to count as an answer.</summary>
    public double MinimumCoverage { get; init; } = 0.5;

    /// <summary>How much more coverage a passage needs when it lacks one of the question's names.</summary>
    public double MissingNamePenalty { get; init; } = 0.25;

    /// <summary>
    /// How much more coverage a passage needs when it lacks what a "how many" question counts: less than for a name,
    /// since the counted noun is often said otherwise ("weapons shipments" for "sent weapons").
    /// </summary>
    public double MissingCountedPenalty { get; init; } = 0.15;

    /// <summary>
    /// A searcher that also knows <paramref name="aliases"/> (say, a server's own nicknames: "rocket man, kim"),
    /// on top of the knowledge file's synonyms. Cheap: the loaded knowledge is shared.
    /// </summary>
    public AnswerSearcher WithAliases(IReadOnlyList<SynonymEntry> aliases) =>
        new(_knowledge, _synonyms.With(aliases, _knowledge.Analyzer)) { MinimumCoverage = MinimumCoverage, MissingNamePenalty = MissingNamePenalty, MissingCountedPenalty = MissingCountedPenalty };

    public SearchResult Search(string question, int maxResults = 5)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (result, parsed) = Answer(question, maxResults);
        return result.Answered ? result : result with { Suggestions = Suggest(question, parsed) };
    }

    private (SearchResult Result, ParsedQuestion Parsed) Answer(string question, int maxResults)
    {
        var parsed = ParsedQuestion.Parse(question, _knowledge.Analyzer, _index, _synonyms, _spelling);
        if (!parsed.Concepts.Any(concept => concept.Known))
        {
            return (SearchResult.NotAnswered(question, parsed.Concepts.Select(concept => concept.Surface).ToList(), []), parsed);
        }

        var candidates = FirstPass(parsed.Concepts);
        var totalWeight = parsed.TotalWeight;
        var scored = new List<Evidence>(candidates.Count);
        foreach (var (passage, bm25) in candidates)
        {
            scored.Add(Evidence.Weigh(_index, parsed, passage, bm25, totalWeight));
        }

        scored.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Passage.CompareTo(b.Passage));
        var best = scored[0];
        var missingWords = new List<string>();
        for (var i = 0; i < parsed.Concepts.Count; i++)
        {
            if (!best.Matched(i))
            {
                missingWords.Add(parsed.Concepts[i].Surface);
            }
        }

        // A paragraph without a name the question asks about must make up for it with the rest of the question.
        if (best.Coverage < MinimumCoverage + (best.MissingEntity ? MissingNamePenalty : 0) + (best.MissingCounted ? MissingCountedPenalty : 0))
        {
            return (SearchResult.NotAnswered(question, missingWords, []), parsed);
        }

        var hits = new List<PassageHit>(Math.Min(maxResults, scored.Count));
        foreach (var evidence in scored.Take(maxResults))
        {
            hits.Add(new PassageHit(_knowledge.Passages[evidence.Passage], evidence.Score, Evidence.Highlights(_index, parsed, evidence.Passage)));
        }

        return (new SearchResult(question, true, hits, missingWords, []), parsed);
    }

    /// <summary>BM25 over concepts: a concept's term frequency sums its ways of being said, each by its weight.</summary>
    private List<(int Passage, double Score)> FirstPass(IReadOnlyList<Concept> concepts)
    {
        var accumulator = ScoreAccumulator.Begin(_index.PassageCount);
        foreach (var concept in concepts)
        {
            if (!concept.Known)
            {
                continue;
            }

            accumulator.BeginConcept();
            foreach (var alternative in concept.Alternatives)
            {
                var passages = _index.PostingPassages[alternative.TermIds[0]];
                if (alternative.TermIds.Length == 1)
                {
                    var counts = _index.PostingFrequencies[alternative.TermIds[0]];
                    for (var i = 0; i < passages.Length; i++)
                    {
                        accumulator.AddFrequency(passages[i], alternative.Weight * counts[i]);
                    }

                    continue;
                }

                foreach (var passage in passages)
                {
                    var count = Evidence.CountPhrase(_index.Passages[passage], alternative.TermIds);
                    if (count > 0)
                    {
                        accumulator.AddFrequency(passage, alternative.Weight * count);
                    }
                }
            }

            for (var i = 0; i < accumulator.CountedCount; i++)
            {
                var (passage, frequency) = accumulator.Counted(i);
                accumulator.AddScore(passage, _index.Bm25(concept.Weight, frequency, passage));
            }
        }

        return accumulator.Top(Candidates);
    }

    /// <summary>
    /// "Did you mean": the question with a word one typo from a word of the articles, when that question would be
    /// answered (so "who won the world cup" does not become "who own the world cusp"); else the articles' titles.
    /// </summary>
    private List<string> Suggest(string question, ParsedQuestion parsed)
    {
        var suggestions = new List<string>();
        foreach (var concept in parsed.Concepts)
        {
            if (concept.Known || concept.Surface.Length < MinimumTypoLength || concept.Surface.Contains(' ', StringComparison.Ordinal))
            {
                continue;
            }

            var near = _spelling.Near(concept.Surface.ToLowerInvariant()).Take(3).ToList();
            foreach (var word in near)
            {
                var at = question.IndexOf(concept.Surface, StringComparison.OrdinalIgnoreCase);
                var corrected = string.Concat(question.AsSpan(0, at), word, question.AsSpan(at + concept.Surface.Length));
                if (suggestions.Count < 3 && !suggestions.Contains(corrected) && Answer(corrected, 1).Result.Answered)
                {
                    suggestions.Add(corrected);
                }
            }
        }

        if (suggestions.Count == 0)
        {
            suggestions.AddRange(_knowledge.Articles.Select(article => article.Title).Take(3));
        }

        return suggestions;
    }
}
