using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

/// <summary>
/// Generated questions (issue 19): every word the knowledge knows (index terms, the passages' words, the titles' words,
/// the quoted speakers' names), asked alone and in seeded random pairs, gets an answer or a refusal, never an exception.
/// Run on the shipped knowledge and on one built here from small articles, one of whose titles shares no word with its body.
/// </summary>
public sealed class NoExceptionSearchSpecs
{
    /// <summary>Enough pairs to mix title, body and speaker words many times over, few enough to run in a second or two.</summary>
    private const int SampledPairs = 1500;

    [Fact]
    public void Every_word_of_the_shipped_knowledge_alone_or_in_pairs_gets_an_answer_or_a_refusal()
    {
        var knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

        var outcome = AskEveryWord(knowledge, seed: 19);

        Assert.Empty(outcome.Failures);
        // Both kinds of outcome happen, so the questions reached the search and were not all refused at the door.
        Assert.True(outcome.Answered > 100, $"only {outcome.Answered} answered");
        Assert.True(outcome.Refused > 20, $"only {outcome.Refused} refused");
        Assert.Contains("embrace", outcome.Asked);
    }

    [Fact]
    public void Every_word_of_a_knowledge_built_from_other_articles_alone_or_in_pairs_gets_an_answer_or_a_refusal()
    {
        var knowledge = SmallKnowledge();

        var outcome = AskEveryWord(knowledge, seed: 7);

        Assert.Empty(outcome.Failures);
        Assert.True(outcome.Answered > 20, $"only {outcome.Answered} answered");
        Assert.True(outcome.Refused > 20, $"only {outcome.Refused} refused");
        Assert.Contains("Zebra", outcome.Asked);
        Assert.Contains("Berg", outcome.Asked);
    }

    [Fact]
    public void A_word_only_a_title_has_is_refused_and_the_titles_offered_not_a_crash()
    {
        var searcher = new RankedSearcher(SmallKnowledge());

        var alone = searcher.Search("zebra");
        var withAnUnknownWord = searcher.Search("zebra quokka");

        Assert.False(alone.Answered);
        // A title has it, so it is not said to be missing from the articles.
        Assert.Empty(alone.MissingWords);
        Assert.Contains("Zebra migration report", alone.Suggestions);
        Assert.False(withAnUnknownWord.Answered);
        Assert.Equal(["quokka"], withAnUnknownWord.MissingWords);
    }

    [Fact]
    public void The_shipped_titles_word_embrace_is_refused_not_a_crash()
    {
        var result = new RankedSearcher(KnowledgeBase.Load(RepositoryPaths.KnowledgeFile)).Search("embrace");

        Assert.False(result.Answered);
        Assert.Empty(result.Hits);
        Assert.Contains("Why Xi Jinping is wary of Kim Jong Un’s embrace of Vladimir Putin", result.Suggestions);
    }

    /// <summary>Five small articles: a title whose words the body never uses, a plain text file, quotes, numbers, a posed question.</summary>
    internal static KnowledgeBase SmallKnowledge()
    {
        static ArticleSource Source(string file, string text) => ArticleSource.Parse(file, Encoding.UTF8.GetBytes(text));

        return KnowledgeBase.FromPayload(KnowledgeBuilder.Build(
        [
            Source("herd.txt", """
                ---
                id: herd
                title: Zebra migration report
                publisher: Savanna Times
                ---
                Zebra migration report

                The herd left the northern plains in March, two weeks earlier than last year.

                Rangers counted 1,200 animals crossing the river at dawn.

                “We have never seen them move so early,” said Anna Berg, a park ranger.

                All of that leaves the question of why the animals left so soon.

                Berg suggested that the dry season had emptied the water holes.
                """),
            Source("harbour-notes.txt", """
                Harbour expansion approved

                The city council approved the harbour expansion on Tuesday by seven votes to two.

                The new quay will cost $40 million and open in 2027, the mayor said.
                """),
            Source("orchard.txt", """
                ---
                id: orchard
                title: Apple growers fear late frost
                ---
                A late frost in April damaged blossom across the valley.

                “The crop could fall by a third,” said Tomas Varga, who chairs the growers' association.

                Insurers have begun to assess the losses.
                """),
            Source("library.md", """
                ---
                id: library
                title: The library reopens
                date: 2023
                ---
                The library reopened after a two-year renovation, with a new reading room and longer hours.

                Librarian Mei Chen said the children's section had doubled in size.
                """),
            Source("bridge.txt", """
                ---
                id: bridge
                title: Bridge closed for repairs
                ---
                The old bridge will be closed for three months while engineers replace its cables.

                Drivers are asked to use the ring road instead.
                """),
        ]));
    }

    private static Outcome AskEveryWord(KnowledgeBase knowledge, int seed)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        words.UnionWith(knowledge.Index.Terms);
        words.UnionWith(knowledge.PassageIndex.SurfaceWords.Keys);
        foreach (var article in knowledge.Articles)
        {
            words.UnionWith(WordsOf(article.Title));
        }

        foreach (var speaker in knowledge.Speakers.Speakers)
        {
            words.Add(speaker.Name);
            words.UnionWith(WordsOf(speaker.Name));
        }

        var searcher = new RankedSearcher(knowledge);
        var outcome = new Outcome(words);
        foreach (var word in words)
        {
            outcome.Ask(searcher, word);
        }

        var list = words.ToList();
        var random = new Random(seed);
        for (var i = 0; i < SampledPairs; i++)
        {
            outcome.Ask(searcher, $"{list[random.Next(list.Count)]} {list[random.Next(list.Count)]}");
        }

        return outcome;
    }

    private static IEnumerable<string> WordsOf(string text) =>
        text.Split([' ', ',', '.', ':', ';', '?', '!', '“', '”', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);

    private sealed class Outcome(IReadOnlySet<string> asked)
    {
        public IReadOnlySet<string> Asked { get; } = asked;

        public List<string> Failures { get; } = [];

        public int Answered { get; private set; }

        public int Refused { get; private set; }

        public void Ask(RankedSearcher searcher, string question)
        {
            try
            {
                var result = searcher.Search(question);
                if (result.Answered)
                {
                    Answered++;
                    Assert.NotEmpty(result.Hits);
                }
                else
                {
                    Refused++;
                    Assert.Empty(result.Hits);
                }
            }
            catch (Exception exception) when (Failures.Count < 20)
            {
                Failures.Add($"{question}: {exception.GetType().Name} {exception.Message}");
            }
        }
    }
}
