using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Tests;

/// <summary>
/// The answer search's behaviour on a few short articles written for the test (a harbour town, a football club, a
/// phone maker), so that each spec says what the search does for any articles, not for the two we ship.
/// </summary>
public sealed class RankedSearchSpecs
{
    private static readonly KnowledgeBase Knowledge = Build(
        ("harbour", "Harbour town plans new ferry link", """
            The council of Eastport has approved a new ferry link to the islands, due to open next spring.

            The link will cost £12m, paid for by the regional government and a levy on harbour berths.

            Fishermen said the ferry would crowd the harbour. "There is no room left for our boats," said Ann Bell, who chairs the fishing association.

            Residents who commute to the mainland welcomed the plan, saying the old boat was slow and often cancelled.

            The R.N.L.I. lifeboat station will move to the north quay to make room for the ferry.
            """),
        ("club", "Rovers sack manager after cup defeat", """
            Eastport Rovers have dismissed their manager, Tom Hale, after a 4-0 defeat in the cup.

            Hale joined the club in 2019 and won the league title in his first season.

            The chairman said the board wanted a fresh start and would appoint a successor within a month.
            """),
        ("phones", "Phone maker profits fall", """
            Profits at the phone maker Lumo fell by a third to $310m in the three months to June.

            The company blamed weak demand in Europe and the rising cost of memory chips.

            Its chief executive, Mara Olsen, said sales of the new model had been better than expected.

            Lumo will launch its first smart-watch next spring.
            """));

    private static readonly RankedSearcher Searcher = new(Knowledge);

    [Fact]
    public void The_bot_finds_the_paragraph_that_answers_a_question_put_in_other_words()
    {
        var result = Searcher.Search("how much will the new ferry cost");

        Assert.True(result.Answered);
        Assert.Equal(("harbour", 2), Place(result.Hits[0]));
    }

    [Fact]
    public void Chat_shorthand_is_read_as_the_words_it_stands_for()
    {
        // "ceo" is not in the articles; the informal-English table reads it as "chief executive".
        var result = Searcher.Search("what did the ceo of lumo say about sales");

        Assert.True(result.Answered);
        Assert.Equal(("phones", 3), Place(result.Hits[0]));
    }

    [Fact]
    public void An_american_spelling_finds_the_british_one()
    {
        // The articles write "harbour"; the question "harbor". Both are one term, so the word counts and is marked.
        var result = Searcher.Search("what did the fishermen say would crowd the harbor");
        var hit = result.Hits[0];

        Assert.True(result.Answered);
        Assert.Equal(("harbour", 3), Place(hit));
        Assert.Contains(hit.Highlights, span => span.Of(hit.Passage.Text) == "harbour");
    }

    [Fact]
    public void A_mistyped_word_is_read_as_the_one_word_of_the_articles_it_is_one_letter_from()
    {
        var result = Searcher.Search("how much were lumo's profts");
        var hit = result.Hits[0];

        Assert.True(result.Answered);
        Assert.Equal(("phones", 1), Place(hit));
        Assert.Contains(hit.Highlights, span => span.Of(hit.Passage.Text) == "Profits");
    }

    [Fact]
    public void An_ordinal_ending_is_not_read_as_a_word_of_its_own()
    {
        // "1st" is "1" and "st" to the analyzer; no article says "st", and as a word of the question it would weigh as much
        // as a rare name that nothing mentions.
        var result = Searcher.Search("what did hale win in his 1st season");

        Assert.True(result.Answered);
        Assert.Equal(("club", 2), Place(result.Hits[0]));
        Assert.DoesNotContain("st", result.MissingWords, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_contraction_of_words_that_say_nothing_is_not_a_word_of_the_question()
    {
        // "isn't" is one word to the analyzer, which no article says; read as written it would weigh as much as a rare
        // name that nothing mentions. It is "is not", two stop words.
        var result = Searcher.Search("why isn't there room for the fishermen's boats");

        Assert.True(result.Answered);
        Assert.Equal(("harbour", 3), Place(result.Hits[0]));
        Assert.DoesNotContain("isn't", result.MissingWords, StringComparer.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("doesn't", "does not")]
    [InlineData("won't", "will not")]
    [InlineData("can’t", "can not")]
    [InlineData("they're", "they are")]
    [InlineData("i'd", "i would")]
    public void A_contraction_expands_to_its_words(string word, string expanded)
    {
        Assert.True(Contractions.TryExpand(word, out var words));
        Assert.Equal(expanded, words);
    }

    [Theory]
    [InlineData("ferry")]
    [InlineData("o'neill")]
    [InlineData("n't")]
    public void A_word_that_is_no_contraction_is_left_alone(string word) => Assert.False(Contractions.TryExpand(word, out _));

    [Theory]
    [InlineData("when does the ferry link open", "Date")]
    [InlineData("how did the council help residents when the old boat was cancelled", "None")]
    [InlineData("what did ann bell say when the plan was approved", "Quote")]
    [InlineData("who chairs the fishing association, and since when", "Date, Person")]
    [InlineData("how many boats are there and where do they go", "Number, Place")]
    [InlineData("what's the levy for when the ferry opens", "None")]
    public void Only_the_first_question_word_of_a_clause_asks_for_a_kind_of_answer(string question, string asks)
    {
        // A later one joins a clause to it: "… when the old boat was cancelled" says which time, it does not ask for one.
        Assert.Equal(asks, Searcher.ReadAndRank(question).Read.Asks.ToString());
    }

    [Fact]
    public void A_decade_ending_is_not_read_as_a_word_of_its_own()
    {
        // "2010s" is "2010" and "s" to the analyzer, as "1st" is "1" and "st".
        var result = Searcher.Search("what did hale win in his first season back in the 2010s");

        Assert.True(result.Answered);
        Assert.Equal(("club", 2), Place(result.Hits[0]));
        Assert.DoesNotContain("s", result.MissingWords, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_word_written_closed_finds_the_articles_hyphenated_or_open_compound()
    {
        // The article says "smart-watch", which the analyzer reads as "smart" and "watch".
        var result = Searcher.Search("when is lumo launching a smartwatch");

        Assert.True(result.Answered);
        Assert.Equal(("phones", 4), Place(result.Hits[0]));
        Assert.DoesNotContain("smartwatch", result.MissingWords, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_acronym_finds_the_articles_dotted_one()
    {
        // The article says "R.N.L.I.", which the analyzer reads as four letters.
        var result = Searcher.Search("where is the rnli station going");

        Assert.True(result.Answered);
        Assert.Equal(("harbour", 5), Place(result.Hits[0]));
        Assert.DoesNotContain("rnli", result.MissingWords, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_paragraph_that_names_its_subject_only_in_the_one_before_is_still_found()
    {
        // Paragraph 2 says "Hale joined the club"; "Rovers" is only in paragraph 1 and the title.
        var result = Searcher.Search("when did the rovers manager join");

        Assert.True(result.Answered);
        Assert.Equal(("club", 2), Place(result.Hits[0]));
    }

    [Fact]
    public void A_question_about_something_no_article_mentions_is_declined_naming_what_is_missing()
    {
        var result = Searcher.Search("what is the weather like on mars");

        Assert.False(result.Answered);
        Assert.Empty(result.Hits);
        Assert.Contains("mars", result.MissingWords, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("weather", result.MissingWords, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_declined_question_names_only_the_words_no_article_has()
    {
        // "fishermen" and "chips" are in paragraphs (not the same one); "sing" and "zeppelin" are in none.
        var result = Searcher.Search("did the fishermen sing about the zeppelin chips");

        Assert.False(result.Answered);
        Assert.Contains("zeppelin", result.MissingWords);
        Assert.Contains("sing", result.MissingWords);
        Assert.DoesNotContain("fishermen", result.MissingWords);
        Assert.DoesNotContain("chips", result.MissingWords);
    }

    [Fact]
    public void A_declined_question_offers_the_articles_nearest_to_it_not_the_first_ones()
    {
        var result = Searcher.Search("did the fishermen sing about the zeppelin chips");

        Assert.False(result.Answered);
        Assert.Contains("Harbour town plans new ferry link", result.Suggestions);
        Assert.Contains("Phone maker profits fall", result.Suggestions);
        Assert.DoesNotContain("Rovers sack manager after cup defeat", result.Suggestions);
    }

    [Fact]
    public void Words_that_only_shape_the_question_are_not_marked_in_the_answer()
    {
        var result = Searcher.Search("how much did the ferry link cost");
        var hit = result.Hits[0];
        var marked = hit.Highlights.Select(span => span.Of(hit.Passage.Text).ToLowerInvariant()).ToList();

        Assert.Contains(marked, word => word.Contains("link", StringComparison.Ordinal));
        Assert.DoesNotContain("how", marked);
        Assert.DoesNotContain("much", marked);
    }

    [Fact]
    public void A_server_alias_finds_what_it_stands_for_and_only_for_that_server()
    {
        var withAlias = Searcher.WithAliases([new SynonymEntry(["the gaffer"], ["manager"])]);

        var aliased = withAlias.Search("why was the gaffer sacked");
        var plain = Searcher.Search("why was the gaffer sacked");

        Assert.True(aliased.Answered);
        Assert.Equal(("club", 1), Place(aliased.Hits[0]));
        Assert.NotEqual(plain.Hits.Select(Place).FirstOrDefault(), ("club", 1));
    }

    [Fact]
    public void The_search_reads_the_same_question_the_same_way_every_time_and_ranks_best_first()
    {
        var first = Searcher.Search("fishermen worried about the harbour");
        var second = Searcher.Search("fishermen worried about the harbour");

        Assert.Equal(first.Hits.Select(Place), second.Hits.Select(Place));
        Assert.Equal(("harbour", 3), Place(first.Hits[0]));
        Assert.True(first.Hits.Zip(first.Hits.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));
    }

    [Fact]
    public void A_sentence_that_names_a_kind_of_person_is_marked_as_saying_who()
    {
        // Any trade's people, as WordNet knows them, singular or plural: what a "who" question's answer holds.
        Assert.True(SaysWho("club", 3));
        Assert.True(SaysWho("harbour", 4));
        Assert.False(SaysWho("harbour", 2));
        Assert.False(SaysWho("phones", 2));
    }

    private static bool SaysWho(string article, int paragraph)
    {
        var passage = Knowledge.Passages.Select((passage, index) => (passage, index)).Single(pair => pair.passage.Article.Id == article && pair.passage.Number == paragraph).index;
        return Knowledge.PassageIndex.Passages[passage].SentenceHasRole.Any(has => has);
    }

    private static (string Article, int Paragraph) Place(PassageHit hit) => (hit.Passage.Article.Id, hit.Passage.Number);

    private static KnowledgeBase Build(params (string Id, string Title, string Body)[] articles)
    {
        var sources = articles.Select(article => ArticleSource.Parse(
            article.Id + ".txt",
            Encoding.UTF8.GetBytes($"---\nid: {article.Id}\ntitle: {article.Title}\npublisher: Test News\n---\n\n{article.Body}\n")));
        return KnowledgeBase.FromPayload(KnowledgeBuilder.Build(sources));
    }
}
