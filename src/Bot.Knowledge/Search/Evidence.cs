using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Search;

/// <summary>
/// What a passage lacks that the question's kind asks for, so that it cannot answer however much of the question it
/// covers.
/// </summary>
[Flags]
internal enum Shortfall
{
    None = 0,

    /// <summary>
    /// A "how many" or "how much" question the passage holds no number for in a sentence that matches, or whose counted
    /// thing the passage holds, but never in a sentence that also has a number and something else the question asks about
    /// ("how many soldiers does China have" against "Kim sent thousands of troops ... calls for China to intervene": the
    /// number is about someone else's troops), or an "exactly how many" question it gives only a rough number for
    /// ("thousands").
    /// </summary>
    Number = 1,

    /// <summary>
    /// A "what year" question the passage gives no year, month or weekday for in a sentence that holds the question's
    /// event ("what year did Russia invade Ukraine" against "the invasion of Ukraine").
    /// </summary>
    Date = 2,

    /// <summary>
    /// A "what's the name of" question whose matching sentences neither introduce anyone, nor quote a title, that the
    /// question does not already name ("the name of the senior party official Xi sent" against "the most senior Chinese
    /// Communist party figure").
    /// </summary>
    Name = 4,

    /// <summary>
    /// A "where" question the passage names no place for: no name it does not already say, of no one quoted or introduced,
    /// in a sentence with what happened ("where was the trilateral summit held" against "Chinese, Japanese and South Korean
    /// leaders talked ... at a trilateral summit last month, Pyongyang denounced the discussion").
    /// </summary>
    Place = 8,

    /// <summary>A question asking who won whose outcome word the passage lacks (see <see cref="ParsedQuestion.OutcomeConcept"/>).</summary>
    Outcome = 16,

    /// <summary>
    /// A short question (see <see cref="Evidence.ShortQuestionConcepts"/>) none of whose names the passage holds: it is about
    /// them, however much of the rest the passage has ("what is China's GDP" against "one-fifth of North Korea's yearly gross
    /// domestic product").
    /// </summary>
    Subject = 32,

    /// <summary>A quote question about someone no article names (see <see cref="ParsedQuestion.AsksUnknownSpeaker"/>).</summary>
    Speaker = 64,
}

/// <summary>
/// How well one passage answers one question, from its precomputed terms: which concepts it holds and where,
/// the share of the question's weight it covers (whole and in its best sentence), whether the question's names
/// are there, and whether a sentence that matches also holds what the question's kind wants (<see cref="Lacks"/>).
/// </summary>
internal sealed record Evidence(
    int Passage, double Score, double Coverage, bool MissingEntity, bool MissingCounted, ulong MatchedConcepts, Shortfall Lacks = Shortfall.None, bool HoldsKind = false)
{
    /// <summary>Whether the passage's best sentence poses a question rather than answering one (see <see cref="PassageTerms.SentencePosesQuestion"/>).</summary>
    public bool PosesQuestion { get; init; }

    /// <summary>Whether the passage goes first as the answer to the question its predecessor poses, which answered the question.</summary>
    public bool AnswersPosedQuestion { get; init; }

    /// <summary>Questions are short; concepts beyond this many are not tracked for evidence (they still rank).</summary>
    private const int MaxConcepts = 64;

    /// <summary>Up to how many concepts the articles know a question is short: all subject, its names what it is about.</summary>
    internal const int ShortQuestionConcepts = 3;

    /// <summary>
    /// How the score weighs the share of the question's weight the passage covers, the share its best sentence holds (the
    /// question answered in one place), the first pass's BM25, and the share a sentence holds that also has what the
    /// question's kind asks for. Set on the tune split, and checked on the holdout.
    /// </summary>
    private const double CoverageWeight = 1.33;

    private const double BestSentenceWeight = 1.2;

    private const double Bm25Weight = 0.3;

    private const double KindSentenceWeight = 0.3;

    /// <summary>What a passage loses in rank for lacking what a "how many" question counts (its coverage bar rises too).</summary>
    private const double MissingCountedScore = 0.125;

    /// <summary>How much a concept counts when only the article's title holds it.</summary>
    private const double TitleWeight = 0.5;

    /// <summary>How much a name counts when only the paragraph before holds it (it still lacks the name to answer).</summary>
    private const double CarriedNameWeight = 1.0;

    /// <summary>How much a concept counts that a paragraph opening with "That" or "These" points back to.</summary>
    private const double PointedBackWeight = 0.931;

    public bool Matched(int concept) => concept < MaxConcepts && (MatchedConcepts & (1UL << concept)) != 0;

    /// <summary>What a passage loses in rank for lacking a name the question asks about (its coverage bar rises too).</summary>
    private const double MissingNameScore = 0.5;

    /// <summary>
    /// How much a passage gains that holds the name a "what is it called" question asks for: the one paragraph that quotes
    /// the treaty's title should not trail the ones that only mention the treaty.
    /// </summary>
    private const double NameHeldBonus = 0.3;

    /// <summary>How much a passage gains that quotes, or introduces, the person the question asks about.</summary>
    private const double SpeakerBonus = 0.35;

    public static Evidence Weigh(PassageIndex index, ParsedQuestion question, int passage, double bm25, double totalWeight)
    {
        var terms = index.Passages[passage];
        var concepts = question.Concepts;
        var sentenceCount = terms.SentenceHasNumber.Length;
        Span<double> best = stackalloc double[Math.Min(concepts.Count, MaxConcepts)];
        Span<double> sentenceWeight = sentenceCount * best.Length <= 1024 ? stackalloc double[sentenceCount * best.Length] : new double[sentenceCount * best.Length];
        sentenceWeight.Clear();
        best.Clear();
        var matched = MatchInText(terms, concepts, best, sentenceWeight);
        var (speakerWeight, quoted) = MatchSpeakers(terms, question, best, sentenceWeight);
        matched |= quoted;

        var (lacking, names, missingCounted, countedFound) = Lacking(terms, concepts, best);
        var missingEntity = lacking != 0;

        // But a news paragraph goes on about whom the one before it named ("Those efforts have since collapsed, with Kim in
        // February declaring..." follows the paragraph on Xi and Seoul): such a name ranks it as if it were there, and spares
        // it the rank a missing name costs. It does not answer as if it had the name, though: it still needs more of the rest.
        var missingNames = MissingNameShare(index, passage, question, best, lacking);
        matched |= PointedBackTo(index, passage, concepts, best, sentenceWeight);
        CreditTitle(index.TitleTerms[passage], concepts, best);

        var covered = 0.0;
        for (var c = 0; c < best.Length; c++)
        {
            covered += best[c] * concepts[c].Weight;
        }

        var (bestSentence, bestSentenceAt, kindSentence) = BestSentences(terms, question, best.Length, sentenceWeight);
        var lacks = Shortfalls(index, terms, question, best, sentenceWeight, kindSentence > 0, missingCounted, countedFound)
            | (missingEntity && lacking == names && question.KnownConcepts <= ShortQuestionConcepts ? Shortfall.Subject : Shortfall.None);
        var total = Math.Max(totalWeight, 1e-9);
        var coverage = covered / total;
        var score = (Bm25Weight * bm25 / total) + (CoverageWeight * coverage) + (BestSentenceWeight * bestSentence / total) + (KindSentenceWeight * kindSentence / total)
            + (SpeakerBonus * speakerWeight / total) - MissingNamesScore(missingNames) - (missingCounted ? MissingCountedScore : 0);
        score += question.AsksForName && (lacks & Shortfall.Name) == 0 ? NameHeldBonus : 0;
        return new Evidence(passage, score, coverage, missingEntity, missingCounted, matched, lacks, kindSentence > 0)
        {
            PosesQuestion = bestSentenceAt >= 0 && terms.SentencePosesQuestion[bestSentenceAt],
        };
    }

    /// <summary>
    /// Where the passage's text says each concept, in any of its ways: its best weight in <paramref name="best"/> and in each
    /// sentence (<paramref name="sentenceWeight"/>, a row of concepts per sentence); the concepts it holds, as bits.
    /// </summary>
    private static ulong MatchInText(PassageTerms terms, IReadOnlyList<Concept> concepts, Span<double> best, Span<double> sentenceWeight)
    {
        ulong matched = 0;
        for (var c = 0; c < best.Length; c++)
        {
            foreach (var alternative in concepts[c].Alternatives)
            {
                var (from, to) = terms.Occurrences(alternative.TermIds[0]);
                for (var k = from; k < to; k++)
                {
                    var j = terms.SortedTokens[k];
                    if (!PhraseAt(terms, j, alternative.TermIds))
                    {
                        continue;
                    }

                    matched |= 1UL << c;
                    best[c] = Math.Max(best[c], alternative.Weight);
                    ref var inSentence = ref sentenceWeight[(terms.Sentences[j] * best.Length) + c];
                    inSentence = Math.Max(inSentence, alternative.Weight);
                }
            }
        }

        return matched;
    }

    /// <summary>
    /// The concepts the people the passage quotes (or, for "who is", introduces) stand for, credited to the sentences they
    /// speak; and for a quote or "who" question, how much of the question's weight the person asked about carries.
    /// </summary>
    private static (double SpeakerWeight, ulong Matched) MatchSpeakers(PassageTerms terms, ParsedQuestion question, Span<double> best, Span<double> sentenceWeight)
    {
        // "What did Cha say": a quote by Victor Cha answers it; "who is Victor Cha": the paragraph that gives his role.
        // Any other question finds a name in the quotes of its speaker: the paragraph that only says "Cha said" is still
        // about the CSIS Korea chair.
        var concepts = question.Concepts;
        var speakers = question.Kind == AnswerKind.Person ? terms.Introduced : terms.Speakers;
        var anyKind = question.Kind is not (AnswerKind.Quote or AnswerKind.Person);
        var speakerWeight = 0.0;
        ulong matched = 0;
        for (var c = 0; c < best.Length && speakers.Length > 0; c++)
        {
            if (anyKind && !concepts[c].IsEntity)
            {
                continue;
            }

            foreach (var alternative in concepts[c].Alternatives)
            {
                if (AllIn(alternative.TermIds, speakers))
                {
                    matched |= 1UL << c;
                    best[c] = Math.Max(best[c], alternative.Weight);
                    speakerWeight = anyKind ? speakerWeight : Math.Max(speakerWeight, alternative.Weight * concepts[c].Weight);
                    SpeakInQuotedSentences(terms, sentenceWeight, best.Length, c, alternative.Weight);
                }
            }
        }

        return (speakerWeight, matched);
    }

    /// <summary>
    /// The question's names the passage lacks and all its names, as bits, and whether it lacks, or holds part of, what a
    /// "how many" question counts.
    /// </summary>
    private static (ulong Lacking, ulong Names, bool MissingCounted, bool CountedFound) Lacking(PassageTerms terms, IReadOnlyList<Concept> concepts, ReadOnlySpan<double> best)
    {
        // A name must be in the paragraph itself to answer: a title naming Xi does not make every paragraph about him, and a
        // name the articles never mention ("Merkel", "France") is missing everywhere. Nor can a paragraph give a number of
        // warheads that never says "warheads". A name that speaks for the question's does ("if Putin paid" for "did Russia pay").
        ulong lacking = 0;
        ulong names = 0;
        var missingCounted = false;
        var countedFound = false;
        for (var c = 0; c < best.Length; c++)
        {
            countedFound |= best[c] > 0 && concepts[c].IsCounted;
            names |= concepts[c].IsEntity ? 1UL << c : 0;
            lacking |= best[c] == 0 && concepts[c].IsEntity && !Array.Exists(concepts[c].SpokenForBy, name => CountPhrase(terms, name) > 0) ? 1UL << c : 0;
            missingCounted |= best[c] == 0 && concepts[c].IsCounted;
        }

        return (lacking, names, missingCounted, countedFound);
    }

    /// <summary>A concept the article's title holds counts <see cref="TitleWeight"/> for a paragraph that does not say it better.</summary>
    private static void CreditTitle(int[] title, IReadOnlyList<Concept> concepts, Span<double> best)
    {
        for (var c = 0; c < best.Length; c++)
        {
            foreach (var alternative in concepts[c].Alternatives)
            {
                if (best[c] < TitleWeight * alternative.Weight && AllIn(alternative.TermIds, title))
                {
                    best[c] = TitleWeight * alternative.Weight;
                }
            }
        }
    }

    /// <summary>
    /// The question's weight the best sentence holds and where it is, and the most any sentence holds that also has what
    /// the question's kind asks for (see <see cref="HoldsWhatIsAsked"/>).
    /// </summary>
    private static (double Weight, int At, double KindWeight) BestSentences(PassageTerms terms, ParsedQuestion question, int width, ReadOnlySpan<double> sentenceWeight)
    {
        var bestSentence = 0.0;
        var bestSentenceAt = -1;
        var kindSentence = 0.0;
        for (var s = 0; s < terms.SentenceHasNumber.Length; s++)
        {
            var weight = 0.0;
            for (var c = 0; c < width; c++)
            {
                weight += sentenceWeight[(s * width) + c] * question.Concepts[c].Weight;
            }

            bestSentenceAt = weight > bestSentence ? s : bestSentenceAt;
            bestSentence = Math.Max(bestSentence, weight);
            if (weight > 0 && HoldsWhatIsAsked(terms, s, question.Kind))
            {
                kindSentence = Math.Max(kindSentence, weight);
            }
        }

        return (bestSentence, bestSentenceAt, kindSentence);
    }

    /// <summary>
    /// What the passage lacks of what the question's kind asks for (see <see cref="Shortfall"/>), given whether a matching
    /// sentence holds it, and whether the passage lacks, or holds, part of what a "how many" question counts.
    /// </summary>
    private static Shortfall Shortfalls(
        PassageIndex index, PassageTerms terms, ParsedQuestion question, ReadOnlySpan<double> best, ReadOnlySpan<double> sentenceWeight, bool holdsKind, bool missingCounted, bool countedFound)
    {
        var concepts = question.Concepts;
        var width = best.Length;

        // A passage that holds none of what "how many troops does Russia have" counts cannot give the number; one that holds
        // part of it ("weapons" of "weapons shipments") still may. Nor can one with no number in a sentence that matches ("how
        // much does China spend on its military" against "expend its own political capital").
        var quantity = question.Kind == AnswerKind.Quantity;
        var unnumbered = (missingCounted && !countedFound)
            || (quantity && !holdsKind)
            || (quantity && !missingCounted && !NumberIsAbout(terms, concepts, sentenceWeight, width))
            || (question.AsksForExactNumber && !AnyMatchingSentence(terms.SentenceHasExactNumber, sentenceWeight, width));
        var unnamed = (question.AsksForName || question.AsksForOfficial) && !NamesAnother(index, terms, concepts, sentenceWeight, width)
            && !(question.AsksForOfficial && NamesRole(index, terms, concepts, sentenceWeight, width));
        var outcome = question.OutcomeConcept;
        return (unnumbered ? Shortfall.Number : Shortfall.None)
            | (question.AsksForCalendarDate && !AnyEventSentence(terms.SentenceHasCalendarDate, sentenceWeight, concepts, width) ? Shortfall.Date : Shortfall.None)
            | (unnamed ? Shortfall.Name : Shortfall.None)
            | (question.AsksForPlace && !NamesPlace(index, terms, concepts, sentenceWeight, width) ? Shortfall.Place : Shortfall.None)
            | (outcome >= 0 && !(outcome < width && best[outcome] > 0) ? Shortfall.Outcome : Shortfall.None)
            | (question.AsksUnknownSpeaker ? Shortfall.Speaker : Shortfall.None);
    }

    /// <summary>
    /// The speaker's name belongs to each sentence of what they are quoted saying: "How will Kim respond?" is the CSIS
    /// Korea chair's sentence, though only the next one says "Cha said".
    /// </summary>
    private static void SpeakInQuotedSentences(PassageTerms terms, Span<double> sentenceWeight, int width, int concept, double weight)
    {
        for (var s = 0; s < terms.SentenceHasQuote.Length; s++)
        {
            if (terms.SentenceHasQuote[s])
            {
                ref var inSentence = ref sentenceWeight[(s * width) + concept];
                inSentence = Math.Max(inSentence, weight);
            }
        }
    }

    /// <summary>
    /// What lacking names costs in rank: <see cref="MissingNameScore"/> when they are most of what the question names, half
    /// as much when they are at most half ("American military alliances in Asia" against a paragraph on "the US" and
    /// "military alliances in the region": it lacks Asia, not the question's subject).
    /// </summary>
    private static double MissingNamesScore(double missingShare) =>
        missingShare == 0 ? 0 : missingShare > 0.5 ? MissingNameScore : MissingNameScore / 2;

    /// <summary>
    /// Gives each of the question's names the paragraph lacks <see cref="CarriedNameWeight"/> of its weight in
    /// <paramref name="best"/> when the paragraph before it in its article holds the name, or <see cref="TitleWeight"/>
    /// when the article's title does (a story "on Ukraine" goes on about "Europe's largest conflict"); the share of the
    /// question's name weight that the paragraph <paramref name="lacking"/> (a bit per concept), its predecessor and its
    /// title all lack.
    /// </summary>
    private static double MissingNameShare(PassageIndex index, int passage, ParsedQuestion question, Span<double> best, ulong lacking)
    {
        var concepts = question.Concepts;
        var previous = index.PreviousInArticle[passage];
        var title = index.TitleTerms[passage];
        var missing = 0.0;
        for (var c = 0; c < best.Length; c++)
        {
            if (best[c] > 0 || !concepts[c].IsEntity)
            {
                continue;
            }

            foreach (var alternative in concepts[c].Alternatives)
            {
                if (previous >= 0 && CountPhrase(index.Passages[previous], alternative.TermIds) > 0)
                {
                    best[c] = Math.Max(best[c], CarriedNameWeight * alternative.Weight);
                }
                else if (AllIn(alternative.TermIds, title))
                {
                    best[c] = Math.Max(best[c], TitleWeight * alternative.Weight);
                }
            }

            missing += best[c] == 0 && (lacking & (1UL << c)) != 0 ? concepts[c].Weight : 0;
        }

        return question.NameWeight > 0 ? missing / question.NameWeight : 0;
    }

    /// <summary>
    /// Whether a sentence holds a number, a counted concept and, when the question asks about more than what it counts,
    /// one of those other concepts too; true when the question counts nothing.
    /// </summary>
    private static bool NumberIsAbout(PassageTerms terms, IReadOnlyList<Concept> concepts, ReadOnlySpan<double> sentenceWeight, int width)
    {
        var counts = false;
        for (var c = 0; c < width; c++)
        {
            counts |= concepts[c].IsCounted;
        }

        if (!counts)
        {
            return true;
        }

        // What else the question asks about, less what is said as the counted thing is ("how many soldiers does China have
        // in its army": the army is the soldiers, not another fact the number must be about).
        Span<bool> isOther = width <= 64 ? stackalloc bool[width] : new bool[width];
        var asksMore = false;
        for (var c = 0; c < width; c++)
        {
            isOther[c] = !concepts[c].IsCounted && concepts[c].Known && !SaidAsCounted(concepts, c, width);
            asksMore |= isOther[c];
        }

        for (var s = 0; s < terms.SentenceHasNumber.Length; s++)
        {
            if (!terms.SentenceHasNumber[s])
            {
                continue;
            }

            // A name that is part of what is counted must be in the number's sentence too, or one that speaks for it: "how many
            // Chinese troops" is not answered by "Kim Jong Un sent thousands of troops ... calls for China to intervene".
            var (counted, other, nameElsewhere) = (false, false, false);
            for (var c = 0; c < width; c++)
            {
                if (sentenceWeight[(s * width) + c] > 0)
                {
                    counted |= concepts[c].IsCounted;
                    other |= isOther[c];
                }
                else if (concepts[c].IsCounted && concepts[c].IsEntity && !Array.Exists(concepts[c].SpokenForBy, name => PhraseInSentence(terms, name, s)))
                {
                    nameElsewhere = true;
                }
            }

            if (counted && !nameElsewhere && (other || !asksMore))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a sentence that holds one of the question's concepts names someone the passage introduces, or quotes a title's
    /// name, that none of the question's concepts says. Introduces, not only quotes: a speaker may be a place ("Pyongyang
    /// denounced the discussion"), which is no name of the Japanese prime minister.
    /// </summary>
    private static bool NamesAnother(PassageIndex index, PassageTerms terms, IReadOnlyList<Concept> concepts, ReadOnlySpan<double> sentenceWeight, int width)
    {
        for (var j = 0; j < terms.Count; j++)
        {
            var id = terms.TermIds[j];
            var sentence = terms.Sentences[j];
            var isPerson = Array.BinarySearch(terms.Introduced, id) >= 0;
            // A name inside the quotation marks, as a quoted title is; not any name in a sentence that quotes ("Xi dispatched the
            // most senior Chinese Communist party figure ... to reassert the two sides' “deep friendship”" names no official).
            var isQuotedName = index.IsName[id] && terms.InQuotation[j];
            if ((isPerson || isQuotedName) && Matches(sentenceWeight, sentence, width) && !Says(concepts, id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a sentence that holds the question's event, when the passage holds it (else any of its concepts), names a
    /// place: a name the question does not say that is no one the passage quotes or introduces ("Brookings" for "where does
    /// Patricia Kim work", "Russia" for "where did Kim send his troops").
    /// </summary>
    private static bool NamesPlace(PassageIndex index, PassageTerms terms, IReadOnlyList<Concept> concepts, ReadOnlySpan<double> sentenceWeight, int width)
    {
        var holdsEvent = false;
        for (var c = 0; c < width; c++)
        {
            holdsEvent |= concepts[c].Known && !concepts[c].IsEntity && InAnySentence(sentenceWeight, c, width);
        }

        for (var j = 0; j < terms.Count; j++)
        {
            var id = terms.TermIds[j];
            if (!index.IsName[id] || Says(concepts, id) || Array.BinarySearch(terms.SpeakerNames, id) >= 0 || Array.BinarySearch(terms.Introduced, id) >= 0)
            {
                continue;
            }

            if (HoldsAsked(sentenceWeight, terms.Sentences[j], concepts, width, holdsEvent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a sentence that holds one of the question's concepts names a job the question does not say.</summary>
    private static bool NamesRole(PassageIndex index, PassageTerms terms, IReadOnlyList<Concept> concepts, ReadOnlySpan<double> sentenceWeight, int width)
    {
        for (var j = 0; j < terms.Count; j++)
        {
            var id = terms.TermIds[j];
            if (index.RoleTerms.Contains(id) && Matches(sentenceWeight, terms.Sentences[j], width) && !Says(concepts, id))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a sentence of the passage holds concept <paramref name="concept"/>.</summary>
    private static bool InAnySentence(ReadOnlySpan<double> sentenceWeight, int concept, int width)
    {
        for (var k = concept; k < sentenceWeight.Length; k += width)
        {
            if (sentenceWeight[k] > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Matches(ReadOnlySpan<double> sentenceWeight, int sentence, int width)
    {
        for (var c = 0; c < width; c++)
        {
            if (sentenceWeight[(sentence * width) + c] > 0)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether one of the concepts' ways of being said holds the term.</summary>
    private static bool Says(IReadOnlyList<Concept> concepts, int termId)
    {
        foreach (var concept in concepts)
        {
            foreach (var alternative in concept.Alternatives)
            {
                if (Array.IndexOf(alternative.TermIds, termId) >= 0)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Whether a sentence the flags mark holds what happened in the question, not only whom it names: "on what date is the
    /// US election" is not answered by "North Korea fired missiles Tuesday ... the US mainland", though the next sentence
    /// is about the election. A question that names only people and places needs one of those.
    /// </summary>
    private static bool AnyEventSentence(bool[] marked, ReadOnlySpan<double> sentenceWeight, IReadOnlyList<Concept> concepts, int width)
    {
        var asksForEvent = false;
        for (var c = 0; c < width; c++)
        {
            asksForEvent |= concepts[c].Known && !concepts[c].IsEntity;
        }

        for (var s = 0; s < marked.Length; s++)
        {
            if (marked[s] && HoldsAsked(sentenceWeight, s, concepts, width, asksForEvent))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether sentence <paramref name="sentence"/> holds one of the question's concepts, one not a name when <paramref name="eventOnly"/>.</summary>
    private static bool HoldsAsked(ReadOnlySpan<double> sentenceWeight, int sentence, IReadOnlyList<Concept> concepts, int width, bool eventOnly)
    {
        for (var c = 0; c < width; c++)
        {
            if (sentenceWeight[(sentence * width) + c] > 0 && !(eventOnly && concepts[c].IsEntity))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether a sentence the flags mark holds any of the question's concepts.</summary>
    private static bool AnyMatchingSentence(bool[] marked, ReadOnlySpan<double> sentenceWeight, int width)
    {
        for (var s = 0; s < marked.Length; s++)
        {
            if (marked[s] && Matches(sentenceWeight, s, width))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether concept <paramref name="c"/> shares a way of being said with a counted concept.</summary>
    private static bool SaidAsCounted(IReadOnlyList<Concept> concepts, int c, int width)
    {
        for (var k = 0; k < width; k++)
        {
            if (k == c || !concepts[k].IsCounted)
            {
                continue;
            }

            foreach (var mine in concepts[c].Alternatives)
            {
                foreach (var theirs in concepts[k].Alternatives)
                {
                    if (mine.TermIds.AsSpan().SequenceEqual(theirs.TermIds))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>How often the run of <paramref name="termIds"/> occurs in a passage.</summary>
    public static int CountPhrase(PassageTerms terms, int[] termIds)
    {
        var count = 0;
        var (from, to) = terms.Occurrences(termIds[0]);
        for (var k = from; k < to; k++)
        {
            if (PhraseAt(terms, terms.SortedTokens[k], termIds))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// A paragraph that opens with "That" or "These" is about what the one before it ended on: "That is equal to about
    /// one-fifth of North Korea's yearly gross domestic product" follows "weapons worth as much as $5.5 billion". The
    /// concepts the passage lacks that the previous paragraph's last sentence holds count at <see cref="PointedBackWeight"/>,
    /// in the passage and its opening sentence; the bits of the concepts so found.
    /// </summary>
    private static ulong PointedBackTo(PassageIndex index, int passage, IReadOnlyList<Concept> concepts, Span<double> best, Span<double> sentenceWeight)
    {
        var previous = index.PreviousInArticle[passage];
        if (!index.Passages[passage].OpensWithDemonstrative || previous < 0)
        {
            return 0;
        }

        var before = index.Passages[previous];
        var lastSentence = before.SentenceHasNumber.Length - 1;
        ulong found = 0;
        for (var c = 0; c < best.Length; c++)
        {
            foreach (var alternative in best[c] > 0 ? [] : concepts[c].Alternatives)
            {
                if (PhraseInSentence(before, alternative.TermIds, lastSentence))
                {
                    found |= 1UL << c;
                    best[c] = Math.Max(best[c], PointedBackWeight * alternative.Weight);
                    sentenceWeight[c] = Math.Max(sentenceWeight[c], PointedBackWeight * alternative.Weight);
                }
            }
        }

        return found;
    }

    /// <summary>Whether every one of <paramref name="ids"/> is in <paramref name="sorted"/>; a loop, since it runs per candidate.</summary>
    internal static bool AllIn(int[] ids, int[] sorted)
    {
        foreach (var id in ids)
        {
            if (Array.BinarySearch(sorted, id) < 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the phrase occurs in the passage's sentence <paramref name="sentence"/>.</summary>
    private static bool PhraseInSentence(PassageTerms terms, int[] termIds, int sentence)
    {
        var (from, to) = terms.Occurrences(termIds[0]);
        for (var k = from; k < to; k++)
        {
            var j = terms.SortedTokens[k];
            if (terms.Sentences[j] == sentence && PhraseAt(terms, j, termIds))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The spans of the passage that matched the question, synonyms included; neighbours merge into one.</summary>
    public static IReadOnlyList<TextSpan> Highlights(PassageIndex index, ParsedQuestion question, int passage)
    {
        var terms = index.Passages[passage];
        var text = index.Texts[passage];
        Span<int> lengths = terms.Count <= 512 ? stackalloc int[terms.Count] : new int[terms.Count];
        lengths.Clear();
        foreach (var concept in question.Concepts)
        {
            foreach (var alternative in concept.Alternatives)
            {
                var (from, to) = terms.Occurrences(alternative.TermIds[0]);
                for (var k = from; k < to; k++)
                {
                    var j = terms.SortedTokens[k];
                    if (PhraseAt(terms, j, alternative.TermIds))
                    {
                        lengths[j] = Math.Max(lengths[j], alternative.TermIds.Length);
                    }
                }
            }
        }

        var spans = new List<TextSpan>();
        for (var j = 0; j < terms.Count; j++)
        {
            var length = lengths[j];
            if (length == 0)
            {
                continue;
            }

            var start = terms.Starts[j];
            var end = terms.Starts[j + length - 1] + terms.Lengths[j + length - 1];
            if (spans.Count > 0 && spans[^1].End <= start && text.AsSpan(spans[^1].End, start - spans[^1].End).IsWhiteSpace())
            {
                spans[^1] = new TextSpan(spans[^1].Start, end - spans[^1].Start);
            }
            else if (spans.Count == 0 || spans[^1].End <= start)
            {
                spans.Add(new TextSpan(start, end - start));
            }

            j += length - 1;
        }

        return spans;
    }

    /// <summary>Whether the phrase starts at token <paramref name="j"/>: its terms in a row, a stop word allowed between.</summary>
    private static bool PhraseAt(PassageTerms terms, int j, int[] termIds)
    {
        if (j + termIds.Length > terms.Count)
        {
            return false;
        }

        for (var t = 1; t < termIds.Length; t++)
        {
            if (terms.TermIds[j + t] != termIds[t] || terms.Positions[j + t] - terms.Positions[j + t - 1] > 2)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a sentence holds what the question's kind asks for: a number, a time, what someone said, or who.</summary>
    private static bool HoldsWhatIsAsked(PassageTerms terms, int sentence, AnswerKind kind) => kind switch
    {
        AnswerKind.Quantity => terms.SentenceHasNumber[sentence],
        AnswerKind.Date => terms.SentenceHasDate[sentence],
        AnswerKind.Quote => terms.SentenceHasQuote[sentence],

        // "Who from Pyongyang visited Russia most recently": "a visit by its foreign minister" says who, without a quote.
        AnswerKind.Person => terms.SentenceHasQuote[sentence] || terms.SentenceHasRole[sentence],
        _ => false,
    };
}
