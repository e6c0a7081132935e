using System.Collections.Frozen;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Search;

/// <summary>
/// What kind of passage answers a question: who → a name with a role, when or how long → a date or a span of time
/// ("a decade", "since June 2019"), how much → a number, what did X say → a quote.
/// </summary>
internal enum AnswerKind
{
    Any,
    Person,
    Date,
    Quantity,
    Quote,
}

/// <summary>One way a concept can appear in a passage: a run of terms, and how much a match through it counts.</summary>
internal readonly record struct Alternative(int[] TermIds, double Weight);

/// <summary>
/// A thing the question asks about ("north korea", "soldiers"), as the question wrote it, with every way the
/// articles may say it. <see cref="Weight"/> is its idf; an unknown concept has no alternatives.
/// </summary>
/// <remarks>
/// <see cref="IsCounted"/> marks what a "how many/how much" question counts ("how many <em>nuclear warheads</em>"):
/// a passage without it cannot give the number, however much else of the question it holds.
/// </remarks>
internal sealed record Concept(string Surface, Alternative[] Alternatives, double Weight, bool IsEntity, bool IsCounted = false)
{
    public bool Known => Alternatives.Length > 0;

    /// <summary>Whether English at large uses every word of it: for a word the articles lack, a real word and not a typo.</summary>
    public bool IsEnglish { get; init; }

    /// <summary>Whether a dictionary of English has every word of it ("intercede"), though no Brown text may use it.</summary>
    public bool IsDictionaryWord { get; init; }

    /// <summary>
    /// Whether it is a name the question asks what they said or think: it stands between "did" and "say" ("what did Zelensky
    /// say"), or before an opinion ("Zelensky's reaction").
    /// </summary>
    public bool IsAskedSpeaker { get; init; }

    /// <summary>Names that speak for this one ("putin" for "russia"): a paragraph with one of them does not lack it.</summary>
    public int[][] SpokenForBy { get; init; } = [];
}

/// <summary>A question read for search: its answer kind and its concepts, after synonyms and spelling.</summary>
internal sealed record ParsedQuestion(AnswerKind Kind, IReadOnlyList<Concept> Concepts, IReadOnlyList<string> Corrections)
{
    /// <summary>Words that shape a question or pad a chat message but say nothing about its subject.</summary>
    private static readonly FrozenSet<string> FunctionWords = new[]
    {
        "what", "whats", "wat", "who", "whom", "whose", "when", "where", "why", "how", "which", "do", "does", "did", "done", "doing",
        "has", "have", "had", "can", "could", "would", "should", "shall", "may", "might", "must", "i", "im", "you", "me", "my", "we",
        "our", "he", "she", "him", "her", "his", "hers", "them", "its", "it", "tell", "about", "much", "many", "any", "some", "so",
        "very", "happen", "happened", "know", "get", "got", "gotten", "s", "t", "pls", "plz", "please", "lol", "ppl", "people", "lot", "lots", "thing", "things",
        "anyone", "someone", "really", "actually", "exactly", "exact", "precise", "precisely", "just", "also", "still", "like", "ok", "okay", "hey", "hi", "guys", "bot",
        "article", "articles", "mean", "means", "each", "other", "more", "most", "been", "being", "than", "up", "out", "all", "from",
        "were", "am", "cant", "dont", "doesnt", "didnt", "wont", "isnt", "arent", "wasnt", "going", "gonna", "say", "said", "says", "saying", "quote", "quotes", "quoted", "think", "thinks", "opinion", "view", "views", "react", "reaction", "whom", "ever", "there",
        "take", "person", "guy", "dude", "lady", "woman", "gentleman", "folks", "wouldnt", "couldnt", "shouldnt", "hasnt", "havent", "hadnt", "werent", "aint", "whos", "hows",
        "wheres", "whys", "thats", "theres", "theyre", "youre", "ive", "youve", "theyve", "everyone", "everybody", "anybody", "somebody",
        "anything", "something", "everything",
        // Fillers that soften or stress a question without saying what it is about: "does beijing even have any say".
        "basically", "literally", "even", "anyway", "seriously", "honestly", "totally", "probably", "maybe", "perhaps", "already", "simply",
        "anymore", "vs", "versus", "because", "piece", "story", "report", "lowkey", "highkey", "nah", "yeah", "yep", "yup", "nope", "bruh", "fam", "supposedly", "supposed", "conveniently", "true",
        // Chat shorthand: "wat did zhou bo say abt china", "idk tbh".
        "abt", "bout", "tho", "ur", "u", "r", "rn", "idk", "imo", "imho", "tbh", "btw", "fr", "ngl", "ya", "yall", "wanna", "gotta", "kinda",
        "sorta", "smth", "sth", "bc", "cuz", "coz", "cos", "w", "wrt", "re", "pl", "thx", "thanks", "ty", "yo", "sup", "hmm", "um", "uh", "blah", "lmao", "omg",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What someone thinks, as a noun: the word before it is whose.</summary>
    private static readonly FrozenSet<string> OpinionNouns = new[] { "stance", "position", "view", "views", "take", "opinion", "reaction", "response", "thoughts", "attitude" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that ask for a figure or a date to the unit: "the exact number", "precisely when".</summary>
    private static readonly FrozenSet<string> ExactnessWords = new[] { "exact", "exactly", "precise", "precisely" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What "what ___" asks for when it asks for a date.</summary>
    private static readonly FrozenSet<string> CalendarNouns = new[] { "year", "date", "day", "month" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// What people are called by their job: "who is China's foreign minister", "who was the envoy" asks for a name. Not
    /// "president" or "leader", which news stories put before the name ("Chinese President Xi Jinping") rather than
    /// introduce someone with, nor "official", which a paragraph may answer with a role ("its foreign minister").
    /// </summary>
    private static readonly FrozenSet<string> RoleNouns = new[]
    {
        "envoy", "minister", "spokesperson", "spokesman", "spokeswoman", "professor", "analyst", "scholar", "expert", "diplomat",
        "representative", "ambassador",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that ask who won.</summary>
    private static readonly FrozenSet<string> OutcomeWords = new[] { "won", "win", "wins", "winning", "winner", "victory" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Words that make a question about a possibility, not a fact: "could a Trump win change things".</summary>
    private static readonly FrozenSet<string> PossibilityWords = new[] { "could", "would", "might", "may", "will", "can", "should", "if", "whether" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What "what ___" or "which ___" asks for when it asks for a place.</summary>
    private static readonly FrozenSet<string> PlaceNouns = new[] { "city", "country", "place", "town", "venue", "location" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Words that make a question ask for a name.</summary>
    private static readonly FrozenSet<string> NameWords = new[] { "name", "named", "called" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Chat words that only open a message: "yo, what did kim say", but "what did Kim Yo Jong say".</summary>
    private static readonly FrozenSet<string> OpeningOnlyWords = new[] { "yo" }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly SpellingIndex FunctionWordSpelling = new(FunctionWords.Where(word => word.Length >= 4));

    private static readonly FrozenSet<string> SayingWords = new[] { "say", "said", "says", "saying", "think", "thinks", "opinion", "view", "views", "react", "reaction", "comment", "claim", "argue", "believe", "take", "quote", "quotes", "words", "ask", "asked", "asks", "warn", "warned", "warns", "commented", "comments", "claimed", "claims", "argued", "argues", "believes", "believed",
        // The formal ways to ask it: "how did Xinhua characterise Washington's reaction", "how does China describe it".
        "characterise", "characterises", "characterised", "characterize", "characterizes", "characterized", "describe", "describes", "described",
        "assert", "asserts", "asserted", "remark", "remarks", "remarked" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The saying words as a typo would miss them ("comented"), so that the question is still asked as a quote.</summary>
    private static readonly SpellingIndex SayingWordSpelling = new(SayingWords.Where(word => word.Length >= 5));

    /// <summary>Words that end the noun a "how many" question counts ("how many years <em>since</em> ...").</summary>
    private static readonly FrozenSet<string> Prepositions = new[]
    {
        "since", "after", "before", "over", "under", "between", "during", "until", "per", "across", "against", "toward", "towards",
        "via", "within", "without", "among", "around", "near", "last", "ago",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Words that place a time relative to another ("when did they <em>last</em> meet", "<em>before</em> this summer"):
    /// the article states the time itself, so they count for little.
    /// </summary>
    private static readonly FrozenSet<string> TimeRelationWords = new[]
    {
        "last", "before", "after", "since", "ago", "first", "next", "recently", "lately", "recent", "previous", "previously", "latest", "earlier", "later", "now", "currently",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>How much a time-relation word counts next to a word of the question's subject.</summary>
    public const double TimeRelationWeight = 0.3;

    /// <summary>The nouns that make "what ___" ask for a number: the question's shape, not its subject.</summary>
    private static readonly FrozenSet<string> QuantityNouns = new[] { "share", "percentage", "percent", "proportion", "amount", "number", "fraction" }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The nouns that ask for a number only after "exact" or "precise": "the exact figure", "the precise count".</summary>
    private static readonly FrozenSet<string> ExactQuantityNouns = new[] { "figure", "count" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>How much a match through a synonym counts next to the question's own word.</summary>
    public const double SynonymWeight = 0.85;

    /// <summary>How much a word counts that was corrected from a typo.</summary>
    public const double CorrectionWeight = 0.8;

    public double TotalWeight { get; } = Sum(Concepts);

    /// <summary>How many of the question's concepts the articles know.</summary>
    public int KnownConcepts { get; } = Concepts.Count(concept => concept.Known);

    /// <summary>The weight of the question's names, out of <see cref="TotalWeight"/>.</summary>
    public double NameWeight { get; } = Sum(Concepts.Where(concept => concept.IsEntity));

    /// <summary>
    /// How many concepts ease the coverage an answer needs: every one the articles know, and at most one they never use.
    /// A long question is mostly how its asker put it, said otherwise in the paragraph; but a second word no article has
    /// ("what is the exact *range* in *km* of north korea's icbm") is more likely what the articles do not cover. So is
    /// any real word no article has in a "how many / how much" question, which asks for one fact ("how many soldiers have
    /// *died*", "how much is *annual* trade in *dollars*"); a typo left uncorrected still eases it.
    /// </summary>
    public int EasingConcepts { get; } = Easing(Concepts, Kind);

    /// <summary>
    /// "What year", "which day", "on what date": a date question that a year, month or weekday answers, not "in recent
    /// years" or "since the war".
    /// </summary>
    public bool AsksForCalendarDate { get; init; }

    /// <summary>
    /// "What's the name of the official Xi sent", "what is the treaty called", "who is China's foreign minister": the answer
    /// is a name, of someone the paragraph introduces, or a title it quotes.
    /// </summary>
    public bool AsksForName { get; init; }

    /// <summary>"Why would Kim and Putin risk annoying Xi": the answer is a reason (see <see cref="Evidence.AnswersPosedQuestion"/>).</summary>
    public bool AsksWhy { get; init; }

    /// <summary>
    /// "Who was the senior party official Xi sent": the answer is someone the paragraph introduces, or a job the question
    /// does not already say ("its foreign minister"), not the paragraph that only says what the question does.
    /// </summary>
    public bool AsksForOfficial { get; init; }

    /// <summary>
    /// The concept a question asks who won by, asked as a fact ("who won the US election", "did Trump end up winning"), not as
    /// a possibility ("could a Trump win change things"); else -1. A paragraph that only says "a tight US election that
    /// could return to power Donald Trump" does not say who won.
    /// </summary>
    public int OutcomeConcept { get; init; } = -1;

    /// <summary>"Where was the summit held", "which city hosted it": the answer is a place the paragraph names.</summary>
    public bool AsksForPlace { get; init; }

    /// <summary>
    /// Whether the question is put in its asker's own vocabulary (see <see cref="PutInOtherWords"/>): its names are likely
    /// said otherwise too ("the two sovereign states", "their alliance"), so a paragraph lacking one is less far off.
    /// </summary>
    public bool InOtherWords { get; init; }

    /// <summary>
    /// "What did Zelensky say", "Kim Yo Jong's reaction": a quote question about someone no article names, by a word that is
    /// not English either (so not a role the articles put otherwise, "America's top diplomat"). No paragraph can quote them.
    /// </summary>
    public bool AsksUnknownSpeaker { get; init; }

    /// <summary>
    /// "Exactly how many troops", "the precise number of soldiers": a count or an amount answers it, not "thousands".
    /// </summary>
    public bool AsksForExactNumber { get; init; }

    /// <summary>The publishers the question names ("according to the FT"): their paragraphs go first among close ones.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Whether a lower-cased word is one the reading of a question drops.</summary>
    public static bool IsFunctionWord(string word) => FunctionWords.Contains(word.ToLowerInvariant());

    /// <summary>Whether a lower-cased question word only shapes the question: a function word or a stop word.</summary>
    private static bool IsShapeWord(string word) => FunctionWords.Contains(word) || TextAnalyzer.EnglishStopWords.Contains(word);

    public static ParsedQuestion Parse(string question, TextAnalyzer analyzer, PassageIndex index, SynonymTable synonyms, SpellingIndex spelling)
    {
        var tokens = new List<Token>();
        analyzer.Analyze(question, tokens, keepStopWords: true);
        var words = new List<string>(tokens.Count);
        foreach (var token in tokens)
        {
            var word = Lower(question.AsSpan(token.Start, token.Length));

            // "has modi comented": a mistyped saying word still frames a quote question.
            words.Add(word.Length >= 6 && !SayingWords.Contains(word) && !index.TermIds.ContainsKey(token.Term) && !EnglishWordFrequencies.Shared.IsEnglishWord(word)
                && SayingWordSpelling.TryOnlyNear(word, out var saying) ? saying : word);
        }

        var degree = DegreeMarks(words);
        var kind = KindOf(words, degree);
        var (sourceWords, sources) = SourceWords(tokens, index.SourceNames);
        var speakerSlot = SpeakerSlot(words);

        var kept = new List<QuestionWord>(tokens.Count);
        var terms = new string[tokens.Count];
        List<string>? corrections = null;
        var counting = false;
        for (var i = 0; i < tokens.Count; i++)
        {
            var word = words[i];
            if (word is "many" or "much" && i > 0 && words[i - 1] == "how")
            {
                counting = !degree[i];
                continue;
            }

            // "How long", "how big": the question's shape (a span of time, a size), not its subject.
            if (word is "long" or "big" or "large" or "often" or "far" or "soon" && i > 0 && words[i - 1] == "how")
            {
                continue;
            }

            // "Name", "called": the question's shape, like "say" (see AsksForName). "People" only shapes "why did people
            // fear"; in "how many people died" it is what is counted.
            var isFunctionWord = ((IsShapeWord(word) && !(i > 0 && OpeningOnlyWords.Contains(word))) || NameWords.Contains(word))
                && !(counting && word is "people" or "ppl");

            // The counted noun runs from its first word after "how many" to the next word that is not part of it; "how
            // much could Putin pay" counts nothing (a verb follows "how much", not a noun).
            if ((isFunctionWord || Prepositions.Contains(word)) && counting && (kept.Count == 0 || kept[^1].Counted || words[i - 1] is "many" or "much"))
            {
                counting = false;
            }

            // "What share", "the exact number", "the precise figure": the question's shape.
            if (isFunctionWord || sourceWords[i] || (QuantityNouns.Contains(word) && i > 0 && words[i - 1] is "what" or "wat" or "which" or "exact" or "precise")
                || (ExactQuantityNouns.Contains(word) && i > 0 && words[i - 1] is "exact" or "precise"))
            {
                continue;
            }

            var term = tokens[i].Term;
            var weight = 1.0;
            if (!index.TermIds.ContainsKey(term) && AdjectiveOf(word, analyzer, index) is { } adjective)
            {
                // "militarily", "publicly": the stemmer keeps the adverb apart from the adjective the articles use.
                term = adjective;
            }
            else if (!index.TermIds.ContainsKey(term) && OwnerOf(word, analyzer, index) is { } owner)
            {
                // "nks", "xis": a possessive typed without its apostrophe, of a name too short for the stemmer to cut.
                term = owner;
            }
            else if ((word.Length >= 5 || (word.Length == 4 && !EnglishWordFrequencies.Shared.IsEnglishWord(word)))
                && !index.TermIds.ContainsKey(term) && synonyms.LongestMatch(new ReadOnlySpan<string>(ref term)).Length == 0
                && spelling.TryOnlyNear(word, out var near))
            {
                // A typo: take the known word one edit away, when there is exactly one (else guessing would mislead). A
                // four-letter word is one only when English has no such word ("putn", "kimm"; not "lose" for "rose").
                (corrections ??= []).Add(near);
                term = analyzer.Term(near) ?? term;
                weight = CorrectionWeight;
            }
            else if (word.Length >= 5 && !index.TermIds.ContainsKey(term) && !EnglishWordFrequencies.Shared.IsEnglishWord(word)
                && FunctionWordSpelling.TryOnlyNear(word, out _))
            {
                // A mistyped function word ("anythign", "actualy") is still only the question's shape.
                continue;
            }

            terms[kept.Count] = term;
            kept.Add(new QuestionWord(
                tokens[i].Start,
                tokens[i].Length,
                weight,
                TimeRelationWords.Contains(word) ? TimeRelationWeight : 1.0,
                i > 0 && char.IsUpper(question[tokens[i].Start]),
                counting && !Prepositions.Contains(word),
                speakerSlot[i]));
        }

        var concepts = new List<Concept>(kept.Count);
        var literals = new List<string[]>(kept.Count);
        for (var i = 0; i < kept.Count;)
        {
            var (length, alternatives) = synonyms.LongestMatch(terms.AsSpan(i, kept.Count - i));
            var span = Math.Max(1, length);
            var literal = terms.AsSpan(i, span).ToArray();
            if (!literals.Exists(known => known.AsSpan().SequenceEqual(literal)))
            {
                literals.Add(literal);
                var first = kept[i];
                var surface = span == 1 ? question.Substring(first.Start, first.Length) : SurfaceOf(question, kept, i, span);
                var concept = MakeConcept(surface, literal, alternatives, first, kind == AnswerKind.Quote, index);
                concepts.Add(concept.IsEntity ? concept with { SpokenForBy = SpokenFor(literal, alternatives, synonyms, index) } : concept);
            }

            i += span;
        }

        var inOtherWords = PutInOtherWords(concepts);
        return new ParsedQuestion(kind, concepts, corrections ?? [])
        {
            InOtherWords = inOtherWords,
            Sources = sources,
            AsksForCalendarDate = AsksForCalendar(words),
            AsksForName = AsksForAName(words) || (kind == AnswerKind.Person && words.Exists(RoleNouns.Contains)),
            AsksWhy = words.Contains("why"),
            AsksForPlace = AsksWhere(words),
            AsksUnknownSpeaker = kind == AnswerKind.Quote && concepts.Exists(concept => concept.IsAskedSpeaker && !concept.Known && !concept.IsEnglish),
            AsksForOfficial = kind == AnswerKind.Person && words.Exists(word => word is "official" or "officials"),
            OutcomeConcept = words.Exists(PossibilityWords.Contains) ? -1 : concepts.FindIndex(concept => OutcomeWords.Contains(concept.Surface)),
            AsksForExactNumber = words.Exists(ExactnessWords.Contains) && (kind == AnswerKind.Quantity || words.Exists(word => QuantityNouns.Contains(word) || ExactQuantityNouns.Contains(word))),
        };
    }

    /// <summary>
    /// "What apprehensions did the prospect of North Korean personnel taking up arms on the Kremlin's behalf arouse?": a
    /// question with <see cref="OtherWordsQuestion"/> or more English words that no article uses is put in vocabulary of its
    /// asker's own, and those words say how it is put more than what it asks ("fears" of "troops"); each counts
    /// <see cref="OtherWordsWeight"/> of its weight. One or two such words are more likely the fact the articles lack
    /// ("how many soldiers have died"). Returns whether the question is such a one.
    /// </summary>
    private static bool PutInOtherWords(List<Concept> concepts)
    {
        static bool IsOtherWord(Concept concept) => !concept.Known && !concept.IsEntity && concept.IsDictionaryWord;
        if (concepts.Count(IsOtherWord) < OtherWordsQuestion)
        {
            return false;
        }

        for (var c = 0; c < concepts.Count; c++)
        {
            concepts[c] = IsOtherWord(concepts[c]) ? concepts[c] with { Weight = concepts[c].Weight * OtherWordsWeight } : concepts[c];
        }

        return true;
    }

    /// <summary>How many English words no article uses put a question in other words (see <see cref="PutInOtherWords"/>).</summary>
    private const int OtherWordsQuestion = 3;

    /// <summary>What such a word counts of its weight.</summary>
    private const double OtherWordsWeight = 0.5;

    /// <summary>The names that speak for a concept's ways of being said (the table's "~&gt;" groups), as term ids in the index.</summary>
    private static int[][] SpokenFor(string[] literal, IReadOnlyList<string[]> synonyms, SynonymTable table, PassageIndex index)
    {
        List<int[]>? found = null;
        for (var a = -1; a < synonyms.Count; a++)
        {
            foreach (var speaker in table.SpeakersFor(a < 0 ? literal : synonyms[a]))
            {
                if (TermIdsOf(speaker, index) is { } ids && !(found ??= []).Exists(other => other.AsSpan().SequenceEqual(ids)))
                {
                    found.Add(ids);
                }
            }
        }

        return found is null ? [] : [.. found];
    }

    /// <summary>The most words "what did ... say" holds for who is asked about: "the senior South Korean official".</summary>
    private const int MaxSpeakerSlotWords = 6;

    /// <summary>
    /// The words between "did" (or "does", "has" ...) and "say" (or "think", "warn" ...): who the question asks about, in
    /// "what did the CSIS expert say" as in "did Modi say anything", and the word before an opinion ("modi stance on").
    /// </summary>
    private static bool[] SpeakerSlot(List<string> words)
    {
        var slot = new bool[words.Count];
        var saying = words.FindIndex(SayingWords.Contains);
        var auxiliary = saying < 0 ? -1 : words.FindLastIndex(saying, word => word is "did" or "does" or "do" or "has" or "have" or "would" or "will");

        // "Which Cold War habit does the Financial Times recall in connection with Kim's remarks": more words than a name and
        // its role take are a clause ("recall in connection with"), not who is asked about.
        if (auxiliary >= 0 && saying - auxiliary - 1 <= MaxSpeakerSlotWords)
        {
            for (var k = auxiliary + 1; k < saying; k++)
            {
                slot[k] = true;
            }
        }

        // "Modi stance on the treaty", "macron's position on china": the word before an opinion is whose opinion is asked.
        for (var i = 1; i < words.Count; i++)
        {
            if (OpinionNouns.Contains(words[i]) && !IsShapeWord(words[i - 1]))
            {
                slot[i - 1] = true;
            }
        }

        return slot;
    }

    /// <summary>Which of the question's tokens name a publisher ("the FT", "Bloomberg"), and which publishers: where to look, not what to find.</summary>
    private static (bool[] Marked, List<string> Publishers) SourceWords(List<Token> tokens, IReadOnlyList<(string[] Terms, string Publisher)> sourceNames)
    {
        var marked = new bool[tokens.Count];
        var publishers = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            foreach (var (name, publisher) in sourceNames)
            {
                var matches = i + name.Length <= tokens.Count;
                for (var t = 0; matches && t < name.Length; t++)
                {
                    matches = tokens[i + t].Term == name[t];
                }

                for (var t = 0; matches && t < name.Length; t++)
                {
                    marked[i + t] = true;
                }

                if (matches && !publishers.Contains(publisher))
                {
                    publishers.Add(publisher);
                }
            }
        }

        return (marked, publishers);
    }

    /// <summary>
    /// The articles' term for the adjective an "-ly" adverb is made from ("militarily" → military, "happily" → happy,
    /// "automatically" → automatic), or null when there is none.
    /// </summary>
    private static string? AdjectiveOf(string word, TextAnalyzer analyzer, PassageIndex index)
    {
        if (word.Length < 6 || !word.EndsWith("ly", StringComparison.Ordinal))
        {
            return null;
        }

        ReadOnlySpan<string> candidates =
        [
            word[..^2],
            word.EndsWith("ily", StringComparison.Ordinal) ? string.Concat(word.AsSpan(0, word.Length - 3), "y") : string.Empty,
            word.EndsWith("ically", StringComparison.Ordinal) ? word[..^4] : string.Empty,
            word.EndsWith("icaly", StringComparison.Ordinal) ? word[..^3] : string.Empty,
        ];
        foreach (var candidate in candidates)
        {
            if (candidate.Length > 0 && analyzer.Term(candidate) is { } term && index.TermIds.ContainsKey(term))
            {
                return term;
            }
        }

        return null;
    }

    /// <summary>The question's words of a phrase concept, as written, one space apart ("North  Korea's" → "North Korea's").</summary>
    private static string SurfaceOf(string question, List<QuestionWord> kept, int from, int count)
    {
        var length = count - 1;
        for (var k = from; k < from + count; k++)
        {
            length += kept[k].Length;
        }

        return string.Create(length, (question, kept, from, count), static (buffer, state) =>
        {
            var at = 0;
            for (var k = state.from; k < state.from + state.count; k++)
            {
                if (k > state.from)
                {
                    buffer[at++] = ' ';
                }

                state.question.AsSpan(state.kept[k].Start, state.kept[k].Length).CopyTo(buffer[at..]);
                at += state.kept[k].Length;
            }
        });
    }

    /// <summary>A word of the question that the reading keeps, where it stands and how it counts.</summary>
    private readonly record struct QuestionWord(int Start, int Length, double Weight, double Scale, bool Capitalised, bool Counted, bool Speaker);

    /// <summary>A phrase's term ids in the index, or null when the index lacks one of its terms.</summary>
    private static int[]? TermIdsOf(string[] terms, PassageIndex index)
    {
        var ids = new int[terms.Length];
        for (var t = 0; t < terms.Length; t++)
        {
            if (!index.TermIds.TryGetValue(terms[t], out ids[t]))
            {
                return null;
            }
        }

        return ids;
    }

    /// <summary>The concept that the question's words <paramref name="literal"/>, from <paramref name="first"/> on, stand for.</summary>
    private static Concept MakeConcept(string surface, string[] literal, IReadOnlyList<string[]> synonyms, QuestionWord first, bool asksForQuote, PassageIndex index)
    {
        var (weight, scale, counted, speaker) = (first.Weight, first.Scale, first.Counted, first.Speaker);
        var alternatives = new List<Alternative>(synonyms.Count + 1);
        var documentFrequency = 0;
        var isName = first.Capitalised;
        for (var a = -1; a < synonyms.Count; a++)
        {
            var (terms, altWeight) = a < 0 ? (literal, 1.0) : (synonyms[a], SynonymWeight);
            if (TermIdsOf(terms, index) is not { } ids)
            {
                continue;
            }

            var phraseFrequency = int.MaxValue;
            foreach (var id in ids)
            {
                phraseFrequency = Math.Min(phraseFrequency, index.DocumentFrequencies[id]);
            }

            alternatives.Add(new Alternative(ids, altWeight * weight));
            documentFrequency = Math.Max(documentFrequency, phraseFrequency);
            isName |= index.IsName[ids[0]] && !(a < 0 && !first.Capitalised && IsEverydayWordOfAName(terms, ids, index));
        }

        // A concept is as rare as its commonest way of being said (as Lucene's SynonymQuery takes the largest document
        // frequency): "NK" is in one paragraph, but North Korea, which it means, in most.
        var frequency = documentFrequency;
        var idf = alternatives.Count == 0 ? index.UnseenIdf : index.Idf(frequency);

        // A word the articles lack that English uses as a name ("france", "merkel") is a name the question asks about.
        isName |= alternatives.Count == 0 && Array.Exists(literal, EnglishWordFrequencies.Shared.IsLikelyName);

        // "What did the japanese prime minister say": who is asked about stands between "what did" and "say", so a word there
        // that neither the articles nor the synonym table has is a name they lack, however common in English. Not a verb's
        // or participle's form, though ("how has Beijing *endeavoured* to characterise", "Beijing's *subdued* reaction").
        isName |= alternatives.Count == 0 && synonyms.Count == 0 && speaker && Array.TrueForAll(literal, term => term.All(char.IsLetter))
            && !IsInflectedWord(surface, literal);

        // A number pins a question to a fact as a name does: "who won the 2024 election" is not answered by a paragraph
        // that never says 2024. Small numbers are often spelt out ("3 way", "three times"), so only three digits or more.
        isName |= alternatives.Count == 0 && Array.Exists(literal, term => term.Length >= 3 && char.IsDigit(term[0]));

        // "What did macron say": a quote question is about a person, so a word that neither the articles, nor English at
        // large, nor the synonym table (which knows "dept") has is who it asks about.
        isName |= alternatives.Count == 0 && synonyms.Count == 0 && asksForQuote
            && Array.Exists(literal, term => term.Length >= 3 && EnglishWordFrequencies.Shared.IsUnknownWord(term) && !EnglishWordFrequencies.Shared.IsDictionaryWord(term));
        return new Concept(surface, [.. alternatives], idf * scale * (isName ? 1 : Commonness(literal, mayBeTypo: alternatives.Count == 0)), isName, counted)
        {
            IsEnglish = Array.TrueForAll(literal, EnglishWordFrequencies.Shared.IsEnglish),
            IsDictionaryWord = Array.TrueForAll(literal, EnglishWordFrequencies.Shared.IsDictionaryWord),
            IsAskedSpeaker = speaker && isName,
        };
    }

    /// <summary>A dictionary word written as a verb's past or a participle ("subdued", "endeavouring"): no one's name.</summary>
    private static bool IsInflectedWord(string surface, string[] literal) =>
        literal.Length == 1 && surface.Length >= 5 && EnglishWordFrequencies.Shared.IsDictionaryWord(literal[0])
        && (surface.EndsWith("ed", StringComparison.OrdinalIgnoreCase) || surface.EndsWith("ing", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// "its policy of not giving arms": a lower-case word that English uses, and that is not mostly a name, is the word, though
    /// the articles capitalise it inside a name ("Asia Society Policy Institute"). A job stays a name ("Russia's president").
    /// </summary>
    private static bool IsEverydayWordOfAName(string[] literal, int[] ids, PassageIndex index) =>
        literal.Length == 1 && EnglishWordFrequencies.Shared.IsEnglish(literal[0]) && !EnglishWordFrequencies.Shared.IsLikelyName(literal[0])
        && !index.RoleTerms.Contains(ids[0]);

    /// <summary>
    /// How much a word's general-English commonness leaves of its weight: a phrase is as telling as its rarest word. Names
    /// keep their weight (the question is about them, however common the name).
    /// </summary>
    private static double Commonness(string[] literal, bool mayBeTypo)
    {
        var rarity = 0.0;
        foreach (var term in literal)
        {
            rarity = Math.Max(rarity, EnglishWordFrequencies.Shared.Rarity(term, mayBeTypo));
        }

        return CommonWordFloor + ((1 - CommonWordFloor) * rarity);
    }

    /// <summary>What the commonest English word keeps of its weight ("because", "time"): it may still be what tells passages apart.</summary>
    private const double CommonWordFloor = 0.35;

    private static int Easing(IReadOnlyList<Concept> concepts, AnswerKind kind)
    {
        var (known, easingUnknown) = (0, 0);
        foreach (var concept in concepts)
        {
            if (concept.Known)
            {
                known++;
            }
            else if (!(kind == AnswerKind.Quantity && concept.IsEnglish))
            {
                easingUnknown++;
            }
        }

        return known + Math.Min(easingUnknown, 1);
    }

    private static double Sum(IEnumerable<Concept> concepts)
    {
        var sum = 0.0;
        foreach (var concept in concepts)
        {
            sum += concept.Weight;
        }

        return sum;
    }

    /// <summary>A question word lower-cased, apostrophes dropped ("Russia’s" → "russias", "wouldn't" → "wouldnt"), in one allocation.</summary>
    private static string Lower(ReadOnlySpan<char> word)
    {
        Span<char> buffer = word.Length <= 128 ? stackalloc char[word.Length] : new char[word.Length];
        var length = 0;
        foreach (var c in word)
        {
            if (c is not ('’' or '\''))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    /// <summary>
    /// "What's the name of the official", "what is the treaty called": "name" anywhere, "called" or "named" only when nothing
    /// but the question's shape follows; "why are they called bitter allies" asks why, "Kim called Russia its most honest
    /// friend" what he said.
    /// </summary>
    private static bool AsksForAName(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] == "name" || (words[i] is "called" or "named" && words.Skip(i + 1).All(IsShapeWord)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The name a word is the apostrophe-less possessive of ("nks" of NK), when the articles know the name.</summary>
    private static string? OwnerOf(string word, TextAnalyzer analyzer, PassageIndex index) =>
        word.Length >= 3 && word[^1] == 's' && analyzer.Term(word[..^1]) is { } owner && index.TermIds.TryGetValue(owner, out var id) && index.IsName[id]
            ? owner
            : null;

    /// <summary>
    /// "Where" as the question's own word, or "what / which city, country, place": not "why did troops go where they did",
    /// whose question word comes first.
    /// </summary>
    private static bool AsksWhere(List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (words[i] is "why" or "who" or "how" or "when")
            {
                return false;
            }

            if (words[i] == "where" || (words[i] is "what" or "which" && i + 1 < words.Count && PlaceNouns.Contains(words[i + 1])))
            {
                return true;
            }
        }

        return false;
    }

    private static bool AsksForCalendar(List<string> words)
    {
        for (var i = 0; i + 1 < words.Count; i++)
        {
            if (words[i] is "what" or "which" or "exact" or "precise" && CalendarNouns.Contains(words[i + 1]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>What "how much" asks the extent of, not the amount: "how much sway does Beijing have".</summary>
    private static readonly FrozenSet<string> DegreeNouns = new[]
    {
        "influence", "sway", "leverage", "power", "control", "say", "pull", "clout", "impact", "effect", "trust", "danger", "risk", "pressure", "weight",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>What "how much does ..." asks the extent of: "how much does Putin rely on Xi".</summary>
    private static readonly FrozenSet<string> DegreeVerbs = new[]
    {
        "rely", "relies", "depend", "depends", "care", "cares", "matter", "matters", "trust", "trusts", "fear", "fears", "worry", "worries",
        "influence", "influences", "like", "likes", "hate", "hates", "resent", "resents", "value", "values", "need", "needs",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>
    /// Which words are the "much" of a "how much" that asks how far something goes, which a paragraph says in words ("China
    /// was virtually the only game in town for Putin"), not for a number.
    /// </summary>
    private static bool[] DegreeMarks(List<string> words)
    {
        var marks = new bool[words.Count];
        for (var much = 1; much < words.Count; much++)
        {
            var next = much + 1 < words.Count ? words[much + 1] : string.Empty;
            marks[much] = words[much] == "much" && words[much - 1] == "how"
                && (DegreeNouns.Contains(next)
                    || (next is "does" or "do" or "did" or "has" or "have" or "can" or "could" or "would" or "will" && words.Skip(much + 2).Any(DegreeVerbs.Contains)));
        }

        return marks;
    }

    private static AnswerKind KindOf(List<string> words, bool[] degree)
    {
        // "Why did people panic when the troops arrived": after another question word, "when" joins clauses; it asks for a
        // date only as the question's own word.
        var asked = false;

        // "How many" asks for a number only when it opens the question: in "is it even clear how much control China has" or
        // "what did Xinhua say about how much NK trade can help", it is part of what is asked about. "How far" asks for a
        // distance, which is a number too.
        var opened = false;
        for (var i = 0; i < words.Count; i++)
        {
            var next = i + 1 < words.Count ? words[i + 1] : string.Empty;
            opened |= SayingWords.Contains(words[i]) || !IsShapeWord(words[i]);
            switch (words[i])
            {
                case "when" when !asked:
                case "what" or "exact" or "precise" when CalendarNouns.Contains(next):
                case "how" when next is "long":
                    return AnswerKind.Date;
                // "How much sway does Beijing have": an extent, which the articles put in words.
                case "how" when next is "much" && degree[i + 1]:
                    asked = true;
                    break;
                case "how" when next is "many" or "much" or "big" or "large" or "often" or "far" && !opened:
                case "what" when next is "share" or "percentage" or "proportion" or "amount" or "number":
                    return AnswerKind.Quantity;
                case "why" or "who" or "what" or "how" or "which" or "where":
                    asked = true;
                    break;
            }
        }

        foreach (var word in words)
        {
            if (SayingWords.Contains(word))
            {
                return AnswerKind.Quote;
            }
        }

        return words.Count > 0 && words[0] is "who" or "whom" || (words.Count > 1 && words[1] == "who") ? AnswerKind.Person : AnswerKind.Any;
    }
}
