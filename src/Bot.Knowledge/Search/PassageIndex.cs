using System.Buffers;
using System.Collections.Frozen;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Index;
using Bot.Knowledge.Quotes;

namespace Bot.Knowledge.Search;

/// <summary>
/// What answer scoring needs, computed once at load so no passage is analysed again per question: term ids,
/// per-term postings and idf, and per passage its terms in order with positions, offsets and sentence numbers,
/// plus what each sentence holds (a number, a date, a quote). Also knows which terms are names (capitalised
/// mid-sentence nearly always) and every surface word, for spelling.
/// </summary>
internal sealed partial class PassageIndex
{
    private static readonly FrozenSet<string> CalendarWords = CorpusWords.CalendarWords;

    /// <summary>Words that place a sentence in time: the calendar's, seasons, and spans ("decades ago", "since").</summary>
    private static readonly FrozenSet<string> DateWords = CalendarWords.Concat(
    [
        "spring", "summer", "autumn", "winter", "yesterday", "today", "ago", "decade", "decades", "month", "year", "years", "week", "since",
    ]).ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> NumberWords = new[]
    {
        "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "dozens", "hundred", "hundreds",
        "thousand", "thousands", "million", "millions", "billion", "billions", "half", "third", "fifth", "twice", "once", "several",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Numbers that say how large, not how many: "thousands of troops" is no answer to "exactly how many".</summary>
    private static readonly FrozenSet<string> RoughNumberWords = new[] { "dozens", "hundreds", "thousands", "millions", "billions", "several" }
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Nouns that name a kind of person (WordNet's, <see cref="NameRules.PersonNouns"/>): a sentence with one says who,
    /// "its foreign minister", "the club's manager", "a local farmer", as a name does.
    /// </summary>
    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> PersonNouns = NameRules.PersonNouns.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Whether the word, or the word less a plural's "s", is a noun naming a kind of person.</summary>
    private static bool NamesAPerson(string surface) =>
        PersonNouns.Contains(surface) || (surface.Length > 3 && surface[^1] is 's' or 'S' && PersonNouns.Contains(surface.AsSpan(0, surface.Length - 1)));

    /// <summary>Words that open a paragraph by pointing back at the one before: "That is equal to about one-fifth of...".</summary>
    private static readonly FrozenSet<string> Demonstratives = new[] { "That", "This", "These", "Those" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The verbs the quote extractor reads as attributing speech ("said", "warned", "told"), and "according" (to).</summary>
    private static readonly FrozenSet<string> SayingWords = NameRules.SpeechVerbs.Split('|').Append("according")
        .ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Either end of a quotation marks its sentence as quoted: a quote of several sentences ends in one without the opening mark.</summary>
    private static readonly SearchValues<char> QuotationMarks = SearchValues.Create("“”\"");

    private readonly KnowledgeBase _knowledge;

    // Filled from the quotes at load, handed to each passage's terms when they are made.
    // Keyed by passage: only quoted passages have speakers, and only a few introduce them (at 312,140 passages three
    // arrays of them were 7.5 MB per knowledge). Introductions are found as searches read articles, so that map is shared.
    private Dictionary<int, int[]> _speakers = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, int[]> _introduced = new();
    private Dictionary<int, int[]> _speakerNames = [];

    // Per article, the roles its quotes give their speakers (term ids of the names), and whether the paragraphs that
    // introduce them have been found.
    private readonly Dictionary<int, List<(string Role, int[] Names)>> _roles = [];
    private bool[] _introductionsFound = [];

    /// <remarks>
    /// Made when the first search asks, so a fresh process's first answer waits for it: the tables are made with plain loops
    /// into plain maps. Freezing the term map, and LINQ over numbers (code the runtime compiles at its first use), cost the
    /// first answer at 500 texts some 60 ms of the 110 this took.
    /// </remarks>
    public PassageIndex(KnowledgeBase knowledge)
    {
        var index = knowledge.Index;

        // A title speaks for every paragraph of its article ("Why Xi is wary of ..."), so its words count, a little,
        // for each; words only the title has get a term id too, as common as the article is long.
        var titleWords = TitleWords(knowledge);
        SourceNames = SourceNamesOf(knowledge);
        var titleOnly = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < titleWords.Length; a++)
        {
            foreach (var term in titleWords[a])
            {
                if (!index.Contains(term))
                {
                    titleOnly[term] = titleOnly.GetValueOrDefault(term) + knowledge.Articles[a].ParagraphCount;
                }
            }
        }

        // The file's terms are in ordinal order (the reader checks it), so a body term's id here is its id in the index;
        // the title's own words follow, in ordinal order too.
        var bodyTerms = index.Terms;
        _bodyTermCount = bodyTerms.Count;
        var titleTerms = titleOnly.Keys.ToArray();
        Array.Sort(titleTerms, StringComparer.Ordinal);
        Terms = new string[_bodyTermCount + titleTerms.Length];
        TermIds = new Dictionary<string, int>(Terms.Length, StringComparer.Ordinal);
        DocumentFrequencies = new int[Terms.Length];
        var bodyFrequencies = new int[Terms.Length];
        for (var id = 0; id < Terms.Length; id++)
        {
            var term = Terms[id] = id < _bodyTermCount ? bodyTerms[id] : titleTerms[id - _bodyTermCount];
            TermIds.Add(term, id);
            DocumentFrequencies[id] = id < _bodyTermCount ? index.DocumentFrequency(id) : titleOnly[term];
            bodyFrequencies[id] = id < _bodyTermCount ? DocumentFrequencies[id] : 0;
        }

        _index = index;
        _knowledge = knowledge;
        Passages = new PassageTermsTable(knowledge.Passages.Count, Analyze);

        AddSpeakers(knowledge);

        // Which terms are names, and every surface word, are the whole corpus's to say: the builder counted them.
        var words = knowledge.Words;
        IsName = new bool[Terms.Length];
        foreach (var name in words.Names)
        {
            if (TermIds.TryGetValue(name, out var id))
            {
                IsName[id] = true;
            }
        }

        SurfaceWords = words.SurfaceWords;
        Texts = new PassageTexts(knowledge);
        var titleIds = new int[titleWords.Length][];
        for (var a = 0; a < titleIds.Length; a++)
        {
            titleIds[a] = new int[titleWords[a].Length];
            for (var w = 0; w < titleWords[a].Length; w++)
            {
                titleIds[a][w] = TermIds[titleWords[a][w]];
            }

            Array.Sort(titleIds[a]);
        }

        var passageCount = knowledge.Passages.Count;
        TitleTerms = new int[passageCount][];
        PreviousInArticle = new int[passageCount];
        for (var p = 0; p < passageCount; p++)
        {
            // An article's paragraphs follow one another in the file, numbered from 1 (the reader checks it).
            var article = knowledge.ArticleIndexOf(p);
            TitleTerms[p] = titleIds[article];
            PreviousInArticle[p] = p > 0 && knowledge.ArticleIndexOf(p - 1) == article ? p - 1 : -1;
        }

        AveragePassageLength = index.AveragePassageLength;
        PassageLengths = index.PassageLengths;
        K1 = index.K1;
        B = index.B;
        Bounds = new PostingBounds(bodyFrequencies, StoredPostings, PassageLengths, K1, B, AveragePassageLength);
        PostingPassages = new PostingColumn(this, frequencies: false);
        PostingFrequencies = new PostingColumn(this, frequencies: true);
    }

    /// <summary>Per article (by its place), its title's distinct terms; an archive repeats titles, and each is analysed once.</summary>
    private static string[][] TitleWords(KnowledgeBase knowledge)
    {
        var analysed = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var titleWords = new string[knowledge.Articles.Count][];
        var tokens = new List<Token>();
        for (var a = 0; a < titleWords.Length; a++)
        {
            var title = knowledge.Articles[a].Title;
            if (!analysed.TryGetValue(title, out var terms))
            {
                tokens.Clear();
                knowledge.Analyzer.Analyze(title, tokens, keepStopWords: false);
                var distinct = new List<string>(tokens.Count);
                foreach (var token in tokens)
                {
                    if (!distinct.Contains(token.Term, StringComparer.Ordinal))
                    {
                        distinct.Add(token.Term);
                    }
                }

                analysed[title] = terms = [.. distinct];
            }

            titleWords[a] = terms;
        }

        return titleWords;
    }

    private static readonly PostingList NoPostings = new([], []);

    private readonly InvertedIndex _index;
    private readonly int _bodyTermCount;

    /// <summary>A term's postings as the file has them; a word only a title has has none.</summary>
    private PostingList StoredPostings(int term) => term < _bodyTermCount ? _index.PostingsOf(term) : NoPostings;

    /// <summary>A term's postings, its bounds computed first: a search that reads a term's postings then reads its blocks.</summary>
    internal PostingList PostingsOf(int term)
    {
        Bounds.Ensure(term);
        return StoredPostings(term);
    }

    /// <summary>How many passages saying every one of the terms <see cref="SaysInOrder"/> reads before it gives up.</summary>
    private const int InOrderChecked = 16;

    /// <summary>
    /// Whether some passage says <paramref name="terms"/> one right after another (a hyphen, a space or a full stop between,
    /// as in "non-violence" or "F.B.I."): the few passages that say them all are read to see.
    /// </summary>
    internal bool SaysInOrder(int[] terms)
    {
        if (terms.Length == 0 || terms.Any(term => term >= _bodyTermCount))
        {
            return false;
        }

        // The passages that say the first term and every other, walked together.
        var lists = terms.Select(term => StoredPostings(term).Passages).ToArray();
        var at = new int[lists.Length];
        var checkedPassages = 0;
        while (checkedPassages < InOrderChecked && at[0] < lists[0].Length)
        {
            var passage = lists[0][at[0]];
            var everyOne = true;
            for (var l = 1; l < lists.Length && everyOne; l++)
            {
                while (at[l] < lists[l].Length && lists[l][at[l]] < passage)
                {
                    at[l]++;
                }

                if (at[l] == lists[l].Length)
                {
                    return false;
                }

                everyOne = lists[l][at[l]] == passage;
            }

            if (everyOne)
            {
                checkedPassages++;
                if (InOrder(Passages[passage], terms))
                {
                    return true;
                }
            }

            at[0]++;
        }

        return false;
    }

    private static bool InOrder(PassageTerms passage, int[] terms)
    {
        for (var k = 0; k + terms.Length <= passage.Count; k++)
        {
            var found = true;
            for (var t = 0; t < terms.Length && found; t++)
            {
                found = passage.TermIds[k + t] == terms[t] && passage.Positions[k + t] == passage.Positions[k] + t;
            }

            if (found)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// One passage's terms in order and what its sentences hold: computed when a search first reads the passage, so opening
    /// the knowledge costs nothing per passage (issue 20).
    /// </summary>
    private PassageTerms Analyze(int index)
    {
        var passage = _knowledge.Passages[index];
        var tokens = new List<Token>();
        _knowledge.Analyzer.Analyze(passage.Text, tokens, keepStopWords: false);
        var text = passage.Text;
        var terms = new PassageTerms(tokens.Count, Math.Max(1, passage.Sentences.Count));
        var sentence = 0;
        var (quoted, scanned) = (false, 0);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            for (; scanned < token.Start; scanned++)
            {
                quoted = text[scanned] switch { '“' => true, '”' => false, '"' => !quoted, _ => quoted };
            }

            terms.InQuotation[i] = quoted;
            while (sentence + 1 < passage.Sentences.Count && token.Start >= passage.Sentences[sentence + 1].Start)
            {
                sentence++;
            }

            if (!TermIds.TryGetValue(token.Term, out var id))
            {
                // Only a file edited by hand (its checksum recomputed) gets here: the validator cannot read the words.
                throw new KnowledgeFileException(
                    $"The knowledge file is inconsistent (passage {passage.Index}, {passage.Article.Id} ¶{passage.Number}, has the term '{token.Term}', " +
                    $"which the term index lacks); {KnowledgeFileException.RebuildHint}");
            }

            terms.TermIds[i] = id;
            terms.Positions[i] = token.Position;
            terms.Starts[i] = token.Start;
            terms.Lengths[i] = token.Length;
            terms.Sentences[i] = sentence;

            var surface = text.Substring(token.Start, token.Length);
            if (char.IsDigit(surface[0]) || NumberWords.Contains(surface) || (token.Start > 0 && text[token.Start - 1] == '$'))
            {
                terms.SentenceHasNumber[sentence] = true;
                terms.SentenceHasExactNumber[sentence] |= !RoughNumberWords.Contains(surface);
            }

            var isYear = surface.Length == 4 && surface[0] is '1' or '2' && surface.All(char.IsDigit);
            if (DateWords.Contains(surface) || isYear)
            {
                terms.SentenceHasDate[sentence] = true;
            }

            if (isYear || CalendarWords.Contains(surface))
            {
                terms.SentenceHasCalendarDate[sentence] = true;
            }

            if (SayingWords.Contains(surface))
            {
                terms.SentenceHasQuote[sentence] = true;
            }

            terms.SentenceHasRole[sentence] |= NamesAPerson(surface);
        }

        for (var s = 0; s < passage.Sentences.Count; s++)
        {
            var span = passage.Sentences[s].Of(text);
            var quotes = span.IndexOfAny(QuotationMarks) >= 0;
            terms.SentenceHasQuote[s] |= quotes;
            terms.SentencePosesQuestion[s] = !quotes && (span.TrimEnd().EndsWith('?') || PosedQuestion().IsMatch(span));
        }

        terms.SortTerms();
        var opening = text.AsSpan().TrimStart();
        terms.OpensWithDemonstrative = opening.IndexOf(' ') is > 0 and var end && Demonstratives.Contains(opening[..end].ToString());
        terms.Speakers = _speakers.GetValueOrDefault(index) ?? [];
        FindIntroductions(_knowledge.ArticleIndexOf(index));
        terms.Introduced = _introduced.GetValueOrDefault(index) ?? [];
        terms.SpeakerNames = _speakerNames.GetValueOrDefault(index) ?? [];
        return terms;
    }

    /// <summary>The article a passage belongs to (its place in the knowledge's articles), from the passage table.</summary>
    internal int ArticleOf(int passage) => _knowledge.ArticleIndexOf(passage);

    /// <summary>
    /// Whether the passage's article has the term, in its title or in any paragraph: the term's postings searched for the
    /// article's passages, which follow one another. Reading the article's paragraphs instead cost the first searches of a
    /// fresh process 2 ms per article a candidate came from (60 ms at 500 Brown texts), and kept every article's terms.
    /// </summary>
    internal bool ArticleHolds(int passage, int term)
    {
        if (Array.BinarySearch(TitleTerms[passage], term) >= 0)
        {
            return true;
        }

        if (term >= _bodyTermCount)
        {
            return false;
        }

        var article = ArticleOf(passage);
        var first = _knowledge.File.ArticleFirstPassages[article];
        var passages = PostingsOf(term).Passages;
        var at = Array.BinarySearch(passages, first);
        at = at >= 0 ? at : ~at;
        return at < passages.Length && passages[at] < first + _knowledge.Articles[article].ParagraphCount;
    }

    /// <summary>
    /// Who speaks in each passage and whose role each introduces, as term ids: a quote by "Victor Cha" in a paragraph
    /// that only says "Cha said" still answers "what did victor cha say", and "who is victor cha" wants the paragraph
    /// that names his role ("Korea chair at ..."), which the quote extractor found.
    /// </summary>
    private void AddSpeakers(KnowledgeBase knowledge)
    {
        // An archive quotes the same people again and again: each name or role is analysed once.
        var analysed = new Dictionary<string, int[]>(StringComparer.Ordinal);
        int[] Ids(string? words) => words is null
            ? []
            : analysed.TryGetValue(words, out var known)
                ? known
                : analysed[words] = knowledge.Analyzer.Analyze(words).Select(token => TermIds.TryGetValue(token.Term, out var id) ? id : -1).Where(id => id >= 0).ToArray();

        _introductionsFound = new bool[knowledge.Articles.Count];
        // Gathered per quoted passage and made sorted and distinct once: an archive has tens of thousands of quotes.
        var speakers = new Dictionary<int, (List<int> All, List<int> Names)>();
        foreach (var quote in knowledge.File.Quotes)
        {
            var passage = quote.Passage;
            var names = Ids(quote.Speaker);
            if (!speakers.TryGetValue(passage, out var said))
            {
                speakers[passage] = said = ([], []);
            }

            said.All.AddRange(names);
            said.All.AddRange(Ids(quote.Role));
            said.Names.AddRange(names);
            if (quote.Role is { Length: > 0 } role)
            {
                var article = knowledge.ArticleIndexOf(passage);
                (_roles.TryGetValue(article, out var roles) ? roles : _roles[article] = []).Add((role, names));
            }
        }

        // Sorted and made distinct in place, and kept in plain maps: read once per passage a search analyses, they are not
        // worth a frozen map's making (at 312,140 passages with 37,280 quotes, 90 ms of the first answer with LINQ and freezing).
        _speakers = new Dictionary<int, int[]>(speakers.Count);
        _speakerNames = new Dictionary<int, int[]>(speakers.Count);
        foreach (var (passage, said) in speakers)
        {
            _speakers[passage] = SortedDistinct(said.All);
            _speakerNames[passage] = SortedDistinct(said.Names);
        }
    }

    private static int[] SortedDistinct(List<int> ids)
    {
        ids.Sort();
        var kept = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            if (kept == 0 || ids[i] != ids[kept - 1])
            {
                ids[kept++] = ids[i];
            }
        }

        return CollectionsMarshal.AsSpan(ids)[..kept].ToArray();
    }

    /// <summary>
    /// Whose role each paragraph of an article introduces: the first paragraph that holds the role a quote gives its speaker.
    /// Found when a search first reads a paragraph of the article, since it reads the article's texts (issue 20: finding
    /// them all when the index was made read most of an archive's texts).
    /// </summary>
    private void FindIntroductions(int article)
    {
        if (Volatile.Read(ref _introductionsFound[article]))
        {
            return;
        }

        lock (_roles)
        {
            if (_introductionsFound[article])
            {
                return;
            }

            var introduced = new Dictionary<int, SortedSet<int>>();
            var paragraphs = _knowledge.PassagesOf(_knowledge.Articles[article].Id).ToList();
            foreach (var (role, names) in _roles.GetValueOrDefault(article) ?? [])
            {
                var introducing = paragraphs.FirstOrDefault(candidate => candidate.Text.Contains(role, StringComparison.Ordinal));
                if (introducing is not null)
                {
                    (introduced.TryGetValue(introducing.Index, out var set) ? set : introduced[introducing.Index] = []).UnionWith(names);
                }
            }

            foreach (var (passage, names) in introduced)
            {
                _introduced[passage] = [.. names];
            }

            Volatile.Write(ref _introductionsFound[article], true);
        }
    }

    /// <summary>
    /// The publishers' names as terms, and the initials of those of two words or more ("Financial Times", "FT"): "according
    /// to the FT" says where to look, not what the paragraph says.
    /// </summary>
    public IReadOnlyList<(string[] Terms, string Publisher)> SourceNames { get; }

    private static List<(string[] Terms, string Publisher)> SourceNamesOf(KnowledgeBase knowledge)
    {
        var names = new List<(string[] Terms, string Publisher)>();
        foreach (var publisher in knowledge.Articles.Select(article => article.Publisher).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var terms = knowledge.Analyzer.Analyze(publisher).Select(token => token.Term).ToArray();
            var words = publisher.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var initials = words.Length >= 2 && words.All(word => char.IsUpper(word[0])) ? knowledge.Analyzer.Term(string.Concat(words.Select(word => word[0]))) : null;
            foreach (var name in new[] { terms, initials is null ? [] : [initials] })
            {
                if (name.Length > 0 && !names.Exists(known => known.Terms.AsSpan().SequenceEqual(name)))
                {
                    names.Add((name, publisher));
                }
            }
        }

        return names;
    }

    public string[] Terms { get; }

    /// <summary>Each term's id: a plain map, not a frozen one, which at 40,000 terms cost the first answer 10-50 ms to make.</summary>
    public Dictionary<string, int> TermIds { get; }

    /// <summary>Per term: the passages that hold it, or for a word only a title has, the paragraphs of that article.</summary>
    public int[] DocumentFrequencies { get; }

    /// <summary>Per term, the passages that hold it, in order: read from the file the first time a search asks.</summary>
    public PostingColumn PostingPassages { get; }

    /// <summary>Per term, how often each of <see cref="PostingPassages"/> holds it.</summary>
    public PostingColumn PostingFrequencies { get; }

    /// <summary>Per term and per block of its postings, the most a passage can score: what lets the first pass skip.</summary>
    public PostingBounds Bounds { get; }

    /// <summary>Per passage, its terms in order and what its sentences hold, made when first asked for.</summary>
    public PassageTermsTable Passages { get; }

    public PassageTexts Texts { get; }

    /// <summary>Per passage: the term ids of its article's title that the index knows, sorted.</summary>
    public int[][] TitleTerms { get; }

    /// <summary>Per passage: the paragraph before it in its article, or -1 for an article's first.</summary>
    public int[] PreviousInArticle { get; }

    /// <summary>"The question of why", "the question is whether", "questions remain": a sentence that names a question.</summary>
    [GeneratedRegex(@"\bquestions? (?:of|is|remains?|whether)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PosedQuestion();

    /// <summary>Per term: written with a capital in the middle of sentences (nearly) always, so a name.</summary>
    public bool[] IsName { get; }

    /// <summary>Every word of the passages, lower-cased, with its term.</summary>
    public IReadOnlyDictionary<string, string> SurfaceWords { get; }

    public int[] PassageLengths { get; }

    public double AveragePassageLength { get; }

    public double K1 { get; }

    public double B { get; }

    public int PassageCount => Passages.Length;

    public double Idf(int documentFrequency) => Math.Log(1 + ((PassageCount - documentFrequency + 0.5) / (documentFrequency + 0.5)));

    /// <summary>The idf an unseen term would have if it occurred once: the weight of a word the articles lack.</summary>
    public double UnseenIdf => Math.Log(1 + ((PassageCount - 1 + 0.5) / 1.5));

    public double Bm25(double idf, double termFrequency, int passage)
    {
        var norm = K1 * (1 - B + (B * PassageLengths[passage] / AveragePassageLength));
        return idf * (termFrequency * (K1 + 1)) / (termFrequency + norm);
    }
}

/// <summary>One column of every term's postings, by term id: <c>PostingPassages[term]</c>.</summary>
internal sealed class PostingColumn(PassageIndex index, bool frequencies)
{
    public int[] this[int term] => frequencies ? index.PostingsOf(term).Frequencies : index.PostingsOf(term).Passages;
}

/// <summary>Each passage's text by its index, read from the knowledge file when first asked for.</summary>
internal sealed class PassageTexts(KnowledgeBase knowledge)
{
    public string this[int passage] => knowledge.Passages[passage].Text;

    public int Length => knowledge.Passages.Count;
}

/// <summary>
/// Each passage's <see cref="PassageTerms"/>, made the first time a search reads the passage and kept. Two searches that
/// ask at once may both make it; they make the same, and one is kept.
/// </summary>
internal sealed class PassageTermsTable(int count, Func<int, PassageTerms> analyze)
{
    private readonly PassageTerms?[] _terms = new PassageTerms?[count];

    public int Length => _terms.Length;

    /// <summary>How many passages have been read so far.</summary>
    public int MadeCount => _terms.Count(terms => terms is not null);

    /// <summary>The passage's terms if a search has made them, else null (making nothing).</summary>
    public PassageTerms? Made(int passage) => Volatile.Read(ref _terms[passage]);

    public PassageTerms this[int passage] =>
        Volatile.Read(ref _terms[passage]) ?? Interlocked.CompareExchange(ref _terms[passage], analyze(passage), null) ?? _terms[passage]!;
}

/// <summary>One passage's terms in order, as parallel arrays, and what each of its sentences holds.</summary>
internal sealed class PassageTerms(int tokenCount, int sentenceCount)
{
    public int[] TermIds { get; } = new int[tokenCount];

    /// <summary>Word ordinals, stop words counted, so distances are honest.</summary>
    public int[] Positions { get; } = new int[tokenCount];

    public int[] Starts { get; } = new int[tokenCount];

    public int[] Lengths { get; } = new int[tokenCount];

    public int[] Sentences { get; } = new int[tokenCount];

    /// <summary>Whether the token stands between quotation marks: what someone said, or a title ("“deep friendship”").</summary>
    public bool[] InQuotation { get; } = new bool[tokenCount];

    public bool[] SentenceHasNumber { get; } = new bool[sentenceCount];

    /// <summary>A number that is a count or an amount ("four times", "$5.5 billion"), not only a size ("thousands").</summary>
    public bool[] SentenceHasExactNumber { get; } = new bool[sentenceCount];

    /// <summary>A span of time or a date: "in recent years", "since 1961", "this summer".</summary>
    public bool[] SentenceHasDate { get; } = new bool[sentenceCount];

    /// <summary>A year, month or weekday: what "what year" and "which day" ask for.</summary>
    public bool[] SentenceHasCalendarDate { get; } = new bool[sentenceCount];

    /// <summary>A quotation or reported speech: quotation marks, or a saying word ("said", "according").</summary>
    public bool[] SentenceHasQuote { get; } = new bool[sentenceCount];

    /// <summary>A noun naming a kind of person: "its foreign minister", "the club's manager", "residents".</summary>
    public bool[] SentenceHasRole { get; } = new bool[sentenceCount];

    /// <summary>Whether the passage opens with "That", "This", "These" or "Those": it goes on from where the one before ended.</summary>
    public bool OpensWithDemonstrative { get; set; }

    /// <summary>
    /// A sentence in the article's own voice that asks, or names, a question ("All of that leaves the question of why Kim
    /// and Putin ... might risk annoying their powerful partner"): the paragraphs after it answer it, not this one.
    /// </summary>
    public bool[] SentencePosesQuestion { get; } = new bool[sentenceCount];

    /// <summary>The passage's term ids sorted, and for each the token it came from: a term's occurrences by binary search.</summary>
    public int[] SortedTermIds { get; private set; } = [];

    public int[] SortedTokens { get; private set; } = [];

    /// <summary>Sorted term ids of the names and roles of the people quoted in the passage.</summary>
    public int[] Speakers { get; set; } = [];

    /// <summary>Sorted term ids of the names of the people whose role the passage states.</summary>
    public int[] Introduced { get; set; } = [];

    /// <summary>Sorted term ids of the names of the people quoted in the passage, without their roles.</summary>
    public int[] SpeakerNames { get; set; } = [];

    public int Count => TermIds.Length;

    /// <summary>The tokens whose term is <paramref name="termId"/>, as a range of <see cref="SortedTokens"/>.</summary>
    public (int Start, int End) Occurrences(int termId) => SortedRange.Of<int>(SortedTermIds, termId);

    internal void SortTerms()
    {
        SortedTermIds = (int[])TermIds.Clone();
        SortedTokens = Enumerable.Range(0, TermIds.Length).ToArray();
        Array.Sort(SortedTermIds, SortedTokens);
    }
}
