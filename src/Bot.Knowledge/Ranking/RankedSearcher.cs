using System.Globalization;
using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// The answer search as a chain of named stages, each general English or fitted numbers, none about particular articles:
/// analysis and expansion (<see cref="QuestionReader"/>) → first pass (BM25 over the concepts, exact top-k pruning) →
/// rescoring (<see cref="PassageFeatures"/> combined by the fitted <see cref="RankingModel"/>) → abstention (the model's
/// probability that the best candidate answers; below its bar the search declines and says which words nothing mentions).
/// </summary>
public sealed class RankedSearcher : IPassageSearcher
{
    /// <summary>Words commoner than this in English (a quarter of the rarest's idf) are not marked in an answer.</summary>
    private const double HighlightedRarity = 0.25;

    private readonly KnowledgeBase _knowledge;
    private readonly PassageIndex _index;
    private readonly QuestionReader _reader;
    private readonly SynonymTable _synonyms;

    public RankedSearcher(KnowledgeBase knowledge, RankingModel? model = null)
        : this(knowledge, SynonymsWhileTheRestIsMade(knowledge), model ?? RankingModel.Default)
    {
    }

    /// <summary>
    /// The synonym table, made while the passage index and the English word list (which the spelling needs) are made on
    /// other threads: they need nothing of each other, and a fresh process's first answer waits for all three.
    /// </summary>
    private static SynonymTable SynonymsWhileTheRestIsMade(KnowledgeBase knowledge)
    {
        var index = Task.Run(() => knowledge.PassageIndex);
        var english = Task.Run(() => Analysis.EnglishWordFrequencies.Shared);
        var synonyms = knowledge.SynonymTable;
        index.GetAwaiter().GetResult();
        english.GetAwaiter().GetResult();
        return synonyms;
    }

    private RankedSearcher(KnowledgeBase knowledge, SynonymTable synonyms, RankingModel model)
    {
        _knowledge = knowledge;
        _index = knowledge.PassageIndex;
        _synonyms = synonyms;
        Model = model;
        _reader = new QuestionReader(_index, synonyms, knowledge.Spelling, model);
    }

    public RankingModel Model { get; }

    /// <summary>A searcher that also knows a server's own aliases, over the same loaded knowledge.</summary>
    public RankedSearcher WithAliases(IReadOnlyList<SynonymEntry> aliases) => new(_knowledge, _synonyms.With(aliases, _knowledge.Analyzer), Model);

    public SearchResult Search(string question, int maxResults = 5)
    {
        ArgumentNullException.ThrowIfNull(question);
        var (prefix, wordsRead) = QuestionPrefix.Of(question);
        return Answer(question, prefix, maxResults) with { WordsRead = wordsRead };
    }

    /// <summary>The search proper, on the part of the question it reads (<paramref name="prefix"/>).</summary>
    private SearchResult Answer(string question, string prefix, int maxResults)
    {
        var read = _reader.Read(prefix, _knowledge.Analyzer);
        if (!read.Concepts.Any(concept => concept.Known))
        {
            return SearchResult.NotAnswered(question, UnknownWords(read), Titles());
        }

        var ranked = Rank(read);
        if (ranked.Count == 0)
        {
            // Its known words are only in a title: no paragraph says any of it, but the words are not missing either.
            return SearchResult.NotAnswered(question, UnknownWords(read), Titles());
        }

        var best = ranked[0];
        if (AnswerProbability(best.Features, read) < Model.AbstainBelow)
        {
            // The reply says "nothing in them mentions …": only the words no article has, not the best candidate's gaps
            // ("when can we try the beta" is declined for "beta", while "when", "can" and "try" are in many paragraphs).
            return SearchResult.NotAnswered(question, UnknownWords(read), TitlesOf(ranked));
        }

        // An answer carries what its best paragraph does not say.
        var missing = new List<string>();
        for (var c = 0; c < read.Concepts.Count; c++)
        {
            if (c >= 64 || (best.Said & (1UL << c)) == 0)
            {
                missing.Add(read.Concepts[c].Surface);
            }
        }

        var hits = new List<PassageHit>(Math.Min(maxResults, ranked.Count));
        var highlighted = HighlightedTerms(read);
        for (var i = 0; i < ranked.Count && i < maxResults; i++)
        {
            hits.Add(new PassageHit(_knowledge.Passages[ranked[i].Passage], ranked[i].Score, Highlights(highlighted, ranked[i].Passage)));
        }

        return new SearchResult(question, true, hits, missing, []);
    }

    /// <summary>Why the search answered as it did, for people tuning it: the concepts, then the best candidates' features.</summary>
    public string Explain(string question, int candidates = 5)
    {
        var read = _reader.Read(QuestionPrefix.Of(question).Read, _knowledge.Analyzer);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"asks {read.Asks}; concepts:");
        foreach (var concept in read.Concepts)
        {
            text.Append(CultureInfo.InvariantCulture, $" [{concept.Surface} {concept.Weight:F2}{(concept.Known ? string.Empty : " unknown")} ×{concept.Alternatives.Length}]");
        }

        text.AppendLine();
        if (read.Concepts.Any(concept => concept.Known))
        {
            foreach (var candidate in Rank(read).Take(candidates))
            {
                var passage = _knowledge.Passages[candidate.Passage];
                text.Append(CultureInfo.InvariantCulture, $"    {passage.Article.Id}¶{passage.Number}: score {candidate.Score:F3}, p(answer) {AnswerProbability(candidate.Features, read):F2};");
                for (var f = 0; f < PassageFeatures.Count; f++)
                {
                    text.Append(CultureInfo.InvariantCulture, $" {PassageFeatures.Names[f]} {candidate.Features[f]:F2}");
                }

                text.AppendLine();
            }
        }

        return text.ToString();
    }

    /// <summary>The first pass's candidates with their features and scores, best first (for the search and for fitting).</summary>
    internal List<Candidate> Rank(ReadQuestion read)
    {
        var firstPass = TopPassages.Pruned(_index, read.Concepts, Model.Candidates);
        var candidates = new List<Candidate>(firstPass.Count);
        var sentences = new double[64];
        var places = new ArticleConcepts(_index, read);
        foreach (var (passage, bm25) in firstPass)
        {
            var features = new double[PassageFeatures.Count];
            var sentenceCount = _index.Passages[passage].SentenceHasNumber.Length;
            if (sentences.Length < sentenceCount)
            {
                sentences = new double[sentenceCount];
            }

            var said = PassageFeatures.Compute(_index, places, read, passage, bm25, features, sentences.AsSpan(0, sentenceCount));
            candidates.Add(new Candidate(passage, PassageFeatures.Score(features, Model.Weights), features, said));
        }

        candidates.Sort(static (a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : a.Passage.CompareTo(b.Passage));
        return candidates;
    }

    internal ReadQuestion Read(string question) => _reader.Read(QuestionPrefix.Of(question).Read, _knowledge.Analyzer);

    /// <summary>The question as read and its rescored candidates, none when it has no word the articles know (for fitting and for the evaluation's files).</summary>
    internal (ReadQuestion Read, List<Candidate> Candidates) ReadAndRank(string question)
    {
        var read = Read(question);
        return (read, read.Concepts.Any(concept => concept.Known) ? Rank(read) : []);
    }

    internal (string Article, int Number) PassageOf(int passage) => (_knowledge.Passages[passage].Article.Id, _knowledge.Passages[passage].Number);

    internal string TextOf(int passage) => _knowledge.Passages[passage].Text;

    /// <summary>The abstention model: a logistic regression over the best candidate's features and the share of the question no article knows.</summary>
    internal double AnswerProbability(double[] features, ReadQuestion read)
    {
        var z = Model.AbstentionBias + PassageFeatures.Score(features, Model.Abstention);
        if (Model.Abstention.Length > PassageFeatures.Count)
        {
            z += Model.Abstention[PassageFeatures.Count] * UnknownShare(read);
        }

        return 1 / (1 + Math.Exp(-z));
    }

    internal static double UnknownShare(ReadQuestion read) => read.TotalWeight <= 0 ? 0 : (read.TotalWeight - read.KnownWeight) / read.TotalWeight;

    /// <summary>The question's words no article has: what a declined answer says nothing mentions.</summary>
    private static List<string> UnknownWords(ReadQuestion read) => read.Concepts.Where(concept => !concept.Known).Select(concept => concept.Surface).ToList();

    private List<string> Titles() => _knowledge.Articles.Select(article => article.Title).Take(3).ToList();

    /// <summary>
    /// What to offer after declining: the articles the best candidates come from, nearest first — among hundreds of
    /// articles the first three titles of the knowledge would have nothing to do with the question.
    /// </summary>
    private List<string> TitlesOf(List<Candidate> ranked) =>
        ranked.Select(candidate => _knowledge.Passages[candidate.Passage].Article.Title).Distinct(StringComparer.Ordinal).Take(3).ToList();

    /// <summary>The terms of the question's concepts worth marking in an answer, once per search.</summary>
    private static int[] HighlightedTerms(ReadQuestion read)
    {
        var wanted = new HashSet<int>();
        for (var c = 0; c < read.Concepts.Count; c++)
        {
            // "How", "much" and "did" weigh next to nothing; marking them would say they matched something.
            if (read.Rarities[c] < HighlightedRarity)
            {
                continue;
            }

            foreach (var alternative in read.Concepts[c].Alternatives)
            {
                wanted.UnionWith(alternative.TermIds);
            }
        }

        return [.. wanted];
    }

    /// <summary>
    /// The words of the passage that say one of the question's concepts, neighbours joined ("North Korea"). The wanted
    /// terms' occurrences are looked up in the passage's sorted terms, not every word of it tested against them.
    /// </summary>
    private List<TextSpan> Highlights(int[] wanted, int passage)
    {
        var terms = _index.Passages[passage];
        var text = _index.Texts[passage];
        var tokens = new List<int>();
        foreach (var term in wanted)
        {
            var (from, to) = terms.Occurrences(term);
            for (var k = from; k < to; k++)
            {
                tokens.Add(terms.SortedTokens[k]);
            }
        }

        tokens.Sort();
        var spans = new List<TextSpan>(tokens.Count);
        foreach (var t in tokens)
        {
            if (spans.Count > 0 && text.AsSpan(spans[^1].End, terms.Starts[t] - spans[^1].End).IsWhiteSpace())
            {
                spans[^1] = new TextSpan(spans[^1].Start, terms.Starts[t] + terms.Lengths[t] - spans[^1].Start);
            }
            else
            {
                spans.Add(new TextSpan(terms.Starts[t], terms.Lengths[t]));
            }
        }

        return spans;
    }
}

/// <summary>A rescored candidate: its passage, score, features, and the question's concepts it says (a mask).</summary>
internal sealed record Candidate(int Passage, double Score, double[] Features, ulong Said);
