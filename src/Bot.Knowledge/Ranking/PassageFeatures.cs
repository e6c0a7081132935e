using Bot.Knowledge.Search;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// Stage four of the answer search, rescoring: what a candidate passage has going for it, as a few general features,
/// each a share of the question's weight so that they mean the same on any articles and any question:
/// </summary>
/// <remarks>
/// <list type="number">
/// <item><c>Bm25</c>: the first pass's BM25 of the passage over the question's concepts.</item>
/// <item><c>Coverage</c>: the concepts the passage says.</item>
/// <item><c>Sentence</c>: the concepts its best sentence says together.</item>
/// <item><c>Context</c>: concepts it lacks that the paragraph before it says (a story names the firm once, then says "it").</item>
/// <item><c>Article</c>: concepts it lacks that the rest of its article or its title says.</item>
/// <item><c>Title</c>: the concepts its article's title says.</item>
/// <item><c>Lead</c>: 1 for an article's first paragraph, which news writing makes its summary.</item>
/// <item><c>Type</c>: 1 when the question asks for a number, a date, someone's words, a person or a place and the best
/// sentence holds one (a person: a noun WordNet files under people, or someone's words).</item>
/// <item><c>Missing</c>: the heaviest concept that neither the passage, the paragraph before it nor its title says, as a
/// share of the whole question's weight, words no article has included: "who won the 2005 French Open" answered by a
/// paragraph on Federer that never says 2005.</item>
/// <item><c>Asks</c>: 1 when the question asks for a number, a date, someone's words or a person. The same for every
/// candidate of a question, so it moves only the abstention. (It was meant to say "and the best sentence holds none", but
/// was computed before <c>Type</c> and so never did; computed as meant and refitted, the ranking did not move and the
/// abstention refused fewer off-topic questions, so what the model was fitted on stays, said plainly.)</item>
/// <item><c>Ordinary</c>: the share of the question's everyday words (not names nor rare words) the passage says: a
/// question that shares a story's names but asks what it never says ("who directed the next film") says few of them.</item>
/// </list>
/// </remarks>
internal static class PassageFeatures
{
    public const int Count = 11;

    public static readonly string[] Names = ["bm25", "coverage", "sentence", "context", "article", "title", "lead", "type", "missing", "asks", "ordinary"];

    /// <summary>Fills <paramref name="features"/> for <paramref name="passage"/>; returns the concepts it says, as a mask.</summary>
    public static ulong Compute(
        PassageIndex index, ArticleConcepts places, ReadQuestion question, int passage, double bm25, Span<double> features, Span<double> sentenceWeights)
    {
        var total = Math.Max(question.KnownWeight, 1e-9);
        var terms = index.Passages[passage];
        var previous = index.PreviousInArticle[passage];
        var title = index.TitleTerms[passage];
        var (titleMask, articleMask) = places.Of(passage);
        sentenceWeights.Clear();
        double coverage = 0, context = 0, elsewhere = 0, inTitle = 0, missing = 0, ordinary = 0, ordinarySaid = 0;
        ulong said = 0;
        for (var c = 0; c < question.Concepts.Count; c++)
        {
            var concept = question.Concepts[c];
            var titled = concept.Known && (c < ArticleConcepts.Masked ? (titleMask & (1UL << c)) != 0 : HoldsAny(title, concept));
            var isOrdinary = question.Rarities[c] < ReadQuestion.NameLikeRarity;
            ordinary += isOrdinary ? concept.Weight : 0;
            var best = 0.0;
            var bestAlternative = -1;
            for (var a = 0; a < concept.Alternatives.Length; a++)
            {
                var alternative = concept.Alternatives[a];
                if (alternative.Weight > best && Holds(terms, alternative.TermIds))
                {
                    best = alternative.Weight;
                    bestAlternative = a;
                }
            }

            if (bestAlternative >= 0)
            {
                coverage += concept.Weight * best;
                ordinarySaid += isOrdinary ? concept.Weight * best : 0;
                said |= c < 64 ? 1UL << c : 0;
                AddToSentences(terms, concept.Alternatives[bestAlternative].TermIds[0], concept.Weight * best, sentenceWeights);
            }
            else if (concept.Known && previous >= 0 && HoldsAny(index.Passages[previous], concept))
            {
                context += concept.Weight;
            }
            else
            {
                elsewhere += concept.Known && (c < ArticleConcepts.Masked ? (articleMask & (1UL << c)) != 0 : places.InArticle(passage, concept)) ? concept.Weight : 0;
                missing = titled ? missing : Math.Max(missing, concept.Weight);
            }

            inTitle += titled ? concept.Weight : 0;
        }

        var bestSentence = 0;
        for (var s = 1; s < sentenceWeights.Length; s++)
        {
            bestSentence = sentenceWeights[s] > sentenceWeights[bestSentence] ? s : bestSentence;
        }

        features[0] = bm25 / total;
        features[1] = coverage / total;
        features[2] = sentenceWeights.Length == 0 ? 0 : sentenceWeights[bestSentence] / total;
        features[3] = context / total;
        features[4] = elsewhere / total;
        features[5] = inTitle / total;
        features[6] = previous < 0 ? 1 : 0;
        features[10] = ordinary <= 0 ? 1 : ordinarySaid / ordinary;
        features[7] = question.Asks != AnswerType.None && sentenceWeights.Length > 0 && HoldsType(terms, bestSentence, question.Asks) ? 1 : 0;
        features[8] = missing / Math.Max(question.TotalWeight, 1e-9);
        features[9] = question.Asks is not (AnswerType.None or AnswerType.Place) ? 1 : 0;
        return said;
    }

    public static double Score(ReadOnlySpan<double> features, double[] weights)
    {
        var score = 0.0;
        for (var i = 0; i < features.Length && i < weights.Length; i++)
        {
            score += features[i] * weights[i];
        }

        return score;
    }

    private static bool HoldsType(PassageTerms terms, int sentence, AnswerType asks) =>
        ((asks & AnswerType.Number) != 0 && terms.SentenceHasNumber[sentence])
        || ((asks & AnswerType.Date) != 0 && terms.SentenceHasDate[sentence])
        || ((asks & AnswerType.Quote) != 0 && terms.SentenceHasQuote[sentence])
        || ((asks & AnswerType.Person) != 0 && (terms.SentenceHasRole[sentence] || terms.SentenceHasQuote[sentence]));

    /// <summary>Credits the sentences that hold the term with the concept's weight.</summary>
    private static void AddToSentences(PassageTerms terms, int term, double weight, Span<double> sentenceWeights)
    {
        var (from, to) = terms.Occurrences(term);
        var last = -1;
        for (var k = from; k < to; k++)
        {
            var sentence = terms.Sentences[terms.SortedTokens[k]];
            if (sentence != last && sentence < sentenceWeights.Length)
            {
                sentenceWeights[sentence] += weight;
                last = sentence;
            }
        }
    }

    private static bool Holds(PassageTerms terms, int[] termIds) =>
        termIds.Length == 1 ? terms.Occurrences(termIds[0]) is var (from, to) && to > from : PhraseMatch.Count(terms, termIds) > 0;

    private static bool HoldsAny(PassageTerms terms, Concept concept)
    {
        foreach (var alternative in concept.Alternatives)
        {
            if (Holds(terms, alternative.TermIds))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the sorted terms (a title's, an article's) hold every term of one of the concept's ways of saying it.</summary>
    public static bool HoldsAny(int[] sortedTerms, Concept concept)
    {
        foreach (var alternative in concept.Alternatives)
        {
            if (PhraseMatch.AllIn(alternative.TermIds, sortedTerms))
            {
                return true;
            }
        }

        return false;
    }
}
