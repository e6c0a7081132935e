using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Quotes;

namespace Bot.Knowledge.Tests.Quotes;

public sealed class QuoteExtractionSpecs
{
    private const string KimRole = "a fellow at the John L. Thornton China Center and the Brookings Institution";
    private const string ChaRole = "Korea chair at the Center for Strategic and International Studies";
    private const string ZhouRole = "a retired senior colonel in the Chinese military";
    private const string ThomasRole = "a fellow for Chinese politics at the Asia Society Policy Institute’s Center for China Analysis";
    private const string ShenRole = "a Chinese professor of international studies";
    private const string RenRole = "a professor at Fudan University’s Institute of International Studies";
    private const string SunRole = "director of the China programme at the Stimson Center, a think-tank in Washington";

    /// <summary>Every direct quote in the Bloomberg article, read off the article by hand.</summary>
    private static readonly Expected[] BloombergQuotes =
    [
        new(3, "Antony Blinken", "Secretary of State", "“curb these activities”"),
        new(3, "Antony Blinken", "Secretary of State", "“robust”"),
        new(6, "Patricia M Kim", KimRole, "“more scrutiny and pressure upon China,”"),
        new(7, "Patricia M Kim", KimRole, "“Beijing will be careful not to publicly alienate Pyongyang or Moscow,”"),
        new(7, "Patricia M Kim", KimRole, "“But as concerns of North Korean escalation grow, this could push Chinese leaders to engage in quiet diplomacy with their European, Asian and American counterparts.”"),
        new(8, "Lin Jian", "Foreign Ministry spokesperson", "“unaware of specifics of cooperation between Russia and North Korea”"),
        new(16, "Victor Cha", ChaRole, "“If South Korean weapons go to Ukraine — what if these are used to kill North Koreans? How will Kim respond?”"),
        new(17, "Zhou Bo", ZhouRole, "“I don’t believe China is in a good position to say what you should do,”"),
        new(17, "Zhou Bo", ZhouRole, "“I don’t believe they will listen if China moves in that direction.”"),
        new(18, "Neil Thomas", ThomasRole, "“lose Beijing an important collaborator,”"),
        new(19, "Neil Thomas", ThomasRole, "“Beijing is unlikely to respond in a way that undermines its rising diplomatic, economic and military cooperation with Moscow,”"),
        new(19, "Neil Thomas", ThomasRole, "“It’s more likely to increase its own outreach to Pyongyang.”"),
    ];

    /// <summary>
    /// Every direct quote in the FT article. Not here on purpose: “deep friendship” and “no limits” (no speaker),
    /// “bitter allies” (unnamed "analysts"), and the two treaty titles.
    /// </summary>
    private static readonly Expected[] FinancialTimesQuotes =
    [
        new(1, "Xinhua", null, "“touched a raw nerve”"),
        new(6, "NK News", null, "“by all of one’s means available”"),
        new(9, "Shen Dingli", ShenRole, "“North Korea has unnecessarily put China in a very dangerous situation,”"),
        new(10, "Ren Xiao", RenRole, "“does not mean automatic military involvement in any conflict on the Korean peninsula”"),
        new(13, "Yun Sun", SunRole, "“The caveat is what would constitute assistance,”"),
        new(13, "Yun Sun", SunRole, "“So it seems that they left that pretty blurry.”"),
        new(16, "Pyongyang", null, "“grave political provocation”"),
        new(17, "Kim Jong Un", null, "“most honest friend”"),
        new(19, "Xinhua", null, "“cannot provide a prominent impetus for Russia to get out of its economic difficulties in the short term”"),
    ];

    [Fact]
    public void The_extractor_finds_every_quote_in_the_Bloomberg_article_with_its_speaker()
    {
        var quotes = QuoteExtractor.Extract(Bloomberg());

        Assert.Equal(BloombergQuotes, quotes.Select(Expected.Of));
    }

    [Fact]
    public void The_extractor_finds_every_quote_in_the_FT_article_with_its_speaker()
    {
        var quotes = QuoteExtractor.Extract(FinancialTimes());

        Assert.Equal(FinancialTimesQuotes, quotes.Select(Expected.Of));
    }

    [Fact]
    public void Every_quote_is_a_verbatim_span_of_its_paragraph_with_its_quotation_marks()
    {
        foreach (var article in new[] { Bloomberg(), FinancialTimes() })
        {
            foreach (var quote in QuoteExtractor.Extract(article))
            {
                var paragraph = article.Paragraphs[quote.Paragraph - 1];

                Assert.Equal(quote.Paragraph, paragraph.Number);
                Assert.Equal(quote.Text, paragraph.Text.Substring(quote.Span.Start, quote.Span.Length));
                Assert.StartsWith("“", quote.Text, StringComparison.Ordinal);
                Assert.EndsWith("”", quote.Text, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_quote_of_several_sentences_is_kept_whole_not_cut_at_a_sentence_end()
    {
        var cha = Assert.Single(QuoteExtractor.Extract(Bloomberg()), quote => quote.Speaker == "Victor Cha");

        Assert.Equal("“If South Korean weapons go to Ukraine — what if these are used to kill North Koreans? How will Kim respond?”", cha.Text);
    }

    [Fact]
    public void She_added_and_he_added_are_the_last_person_named()
    {
        var quotes = QuoteExtractor.Extract(Bloomberg());

        var sheAdded = Assert.Single(quotes, quote => quote.Text.StartsWith("“Beijing will be careful", StringComparison.Ordinal));
        Assert.Equal(("Patricia M Kim", KimRole), (sheAdded.Speaker, sheAdded.Role));
        var heAdded = Assert.Single(quotes, quote => quote.Text.StartsWith("“Beijing is unlikely", StringComparison.Ordinal));
        Assert.Equal(("Neil Thomas", ThomasRole), (heAdded.Speaker, heAdded.Role));
    }

    [Fact]
    public void He_added_after_an_according_to_that_quotes_nothing_is_still_that_person()
    {
        // Bloomberg introduces Victor Cha with "according to" and reported speech only; a direct quote with "he added" after it is his.
        var article = Synthetic(
            "A North Korea emboldened by Russia could endanger Beijing’s goal of maintaining stability in the region, according to Victor Cha, Korea chair at the Center for Strategic and International Studies.",
            "“Seoul will have to rethink its position on Ukraine,” he added.");

        var quote = Assert.Single(QuoteExtractor.Extract(article));

        Assert.Equal(new Expected(2, "Victor Cha", ChaRole, "“Seoul will have to rethink its position on Ukraine,”"), Expected.Of(quote));
    }

    [Fact]
    public void A_surname_alone_is_the_full_name_introduced_earlier_with_its_role()
    {
        var cha = Assert.Single(QuoteExtractor.Extract(Bloomberg()), quote => quote.Paragraph == 16);
        var ft = QuoteExtractor.Extract(FinancialTimes());
        var shen = Assert.Single(ft, quote => quote.Paragraph == 9);
        var kim = Assert.Single(ft, quote => quote.Paragraph == 17);

        Assert.Equal(("Victor Cha", ChaRole), (cha.Speaker, cha.Role));
        Assert.Equal(("Shen Dingli", ShenRole), (shen.Speaker, shen.Role));
        Assert.Equal("Kim Jong Un", kim.Speaker);
    }

    [Fact]
    public void Scare_quotes_and_titles_in_quotation_marks_are_not_quotes()
    {
        var texts = QuoteExtractor.Extract(FinancialTimes()).Select(quote => quote.Text).ToList();

        Assert.DoesNotContain("“deep friendship”", texts);
        Assert.DoesNotContain("“bitter allies”", texts);
        Assert.DoesNotContain("“no limits”", texts);
        Assert.DoesNotContain("“Treaty on Comprehensive Strategic Partnership”", texts);
        Assert.DoesNotContain("“Treaty on Friendship, Co-operation and Mutual Assistance”", texts);
    }

    [Fact]
    public void A_source_cited_without_quoted_words_is_not_a_speaker()
    {
        var speakers = QuoteExtractor.Extract(Bloomberg()).Select(quote => quote.Speaker).ToList();

        Assert.DoesNotContain("Friedrich Naumann Foundation", speakers);
        Assert.DoesNotContain(speakers, speaker => speaker.Contains("official", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_plain_words_role_before_the_name_is_read_when_a_noun_naming_a_person_heads_it()
    {
        var article = Synthetic(
            "“We lost two cranes,” harbour master Ina Brekke said.",
            "“Nobody expected this many,” said organiser Tomas Berg.",
            "“The talks failed,” said chief executive John Browne.");

        var quotes = QuoteExtractor.Extract(article).Select(Expected.Of);

        Assert.Equal(
            [
                new Expected(1, "Ina Brekke", "harbour master", "“We lost two cranes,”"),
                new Expected(2, "Tomas Berg", null, "“Nobody expected this many,”"),
                new Expected(3, "John Browne", null, "“The talks failed,”"),
            ],
            quotes);
    }

    [Fact]
    public void A_form_of_address_is_part_of_the_name_not_the_role()
    {
        var article = Synthetic(
            "Port director Rosa Vidal said the cranes were old. “We need new ones,” Ms Vidal said.",
            "“The harbour will reopen,” Lord Hallam said.",
            "Audit Office chief Sir Peter Quill said it was “a fair hearing”.");

        var quotes = QuoteExtractor.Extract(article).Select(Expected.Of);

        Assert.Equal(
            [
                new Expected(1, "Rosa Vidal", "Port director", "“We need new ones,”"),
                new Expected(2, "Lord Hallam", null, "“The harbour will reopen,”"),
                new Expected(3, "Peter Quill", "Audit Office chief", "“a fair hearing”"),
            ],
            quotes);
    }

    [Fact]
    public void A_capitalised_trade_before_a_full_name_is_the_role_and_a_surname_that_is_a_trade_stays_a_name()
    {
        var article = Synthetic(
            "“We plow too late,” said Coach Bill Meek.",
            "Councilman William D. Schaefer said the crews were “too slow”.",
            "“The road is shut,” John Smith said.",
            "The Councilman said small shops must “not be overlooked”.");

        var quotes = QuoteExtractor.Extract(article).Select(Expected.Of);

        Assert.Equal(
            [
                new Expected(1, "Bill Meek", "Coach", "“We plow too late,”"),
                new Expected(2, "William D. Schaefer", "Councilman", "“too slow”"),
                new Expected(3, "John Smith", null, "“The road is shut,”"),
                new Expected(4, "William D. Schaefer", "Councilman", "“not be overlooked”"),
            ],
            quotes);
    }

    [Fact]
    public void A_title_written_when_the_article_first_names_someone_is_the_role_of_their_later_quotes()
    {
        var article = Synthetic(
            "Coach Andy Rees, who took over in May, has lost three games.",
            "“We have to be braver,” Rees said.");

        var quote = Assert.Single(QuoteExtractor.Extract(article));

        Assert.Equal(new Expected(2, "Andy Rees", "Coach", "“We have to be braver,”"), Expected.Of(quote));
    }

    [Fact]
    public void A_title_and_a_surname_name_someone_whom_the_title_alone_names_later()
    {
        var article = Synthetic(
            "Mayor Grady met the crews on Monday.",
            "The Mayor said the roads would be “clear by Friday”.");

        var quote = Assert.Single(QuoteExtractor.Extract(article));

        Assert.Equal(new Expected(2, "Grady", "Mayor", "“clear by Friday”"), Expected.Of(quote));
    }

    [Fact]
    public void Words_that_only_join_or_trail_a_sentence_are_not_a_role()
    {
        var article = Synthetic(
            "“We start today,” said Mayor Ana Ruiz. But Ms Ruiz said the vote was “far from over”.",
            "“I just stood there watching,” said Leo Marsh, remarking on the size of the crowd.",
            "The decision followed a meeting where some senior Greens said the plan was “a betrayal”.");

        var quotes = QuoteExtractor.Extract(article).Select(Expected.Of).ToList();

        Assert.Contains(new Expected(1, "Ana Ruiz", "Mayor", "“far from over”"), quotes);
        Assert.Contains(new Expected(2, "Leo Marsh", null, "“I just stood there watching,”"), quotes);
        Assert.DoesNotContain(quotes, quote => quote.Role is { } role && (role.StartsWith("where", StringComparison.Ordinal) || role.StartsWith("But", StringComparison.Ordinal)));
    }

    [Fact]
    public void Straight_quotes_count_like_curly_ones()
    {
        var article = Synthetic("\"We will not back down,\" said Jane Doe, a spokeswoman for the trade ministry. \"The talks are over.\"");

        var quotes = QuoteExtractor.Extract(article).Select(Expected.Of);

        Assert.Equal(
            [
                new Expected(1, "Jane Doe", "a spokeswoman for the trade ministry", "\"We will not back down,\""),
                new Expected(1, "Jane Doe", "a spokeswoman for the trade ministry", "\"The talks are over.\""),
            ],
            quotes);
    }

    [Fact]
    public void According_to_names_the_speaker_and_role_of_the_quote_before_it()
    {
        var article = Synthetic("The deal is \"dead in the water,\" according to Mark Lee, an analyst at Eurasia Group.");

        var quote = Assert.Single(QuoteExtractor.Extract(article));

        Assert.Equal(new Expected(1, "Mark Lee", "an analyst at Eurasia Group", "\"dead in the water,\""), Expected.Of(quote));
    }

    [Fact]
    public void A_quote_carried_into_the_next_paragraph_keeps_its_speaker()
    {
        // News style leaves a quote open at the end of a paragraph when it continues in the next one.
        var article = Synthetic(
            "“The talks failed,” said Anna Berg, a diplomat in Seoul. “Nobody expected a deal this year.",
            "“We will try again when the new government is in place.”",
            "Berg later left the ministry. “I was tired,” Berg said.");

        var quotes = QuoteExtractor.Extract(article).Select(Expected.Of);

        Assert.Equal(
            [
                new Expected(1, "Anna Berg", "a diplomat in Seoul", "“The talks failed,”"),
                new Expected(1, "Anna Berg", "a diplomat in Seoul", "“Nobody expected a deal this year."),
                new Expected(2, "Anna Berg", "a diplomat in Seoul", "“We will try again when the new government is in place.”"),
                new Expected(3, "Anna Berg", "a diplomat in Seoul", "“I was tired,”"),
            ],
            quotes);
    }

    [Fact]
    public void A_quote_in_a_paragraph_with_no_speaker_is_not_attributed_to_anyone()
    {
        var article = Synthetic(
            "Ministers called the plan a “historic step” at the summit in Geneva.",
            "The so-called “peace dividend” never came, and the “Treaty of Mutual Security” was quietly dropped.");

        Assert.Empty(QuoteExtractor.Extract(article));
    }

    [Fact]
    public void An_article_without_quotation_marks_has_no_quotes_however_many_attributions_it_has()
    {
        var article = Synthetic("Victor Cha said the talks had stalled.", "Cha added that Seoul would wait, according to Neil Thomas.");

        Assert.Empty(QuoteExtractor.Extract(article));
    }

    [Fact]
    public void Names_introduced_after_the_last_quote_do_not_change_who_said_it()
    {
        var article = Synthetic(
            "Victor Cha, Korea chair at a think-tank, spoke on Monday.",
            "“We wait,” Cha said.",
            "Later, Kim Cha said the opposite, and she added more.");

        var quote = Assert.Single(QuoteExtractor.Extract(article));

        Assert.Equal((2, "Victor Cha", "“We wait,”"), (quote.Paragraph, quote.Speaker, quote.Text));
    }

    [Fact]
    public void A_title_before_a_name_is_the_role_not_part_of_the_name()
    {
        var article = Synthetic("Foreign Minister Wang Yi said the talks were “candid and constructive” after the meeting.");

        var quote = Assert.Single(QuoteExtractor.Extract(article));

        Assert.Equal(("Wang Yi", "Foreign Minister"), (quote.Speaker, quote.Role));
    }

    [Fact]
    public void The_speaker_index_lists_everyone_quoted_most_quoted_first_with_roles()
    {
        var index = SpeakerIndex.FromArticles([Bloomberg(), FinancialTimes()]);

        Assert.Equal(
            [
                ("Neil Thomas", 3), ("Patricia M Kim", 3), ("Antony Blinken", 2), ("Xinhua", 2), ("Yun Sun", 2), ("Zhou Bo", 2),
                ("Kim Jong Un", 1), ("Lin Jian", 1), ("NK News", 1), ("Pyongyang", 1), ("Ren Xiao", 1), ("Shen Dingli", 1), ("Victor Cha", 1),
            ],
            index.Speakers.Select(speaker => (speaker.Name, speaker.QuoteCount)));
        var cha = index.Speakers.Single(speaker => speaker.Name == "Victor Cha");
        Assert.Equal(ChaRole, cha.Role);
        Assert.Equal(["bloomberg-xi-balancing-act"], cha.Articles);
    }

    [Fact]
    public void I_can_find_a_speaker_by_part_of_their_name_in_any_case()
    {
        var index = SpeakerIndex.FromArticles([Bloomberg(), FinancialTimes()]);

        Assert.Equal(["Victor Cha"], index.Find("cha").Select(speaker => speaker.Name));
        Assert.Equal(["Victor Cha"], index.Find("victor").Select(speaker => speaker.Name));
        Assert.Equal(["Shen Dingli"], index.Find("Shen").Select(speaker => speaker.Name));
        Assert.Equal(["Patricia M Kim", "Kim Jong Un"], index.Find("KIM").Select(speaker => speaker.Name));
        Assert.Equal(["Patricia M Kim"], index.Find("patricia k").Select(speaker => speaker.Name));
        Assert.Empty(index.Find("zz"));
    }

    [Fact]
    public void An_exact_name_comes_before_more_quoted_partial_matches()
    {
        var index = SpeakerIndex.Build(
        [
            new QuotedSpeaker("a", "Kim Jong Un", null),
            new QuotedSpeaker("a", "Kim Jong Un", null),
            new QuotedSpeaker("b", "kim", "a reporter"),
        ]);

        Assert.Equal(["kim", "Kim Jong Un"], index.Find("Kim").Select(speaker => speaker.Name));
    }

    private static ParsedArticle Bloomberg() => ArticleParser.Parse(ArticleSource.Read(RepositoryPaths.Article("bloomberg-xi-balancing-act.txt")));

    private static ParsedArticle FinancialTimes() => ArticleParser.Parse(ArticleSource.Read(RepositoryPaths.Article("ft-xi-wary-of-kim-putin.txt")));

    private static ParsedArticle Synthetic(params string[] paragraphs) =>
        ArticleParser.Parse(ArticleSource.Parse("synthetic.txt", Encoding.UTF8.GetBytes("---\ntitle: Synthetic\n---\n" + string.Join("\n\n", paragraphs))));

    private sealed record Expected(int Paragraph, string Speaker, string? Role, string Text)
    {
        public static Expected Of(ExtractedQuote quote) => new(quote.Paragraph, quote.Speaker, quote.Role, quote.Text);
    }
}
