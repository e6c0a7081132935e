using System.Globalization;
using System.Text;
using Bot.Evaluation;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Tests;

/// <summary>
/// The pruned first pass must hand the evidence stage exactly what scoring every posting would: the same passages, in
/// the same order, with the same scores to the last bit.
/// </summary>
public sealed class FirstPassSpecs
{
    private static readonly string[] Syllables = ["ka", "lo", "mi", "zu", "ter", "ban", "dor", "fel", "qui", "ros", "vat", "nel", "pim", "gor", "sul", "wex"];

    private static readonly Lazy<KnowledgeBase> Generated = new(BuildGenerated);

    [Fact]
    public void The_pruned_first_pass_returns_the_same_top_passages_as_the_exhaustive_one_on_a_generated_corpus()
    {
        var knowledge = Generated.Value;
        var index = knowledge.PassageIndex;
        var words = Vocabulary();
        var searcher = new RankedSearcher(knowledge);
        var random = new Random(7);
        var compared = 0;
        for (var q = 0; q < 600; q++)
        {
            // Mostly common words, with now and then a rare one, a synonym or a two-word phrase, as real questions mix them.
            var length = random.Next(1, 9);
            var question = string.Join(' ', Enumerable.Range(0, length).Select(_ => random.Next(10) switch
            {
                0 => "zorbix",
                1 => "quill tam",
                _ => words[Zipf(random, words.Length)],
            }));
            var parsed = searcher.Read(question);
            foreach (var count in new[] { 1, 5, 24 })
            {
                var exhaustive = TopPassages.Exhaustive(index, parsed.Concepts, count);
                foreach (var strategy in Enum.GetValues<MaxScoreFirstPass.Strategy>())
                {
                    Assert.Equal(exhaustive, TopPassages.Pruned(index, parsed.Concepts, count, strategy));
                }

                compared += exhaustive.Count;
            }
        }

        Assert.True(compared > 600 * 20, $"only {compared} passages compared: the generated questions match too little");
    }

    [Fact]
    public void The_pruned_first_pass_returns_the_same_top_passages_as_the_exhaustive_one_for_the_evaluation_questions()
    {
        var knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);
        var index = knowledge.PassageIndex;
        var questions = QuestionSet.Read(Path.Combine(RepositoryPaths.Root, "tests", "Bot.Evaluation", "Questions", "shipped.jsonl"));
        var searcher = new RankedSearcher(knowledge);
        foreach (var question in questions)
        {
            var parsed = searcher.Read(question.Question);
            var exhaustive = TopPassages.Exhaustive(index, parsed.Concepts, 24);
            foreach (var strategy in Enum.GetValues<MaxScoreFirstPass.Strategy>())
            {
                Assert.Equal(exhaustive, TopPassages.Pruned(index, parsed.Concepts, 24, strategy));
            }
        }
    }

    [Fact]
    public void A_phrase_occurs_in_a_passage_at_most_as_often_as_the_postings_say_its_first_word_does()
    {
        // The pruned pass bounds a phrase by its first word's postings; that holds only if they count what the passage's terms hold.
        foreach (var knowledge in new[] { KnowledgeBase.Load(RepositoryPaths.KnowledgeFile), Generated.Value })
        {
            var index = knowledge.PassageIndex;
            for (var term = 0; term < index.Terms.Length; term++)
            {
                var passages = index.PostingPassages[term];
                for (var i = 0; i < passages.Length; i++)
                {
                    var (start, end) = index.Passages[passages[i]].Occurrences(term);
                    Assert.Equal(index.PostingFrequencies[term][i], end - start);
                }
            }
        }
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.85)]
    public void No_posting_scores_more_than_its_terms_bound_or_its_blocks_bound(double weight)
    {
        var index = Generated.Value.PassageIndex;
        var bounds = index.Bounds;
        for (var term = 0; term < index.Terms.Length; term++)
        {
            var idf = index.Idf(index.DocumentFrequencies[term]);
            var termBound = bounds.TermBound(term, idf, weight);
            var best = 0.0;
            var passages = index.PostingPassages[term];
            for (var i = 0; i < passages.Length; i++)
            {
                var score = index.Bm25(idf, weight * index.PostingFrequencies[term][i], passages[i]);
                var block = bounds.BlockStarts[term] + (i >> PostingBounds.BlockShift);
                var blockBound = bounds.BlockBound(block, idf, weight);

                // Within rounding: the pass skips only what falls short by far more (its margin).
                Assert.True(score <= blockBound * (1 + 1e-12), $"{index.Terms[term]} in passage {passages[i]}: {score} over its block's {blockBound}");
                Assert.True(passages[i] <= bounds.BlockLastPassages[block]);
                best = Math.Max(best, score);
            }

            // The term's bound is the best posting itself, not merely above it: that is what makes it worth having.
            Assert.Equal(best, termBound);
        }
    }

    /// <summary>
    /// Made-up words with Zipf-like frequencies over paragraphs of varied length, every article twice (so equal scores
    /// are common, as in a corpus with reposts), and a synonym group with a phrase in it.
    /// </summary>
    private static KnowledgeBase BuildGenerated()
    {
        var words = Vocabulary();
        var random = new Random(2024);
        var sources = new List<ArticleSource>();
        for (var a = 0; a < 40; a++)
        {
            var body = new StringBuilder();
            for (var p = 0; p < 30; p++)
            {
                var length = random.Next(3, 60);
                var paragraph = Enumerable.Range(0, length).Select(_ => random.Next(40) switch
                {
                    0 => "zorbix",
                    1 => "quill tam",
                    2 => "flonk",
                    _ => words[Zipf(random, words.Length)],
                });
                body.Append(string.Join(' ', paragraph)).Append(".\n\n");
            }

            for (var copy = 0; copy < 2; copy++)
            {
                var id = string.Create(CultureInfo.InvariantCulture, $"generated-{a:D2}-{copy}");
                var text = $"---\nid: {id}\ntitle: Generated article {a}\npublisher: Test\ndate: 2024\n---\n\n{body}";
                sources.Add(ArticleSource.Parse(id + ".txt", Encoding.UTF8.GetBytes(text)));
            }
        }

        return KnowledgeBase.FromPayload(KnowledgeBuilder.Build(sources, synonyms: [new SynonymEntry(["zorbix", "quill tam", "flonk"])]));
    }

    private static string[] Vocabulary()
    {
        var words = new List<string>();
        foreach (var first in Syllables)
        {
            foreach (var second in Syllables)
            {
                words.Add(first + second + "x");
            }
        }

        return [.. words.Take(200)];
    }

    /// <summary>A rank from 0 with probability falling about as 1/(rank+1).</summary>
    private static int Zipf(Random random, int count) => Math.Min(count - 1, (int)Math.Floor(Math.Exp(random.NextDouble() * Math.Log(count + 1)) - 1));
}
