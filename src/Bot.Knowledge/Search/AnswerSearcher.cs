using System.Globalization;
using System.Text;
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

    /// <summary>A speaker quoted in at most this many paragraphs has them all weighed (see <see cref="AddQuotedSpeakers"/>).</summary>
    private const int QuotedSpeakerPassages = 4;

    /// <summary>Shorter unknown words are too often real words ("won", "cup") to offer a correction for.</summary>
    private const int MinimumTypoLength = 4;

    /// <summary>The places below the first that are chosen for what they add to the passages above them.</summary>
    private const int DiverseSlots = 3;

    /// <summary>How far down, and how far behind in score, a passage that answers may be to go before a first that does not.</summary>
    private const int AnswerableSlots = 3;

    private const double AnswerableMargin = 0.2;

    /// <summary>How far behind in score a passage that holds what the question's kind asks for may be to go first.</summary>
    private const double KindMargin = 0.2;

    /// <summary>
    /// What a question put in its asker's own words (<see cref="ParsedQuestion.InOtherWords"/>) keeps of the bar a missing
    /// name raises: "the Chinese head of state's fresh diplomatic complication" is answered by a paragraph that says "Xi".
    /// </summary>
    private const double OtherWordsNamePenaltyShare = 0.5;

    /// <summary>How much a paragraph gains from the publisher the question names ("according to the FT").</summary>
    private const double NamedSourceBonus = 0.3;

    /// <summary>How much a runner-up gains per share of the question's weight it adds to the passages above it.</summary>
    private const double NoveltyWeight = 2;

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

    /// <summary>Share of a one-concept question's weight the best passage must cover to count as an answer.</summary>
    public double MinimumCoverage { get; init; } = 0.58;

    /// <summary>How much less of the question's weight an answer must cover for each concept past the first.</summary>
    public double CoverageEasedPerConcept { get; init; } = 0.08;

    /// <summary>The least share of the question's weight an answer covers, however long the question.</summary>
    public double CoverageFloor { get; init; } = 0.25;

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
        new(_knowledge, _synonyms.With(aliases, _knowledge.Analyzer))
        {
            MinimumCoverage = MinimumCoverage,
            CoverageEasedPerConcept = CoverageEasedPerConcept,
            CoverageFloor = CoverageFloor,
            MissingNamePenalty = MissingNamePenalty,
            MissingCountedPenalty = MissingCountedPenalty,
        };

    public SearchResult Search(string question, int maxResults = 5)
    {
        var (read, wordsRead) = QuestionPrefix.Of(question);
        var (result, parsed) = Answer(read, maxResults);
        return (result.Answered ? result : result with { Suggestions = Suggest(read, parsed) }) with { Question = question, WordsRead = wordsRead };
    }

    private (SearchResult Result, ParsedQuestion Parsed) Answer(string question, int maxResults)
    {
        var parsed = ParsedQuestion.Parse(question, _knowledge.Analyzer, _index, _synonyms, _spelling);
        if (!parsed.Concepts.Any(concept => concept.Known))
        {
            return (SearchResult.NotAnswered(question, parsed.Concepts.Select(concept => concept.Surface).ToList(), []), parsed);
        }

        var scored = Rank(parsed);
        if (scored.Count == 0)
        {
            // Its only known words are words a title has and no paragraph does ("embrace"): nothing to weigh, so nothing answers.
            // Those words are not missing from the articles, so only the unknown ones are named.
            return (SearchResult.NotAnswered(question, parsed.Concepts.Where(concept => !concept.Known).Select(concept => concept.Surface).ToList(), []), parsed);
        }

        var best = scored[0];
        var missingWords = new List<string>();
        for (var i = 0; i < parsed.Concepts.Count; i++)
        {
            if (!best.Matched(i))
            {
                missingWords.Add(parsed.Concepts[i].Surface);
            }
        }

        if (!Answers(best, parsed))
        {
            return (SearchResult.NotAnswered(question, missingWords, []), parsed);
        }

        Diversify(scored, parsed, Math.Min(maxResults, DiverseSlots));
        var hits = new List<PassageHit>(Math.Min(maxResults, scored.Count));
        for (var i = 0; i < scored.Count && i < maxResults; i++)
        {
            var evidence = scored[i];
            hits.Add(new PassageHit(_knowledge.Passages[evidence.Passage], evidence.Score, Evidence.Highlights(_index, parsed, evidence.Passage)));
        }

        return (new SearchResult(question, true, hits, missingWords, []), parsed);
    }

    /// <summary>
    /// The first pass's candidates weighed on evidence, best first: by score, then a close runner-up that answers before a
    /// first that does not, one that holds what the question's kind asks for before a first that does not, and the
    /// paragraph after a first that poses the "why" question asked (see <see cref="AnswerPosedQuestion"/>). Empty when no
    /// paragraph holds any of the question's words: a word only a title has is known (it has a term id) but has no postings.
    /// </summary>
    private List<Evidence> Rank(ParsedQuestion parsed)
    {
        var candidates = FirstPass(parsed.Concepts);
        AddQuotedSpeakers(candidates, parsed);
        if (candidates.Count == 0)
        {
            return [];
        }

        var totalWeight = parsed.TotalWeight;
        var scored = new List<Evidence>(candidates.Count);
        foreach (var (passage, bm25) in candidates)
        {
            var evidence = Evidence.Weigh(_index, parsed, passage, bm25, totalWeight);
            if (parsed.Sources.Count > 0 && _knowledge.Passages[passage].Article.Publisher is { } publisher && parsed.Sources.Contains(publisher))
            {
                evidence = evidence with { Score = evidence.Score + NamedSourceBonus };
            }

            scored.Add(evidence);
        }

        scored.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Passage.CompareTo(b.Passage));
        // A close runner-up that answers beats a first that does not (it lacks a name or most of the question).
        for (var i = 1; i < scored.Count && i < AnswerableSlots && !Answers(scored[0], parsed); i++)
        {
            if (Answers(scored[i], parsed) && scored[i].Score >= scored[0].Score - AnswerableMargin)
            {
                (scored[0], scored[i]) = (scored[i], scored[0]);
            }
        }

        // "When did Putin visit North Korea": a close runner-up whose matching sentence gives a date beats a first that
        // only mentions the visit; likewise a number for "how many", a quote for "what did X say".
        if (parsed.Kind is AnswerKind.Date or AnswerKind.Quantity or AnswerKind.Quote && !scored[0].HoldsKind)
        {
            for (var i = 1; i < scored.Count && i < AnswerableSlots; i++)
            {
                if (scored[i].HoldsKind && Answers(scored[i], parsed) && scored[i].Score >= scored[0].Score - KindMargin)
                {
                    var runnerUp = scored[i];
                    scored.RemoveAt(i);
                    scored.Insert(0, runnerUp);
                    break;
                }
            }
        }

        AnswerPosedQuestion(scored, parsed);
        return scored;
    }

    /// <summary>
    /// "Why would Kim and Putin risk annoying Xi" matches best the paragraph that asks it ("All of that leaves the question
    /// of why Kim and Putin ... might risk annoying their powerful partner"); the paragraph after it gives the reasons, so it
    /// goes first, the question second. Only for a "why" question that the asking paragraph answers on its own evidence.
    /// </summary>
    private void AnswerPosedQuestion(List<Evidence> scored, ParsedQuestion parsed)
    {
        var poser = scored[0];
        var next = poser.Passage + 1;
        if (!parsed.AsksWhy || !poser.PosesQuestion || !Answers(poser, parsed) || next >= _index.Passages.Length || _index.PreviousInArticle[next] != poser.Passage)
        {
            return;
        }

        // The reasons may share few of the question's words ("Shen suggested they might feel that China has not helped
        // them enough"), so they need not be among the first pass's candidates.
        var at = scored.FindIndex(evidence => evidence.Passage == next);
        var answer = at >= 0 ? scored[at] : Evidence.Weigh(_index, parsed, next, 0, parsed.TotalWeight);
        if (at >= 0)
        {
            scored.RemoveAt(at);
        }

        scored.Insert(0, answer with { AnswersPosedQuestion = true });
    }

    /// <summary>
    /// Why the search answered as it did, for people tuning it: the question's kind and concepts (weight, name, counted,
    /// ways of saying it) and the best candidates, in the order the search ranks them, with their evidence. Not shown to
    /// Discord members.
    /// </summary>
    public string Explain(string question, int candidates = 5)
    {
        var parsed = ParsedQuestion.Parse(QuestionPrefix.Of(question).Read, _knowledge.Analyzer, _index, _synonyms, _spelling);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"kind {parsed.Kind}; weight {parsed.TotalWeight:F2}; concepts:");
        foreach (var concept in parsed.Concepts)
        {
            var flags = (concept.IsEntity ? " name" : string.Empty) + (concept.IsCounted ? " counted" : string.Empty) + (concept.Known ? string.Empty : " unknown");
            text.Append(CultureInfo.InvariantCulture, $" [{concept.Surface} {concept.Weight:F2}{flags} ×{concept.Alternatives.Length}]");
        }

        text.AppendLine();
        if (!parsed.Concepts.Any(concept => concept.Known))
        {
            return text.ToString();
        }

        foreach (var evidence in Rank(parsed).Take(candidates))
        {
            var passage = _knowledge.Passages[evidence.Passage];
            text.Append(CultureInfo.InvariantCulture, $"    {passage.Article.Id}¶{passage.Number}: score {evidence.Score:F3}, coverage {evidence.Coverage:F2}");
            foreach (var (holds, says) in new[]
            {
                (evidence.MissingEntity, "lacks a name"), (evidence.MissingCounted, "lacks the counted thing"),
                (evidence.Lacks.HasFlag(Shortfall.Number), "no number about it"), (evidence.Lacks.HasFlag(Shortfall.Date), "no date"),
                (evidence.Lacks.HasFlag(Shortfall.Name), "names no one new"), (evidence.Lacks.HasFlag(Shortfall.Place), "names no place"),
                (evidence.Lacks.HasFlag(Shortfall.Outcome), "says no outcome"), (evidence.Lacks.HasFlag(Shortfall.Subject), "has none of its names"),
                (evidence.Lacks.HasFlag(Shortfall.Speaker), "quotes no one asked about"),
                (Answers(evidence, parsed), "answers"),
            })
            {
                text.Append(holds ? ", " + says : string.Empty);
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>
    /// The runners-up for places 2..<paramref name="slots"/>: each gains for the question's weight it holds that the
    /// passages above it lack, so a paraphrase one paragraph answers only in part still shows the paragraph that holds
    /// the rest ("three way alliance": the alliance paragraph first, the "tripartite" one next) instead of a near copy
    /// of the first. Maximal marginal relevance, in the coverage sense.
    /// </summary>
    private static void Diversify(List<Evidence> scored, ParsedQuestion parsed, int slots)
    {
        var total = Math.Max(parsed.TotalWeight, 1e-9);
        var covered = scored[0].MatchedConcepts;
        for (var slot = 1; slot < slots && slot < scored.Count; slot++)
        {
            var bestAt = slot;
            var bestValue = double.MinValue;
            for (var i = slot; i < scored.Count; i++)
            {
                var fresh = scored[i].MatchedConcepts & ~covered;
                var gain = 0.0;
                for (var c = 0; fresh != 0 && c < parsed.Concepts.Count && c < 64; c++)
                {
                    if ((fresh & (1UL << c)) != 0)
                    {
                        gain += parsed.Concepts[c].Weight;
                    }
                }

                var value = scored[i].Score + (NoveltyWeight * gain / total);
                if (value > bestValue)
                {
                    bestValue = value;
                    bestAt = i;
                }
            }

            (scored[slot], scored[bestAt]) = (scored[bestAt], scored[slot]);
            covered |= scored[slot].MatchedConcepts;
        }
    }

    /// <summary>
    /// A paragraph without a name the question asks about must make up for it with the rest of the question; one whose
    /// numbers are all about something else than what a "how many" question counts cannot answer it at all, nor one without a
    /// year, month or weekday a "what year" question asks for, nor one without a name a "what's the name of" question asks for.
    /// The paragraph that answers what the one before it asks answers as that one did. Nor does one that lacks anything else
    /// the question's kind asks for (see <see cref="Shortfall"/>).
    /// </summary>
    private bool Answers(Evidence evidence, ParsedQuestion question) =>
        evidence.AnswersPosedQuestion
        || (evidence.Lacks == Shortfall.None
            && evidence.Coverage >= RequiredCoverage(question.EasingConcepts) + (evidence.MissingEntity ? MissingNamePenalty * (question.InOtherWords ? OtherWordsNamePenaltyShare : 1) : 0) + (evidence.MissingCounted ? MissingCountedPenalty : 0));

    /// <summary>
    /// The share of the question's weight an answer must cover: <see cref="MinimumCoverage"/> for one concept, less for each
    /// further one, never under <see cref="CoverageFloor"/>. A short question is all subject; a long one is mostly how its
    /// asker put it ("why are people scared the war could get way bigger"), and its paragraph says the rest in other words
    /// (see <see cref="ParsedQuestion.EasingConcepts"/>).
    /// </summary>
    private double RequiredCoverage(int concepts) => Math.Max(CoverageFloor, MinimumCoverage - (CoverageEasedPerConcept * (concepts - 1)));

    /// <summary>
    /// The paragraphs that quote someone the question names, when they are few: "what does Neil Thomas expect Beijing to do"
    /// is answered by "“It's more likely to increase its own outreach to Pyongyang,” he added", which has none of the
    /// question's words for the first pass to find, only the speaker the quote is attributed to. A name quoted in more
    /// paragraphs than <see cref="QuotedSpeakerPassages"/> has its quotes found by their words.
    /// </summary>
    private void AddQuotedSpeakers(List<(int Passage, double Score)> candidates, ParsedQuestion parsed)
    {
        foreach (var concept in parsed.Concepts)
        {
            foreach (var alternative in concept.IsEntity ? concept.Alternatives : [])
            {
                if (!_index.QuotedIn.TryGetValue(alternative.TermIds[0], out var quoting) || quoting.Length > QuotedSpeakerPassages)
                {
                    continue;
                }

                foreach (var passage in quoting)
                {
                    if (Evidence.AllIn(alternative.TermIds, _index.Passages[passage].SpeakerNames) && !IsCandidate(candidates, passage))
                    {
                        // Unranked by the first pass: its evidence alone places it.
                        candidates.Add((passage, 0));
                    }
                }
            }
        }
    }

    private static bool IsCandidate(List<(int Passage, double Score)> candidates, int passage)
    {
        foreach (var candidate in candidates)
        {
            if (candidate.Passage == passage)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>BM25 over concepts: a concept's term frequency sums its ways of being said, each by its weight.</summary>
    private List<(int Passage, double Score)> FirstPass(IReadOnlyList<Concept> concepts) => TopPassages.Pruned(_index, concepts, Candidates);

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
                // Without its own question marks: "Did you mean: …?" adds one.
                var corrected = string.Concat(question.AsSpan(0, at), word, question.AsSpan(at + concept.Surface.Length)).TrimEnd().TrimEnd('?').TrimEnd();
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
