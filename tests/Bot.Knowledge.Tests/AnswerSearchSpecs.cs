using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Search;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Tests;

public sealed class AnswerSearchSpecs
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

    private static string Marked(PassageHit hit) =>
        string.Join(" | ", hit.Highlights.Select(span => span.Of(hit.Passage.Text)));

    /// <summary>The question as the search reads it, against the knowledge file.</summary>
    private static ParsedQuestion Parse(string question) =>
        ParsedQuestion.Parse(question, Knowledge.Analyzer, Knowledge.PassageIndex, Knowledge.SynonymTable, Knowledge.Spelling);

    /// <summary>Where a hit cites: its article and paragraph.</summary>
    private static (string Article, int Paragraph) Place(PassageHit hit) => (hit.Passage.Article.Id, hit.Passage.Number);

    [Fact]
    public void The_bot_finds_troops_when_asked_about_soldiers_and_marks_the_word_it_matched()
    {
        var result = new AnswerSearcher(Knowledge).Search("How many soldiers did North Korea send?");

        Assert.True(result.Answered);
        var first = result.Hits[0];
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(first));
        Assert.Contains("troops", Marked(first), StringComparison.Ordinal);
        Assert.Contains("sent", Marked(first), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bot_declines_a_question_about_a_leader_the_articles_never_mention_and_says_who()
    {
        var result = new AnswerSearcher(Knowledge).Search("What did Macron say about the alliance?");

        Assert.False(result.Answered);
        Assert.Empty(result.Hits);
        Assert.Contains("Macron", result.MissingWords);
    }

    [Fact]
    public void The_bot_declines_a_lower_case_question_about_a_country_the_articles_never_mention()
    {
        // "france" is not capitalised, but English uses it as a name, so no paragraph about Chinese presidents answers it.
        var result = new AnswerSearcher(Knowledge).Search("who is the president of france");

        Assert.False(result.Answered);
        Assert.Contains("france", result.MissingWords);
    }

    [Fact]
    public void A_common_word_the_articles_lack_does_not_sink_a_question_they_answer()
    {
        // "happy" is in neither article, but it is a common English word, not what the question is about.
        var result = new AnswerSearcher(Knowledge).Search("is china happy about the troops");

        Assert.True(result.Answered);
        Assert.Contains(result.Hits.Take(3), hit => Place(hit) == ("bloomberg-xi-balancing-act", 8));
    }

    [Fact]
    public void Use_is_not_read_as_the_US_and_a_contraction_is_not_a_missing_word()
    {
        // The stemmer cuts "use" to "us"; read as the US it would be a name the paragraph lacks, and the question declined.
        var result = new AnswerSearcher(Knowledge).Search("wouldn't china be willing to use its political capital");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 17), Place(result.Hits[0]));
        Assert.DoesNotContain("wouldn't", result.MissingWords);
    }

    [Fact]
    public void A_long_question_in_everyday_words_is_answered_though_the_paragraph_says_most_of_it_otherwise()
    {
        // Seven concepts, four of them words no paragraph uses ("people", "way", ...): a long question needs less of its
        // weight covered than a short one, whose every word is its subject.
        var result = new AnswerSearcher(Knowledge).Search("why are people so scared that the war in ukraine could get way bigger");

        Assert.True(result.Answered);
        Assert.Contains(result.Hits.Take(3), hit => Place(hit) == ("bloomberg-xi-balancing-act", 2));
    }

    [Theory]
    [InlineData("what is the exact range in km of north korea's icbm")]
    [InlineData("ukraine war death toll so far")]
    public void Words_no_article_uses_do_not_ease_the_bar_beyond_the_first(string question)
    {
        // Paragraph 9 has the ICBM, and FT paragraph 8 the war in Ukraine, but neither says "range", "km", "death" or "toll".
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.False(result.Answered);
    }

    [Fact]
    public void A_what_year_question_needs_a_year_month_or_weekday_in_a_sentence_that_matches()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // Paragraph 4 has Russia, the war in Ukraine and "in recent years", but no year of the invasion.
        var invasion = searcher.Search("what year did russia invade ukraine");
        var meeting = searcher.Search("what year did kim and xi last meet");

        Assert.False(invasion.Answered);
        Assert.True(meeting.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 13), Place(meeting.Hits[0]));
    }

    [Fact]
    public void A_question_for_a_name_needs_a_paragraph_that_gives_one()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // Paragraph 12 mentions "a visit by its foreign minister to Russia" and never names him; FT paragraph 6 quotes the
        // treaty's title, though three paragraphs that only mention the treaty score higher on the words.
        var minister = searcher.Search("whats the name of north korea's foreign minister");
        var treaty = searcher.Search("what is the russia north korea treaty called");

        Assert.False(minister.Answered);
        Assert.True(treaty.Answered);
        Assert.Equal(("ft-xi-wary-of-kim-putin", 6), Place(treaty.Hits[0]));
        Assert.Empty(treaty.MissingWords);
    }

    [Fact]
    public void A_quotation_without_a_name_in_it_names_no_one()
    {
        // FT paragraph 4: "Xi dispatched the most senior Chinese Communist party figure ... to reassert the two sides' “deep
        // friendship”": the sentence quotes, and names China, but not the official.
        var result = new AnswerSearcher(Knowledge).Search("what's the name of the senior party official xi sent to pyongyang in april");

        Assert.False(result.Answered);
    }

    [Fact]
    public void Called_asks_for_a_name_only_at_the_end_of_the_question()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // FT paragraph 17 has Kim calling Russia its "most honest" friend; paragraph 11 calls the two "bitter allies".
        var honest = searcher.Search("is it true kim called russia its most honest friend");
        var bitter = searcher.Search("why are china and north korea called bitter allies");

        Assert.Equal(("ft-xi-wary-of-kim-putin", 17), Place(honest.Hits[0]));
        Assert.Equal(("ft-xi-wary-of-kim-putin", 11), Place(bitter.Hits[0]));
    }

    [Fact]
    public void A_date_question_needs_its_event_in_the_sentence_with_the_date()
    {
        // Bloomberg paragraph 9: "North Korea fired suspected ballistic missiles Tuesday ... the US mainland. That message came
        // on the cusp of a tight US election": the weekday's sentence has the US, not the election.
        var election = new AnswerSearcher(Knowledge).Search("on what date is the us election being held");
        var launch = new AnswerSearcher(Knowledge).Search("what day did north korea fire the ballistic missiles");

        Assert.False(election.Answered);
        Assert.True(launch.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 9), Place(launch.Hits[0]));
    }

    [Fact]
    public void People_shapes_a_question_unless_it_is_what_is_counted()
    {
        // "How many people have died" is not "how many have died": no paragraph counts the war's dead.
        var dead = new AnswerSearcher(Knowledge).Search("how many people have died in the ukraine war so far");
        var fears = new AnswerSearcher(Knowledge).Search("did nk sending soldiers make people think the war would get bigger");

        Assert.False(dead.Answered);
        Assert.True(fears.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(fears.Hits[0]));
    }

    [Fact]
    public void A_why_question_the_article_poses_is_answered_by_the_paragraph_after_it()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // FT paragraph 14 asks "why Kim and Putin ... might risk annoying their powerful partner"; 15 gives Shen's reasons.
        var why = searcher.Search("why would kim and putin risk annoying xi");
        var dependent = searcher.Search("is putin more dependent than ever on xi");

        Assert.Equal(
            [("ft-xi-wary-of-kim-putin", 15), ("ft-xi-wary-of-kim-putin", 14)],
            why.Hits.Take(2).Select(Place));
        Assert.Equal(("ft-xi-wary-of-kim-putin", 14), Place(dependent.Hits[0]));
    }

    [Fact]
    public void A_name_in_what_is_counted_must_be_in_the_sentence_with_the_number()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // Bloomberg paragraph 2: "Kim Jong Un sent thousands of troops to Russia's border" (Kim speaks for North Korea); China
        // is only in the next sentence, asked to intervene.
        var chinese = searcher.Search("how many chinese troops are on the north korean border");
        var northKorean = searcher.Search("how many north korean troops did kim send");

        Assert.False(chinese.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(northKorean.Hits[0]));
    }

    [Fact]
    public void Exactly_how_many_needs_a_count_not_thousands()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // "Thousands of troops" says how many roughly; "four times in ten months" and "$5.5 billion" are counts and amounts.
        var soldiers = searcher.Search("exactly how many north korean soldiers were sent to russia");
        var visits = searcher.Search("exactly how many times did kim visit beijing before 2019");
        var weapons = searcher.Search("what is the exact amount of weapons nk sent russia");

        Assert.False(soldiers.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 13), Place(visits.Hits[0]));
        Assert.Equal(("bloomberg-xi-balancing-act", 10), Place(weapons.Hits[0]));
    }

    [Fact]
    public void A_real_word_no_article_uses_does_not_ease_a_how_many_question()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // "Died" is English the articles never use: the fact asked for. "Sned" is a typo, which still eases the bar.
        var dead = searcher.Search("how many nk soldiers have died fighting in ukraine");
        var typo = searcher.Search("how many soldiers did kim sned to russia");

        Assert.False(dead.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(typo.Hits[0]));
    }

    [Fact]
    public void Who_holds_a_job_asks_for_someone_the_paragraph_introduces()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // FT paragraph 16 has "Chinese, Japanese and South Korean leaders" at a trilateral summit, and "Pyongyang denounced"
        // it: a speaker, but no one's name. Paragraph 8 introduces "Foreign Ministry spokesperson Lin Jian".
        var japanese = searcher.Search("who is the japanese prime minister");
        var pmName = searcher.Search("whats the name of the japanese pm who was at the trilateral summit");
        var spokesperson = searcher.Search("who is the foreign ministry spokesperson");

        Assert.False(japanese.Answered);
        Assert.False(pmName.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 8), Place(spokesperson.Hits[0]));
    }

    [Fact]
    public void A_possessive_typed_without_its_apostrophe_is_still_the_name()
    {
        // "xis" is too short for the stemmer to cut back to "xi", so it was a word no article has.
        var result = new AnswerSearcher(Knowledge).Search("what is xis balancing act");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 5), Place(result.Hits[0]));
        Assert.DoesNotContain("xis", result.MissingWords);
    }

    [Fact]
    public void A_short_question_is_not_answered_by_a_paragraph_without_any_of_its_names()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // Bloomberg paragraph 11 gives North Korea's GDP; paragraph 9 North Korea's missiles.
        var chinasGdp = searcher.Search("what is china's gdp");
        var russiasMissiles = searcher.Search("what missiles does russia have");
        var northKoreasMissiles = searcher.Search("what missiles does north korea have");

        Assert.False(chinasGdp.Answered);
        Assert.False(russiasMissiles.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 9), Place(northKoreasMissiles.Hits[0]));
    }

    [Fact]
    public void A_quote_that_shares_no_word_with_the_question_is_found_by_its_speaker()
    {
        // Bloomberg paragraph 19, "“It's more likely to increase its own outreach to Pyongyang,” he added", is Neil Thomas's
        // (introduced in 18) and has only "Beijing" of the question's words: too common for the first pass to rank it.
        var result = new AnswerSearcher(Knowledge).Search("what does neil thomas expect beijing to do instead");

        Assert.Contains(("bloomberg-xi-balancing-act", 19), result.Hits.Take(3).Select(Place));
    }

    [Fact]
    public void A_paragraph_opening_with_that_holds_what_the_one_before_ended_on()
    {
        // Bloomberg paragraph 10 ends on "weapons worth as much as $5.5 billion"; 11 opens "That is equal to about one-fifth
        // of North Korea's yearly gross domestic product": the comparison asked for.
        var result = new AnswerSearcher(Knowledge).Search("how does the 5.5 billion compare to north korea's gdp");

        Assert.Equal(
            [("bloomberg-xi-balancing-act", 11), ("bloomberg-xi-balancing-act", 10)],
            result.Hits.Take(2).Select(Place));
    }

    [Fact]
    public void A_where_question_needs_a_place_the_question_does_not_name()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // FT paragraph 16: "When Chinese, Japanese and South Korean leaders talked ... at a trilateral summit last month,
        // Pyongyang denounced the discussion": every name is the question's own, or the one who denounced.
        var summit = searcher.Search("where was the trilateral summit with china japan and south korea held");
        var work = searcher.Search("where does patricia kim work");
        var troops = searcher.Search("where did kim send his troops");

        Assert.False(summit.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 6), Place(work.Hits[0]));
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(troops.Hits[0]));
    }

    [Fact]
    public void How_far_asks_for_a_distance()
    {
        // Bloomberg paragraph 9 has the ICBM "that flaunted Kim's ability to deliver a nuclear strike to the US mainland":
        // how far it can reach, in no figure.
        var result = new AnswerSearcher(Knowledge).Search("how far can the new nk icbm fly");

        Assert.False(result.Answered);
    }

    [Fact]
    public void A_mistyped_saying_word_still_asks_what_someone_said()
    {
        // Read as a quote question, "modi" stands where the one who commented does, and no article has him.
        var result = new AnswerSearcher(Knowledge).Search("has modi comented on the putin kim treaty");

        Assert.False(result.Answered);
        Assert.Contains("modi", result.MissingWords);
    }

    [Fact]
    public void Who_an_official_was_needs_a_name_or_a_job_the_question_does_not_say()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // FT paragraph 4 says only "the most senior Chinese Communist party figure"; Bloomberg 12 says who North Korea's
        // latest visitor to Russia was by his job: "a visit by its foreign minister".
        var senior = searcher.Search("who was the senior chinese party official that visited nk in april");
        var latest = searcher.Search("who was the latest north korean official to visit russia");

        Assert.False(senior.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 12), Place(latest.Hits[0]));
    }

    [Fact]
    public void A_who_question_is_answered_by_a_job_as_well_as_by_a_quote()
    {
        // FT paragraph 17 quotes Kim "during Putin's recent visit"; Bloomberg 12 says who went: "a visit by its foreign
        // minister to Russia". Without asking for an official, the job still says who.
        var result = new AnswerSearcher(Knowledge).Search("who from nk visited russia most recently");

        Assert.Equal(("bloomberg-xi-balancing-act", 12), Place(result.Hits[0]));
    }

    [Fact]
    public void Who_won_needs_a_paragraph_that_says_who_won()
    {
        var searcher = new AnswerSearcher(Knowledge);

        // Bloomberg paragraph 9 has "a tight US election that could return to power Donald Trump": a possibility, which a
        // question about one answers.
        var won = searcher.Search("who won the us election");
        var ended = searcher.Search("did trump end up winning the election");
        var could = searcher.Search("could a trump win change things with kim");

        Assert.False(won.Answered);
        Assert.False(ended.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 9), Place(could.Hits[0]));
    }

    [Fact]
    public void A_name_the_article_s_title_holds_spares_the_paragraph_the_rank_a_missing_name_costs()
    {
        // Bloomberg paragraph 2 has "fears that Europe's largest conflict ... was on the verge of escalating", not Ukraine,
        // which the title ("Xi's Balancing Act on Ukraine") names; FT paragraph 8 names the invasion of Ukraine, not fears.
        var result = new AnswerSearcher(Knowledge).Search("why are people scared the ukraine war could get way bigger");

        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(result.Hits[0]));
    }

    [Fact]
    public void Yo_is_a_greeting_only_when_it_opens_the_message()
    {
        // Read as the greeting, "Kim Yo Jong" would be Kim Jong Un, whom FT paragraph 17 quotes on Russia.
        var sister = new AnswerSearcher(Knowledge).Search("what did kim yo jong say about china");
        var greeting = new AnswerSearcher(Knowledge).Search("yo what did kim say about china");

        Assert.False(sister.Answered);
        Assert.True(greeting.Answered);
    }

    [Fact]
    public void A_how_much_question_is_declined_when_no_matching_sentence_holds_a_number()
    {
        // "expend its own political capital" matches "spend" and "China", but gives no amount.
        var result = new AnswerSearcher(Knowledge).Search("how much does china spend on its military");

        Assert.False(result.Answered);
    }

    [Fact]
    public void A_lower_case_rare_word_in_a_quote_question_is_taken_for_who_is_asked_about()
    {
        var result = new AnswerSearcher(Knowledge).Search("what did macron say about north korean troops");

        Assert.False(result.Answered);
        Assert.Contains("macron", result.MissingWords);
    }

    [Fact]
    public void A_paragraph_that_only_says_cha_said_is_still_about_the_csis_korea_chair()
    {
        // The quote in paragraph 16 is attributed to "Cha"; his role, with CSIS, is in paragraph 15.
        var result = new AnswerSearcher(Knowledge).Search("csis korea chair on what if south korean weapons kill north koreans");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 16), Place(result.Hits[0]));
    }

    [Theory]
    [InlineData("What did Shen Dingli say North Korea has done to China?", "ft-xi-wary-of-kim-putin", 9)]
    [InlineData("What did Victor Cha ask about South Korean weapons ending up in Ukraine?", "bloomberg-xi-balancing-act", 16)]
    [InlineData("What did Neil Thomas say Beijing will not want to damage?", "bloomberg-xi-balancing-act", 19)]
    public void A_quote_is_found_by_its_speakers_full_name_though_the_paragraph_names_them_once_or_not_at_all(string question, string article, int paragraph)
    {
        // Each paragraph quotes its speaker under a short name ("Shen said", "Cha said", "he added"); the paragraph before it,
        // which introduces them in full, holds every word of the question in one sentence but not what they said.
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.True(result.Answered);
        Assert.Equal((article, paragraph), Place(result.Hits[0]));
    }

    [Fact]
    public void A_month_is_a_date_not_a_name_the_paragraph_must_hold()
    {
        // "February" is capitalised like a name; read as one, the paragraph that lacks "the south" too would fall short.
        var result = new AnswerSearcher(Knowledge).Search("what did kim say in february about the south");

        Assert.True(result.Answered);
        Assert.Contains(result.Hits.Take(2), hit => Place(hit) == ("bloomberg-xi-balancing-act", 14));
    }

    [Fact]
    public void A_paragraph_that_goes_on_about_whom_the_one_before_named_ranks_for_that_name()
    {
        // Paragraph 14 says Kim declared "the right to annihilate his neighbor"; South Korea is named in paragraph 13.
        var result = new AnswerSearcher(Knowledge).Search("did kim say he could annihilate south korea");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 14), Place(result.Hits[0]));
    }

    [Fact]
    public void Lacking_one_of_several_names_costs_a_paragraph_less_than_lacking_the_question_s_subject()
    {
        // Paragraph 5 says the pact undermines Beijing's argument against US military alliances "in the region", not "in
        // Asia"; paragraph 7 names Asian counterparts but says nothing of the argument.
        var result = new AnswerSearcher(Knowledge).Search("How does the Moscow-Pyongyang partnership weaken China's case against American military alliances in Asia?");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 5), Place(result.Hits[0]));
    }

    [Fact]
    public void The_region_speaks_for_a_part_of_the_world()
    {
        // Paragraph 5 has the argument against US "military alliances in the region"; without "the region" speaking for Asia,
        // paragraph 7, on "European, Asian and American counterparts", went first.
        var result = new AnswerSearcher(Knowledge).Search("us military alliances in asia argument");

        Assert.Equal(("bloomberg-xi-balancing-act", 5), Place(result.Hits[0]));
    }

    [Fact]
    public void A_sentence_that_ends_a_quotation_counts_as_quoted_and_quote_is_how_the_question_asks()
    {
        // Paragraph 16's question "How will Kim respond?" is the second sentence of Cha's quote: only its closing mark shows.
        var result = new AnswerSearcher(Knowledge).Search("csis korea chair quote on how kim would respond");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 16), Place(result.Hits[0]));
        Assert.Empty(result.MissingWords);
    }

    [Fact]
    public void An_adverb_finds_the_adjective_the_paragraph_uses()
    {
        var result = new AnswerSearcher(Knowledge).Search("what sway does beijing have militarily over its neighbours");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 6), Place(result.Hits[0]));
        Assert.Contains("military", Marked(result.Hits[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_year_no_article_mentions_is_missing_like_a_name()
    {
        // Paragraph 9 is about a tight US election, but never says 2024.
        var result = new AnswerSearcher(Knowledge).Search("who won the 2024 us election");

        Assert.False(result.Answered);
        Assert.Contains("2024", result.MissingWords);
    }

    [Fact]
    public void Is_it_true_is_how_the_question_asks_not_a_word_to_find()
    {
        var result = new AnswerSearcher(Knowledge).Search("is it true the russia nk pact only covers economic help, not military?");

        Assert.True(result.Answered);
        Assert.DoesNotContain("true", result.MissingWords);
        Assert.Contains(result.Hits.Take(2), hit => Place(hit) is ("ft-xi-wary-of-kim-putin", 6) or ("bloomberg-xi-balancing-act", 14));
    }

    [Fact]
    public void A_mistyped_function_word_is_dropped_not_taken_for_a_name()
    {
        // "anythign" is in no English text, but it is a letter swap from "anything": not who the quote question is about.
        var result = new AnswerSearcher(Knowledge).Search("did chian say anythign about the troops");

        Assert.True(result.Answered);
        Assert.DoesNotContain("anythign", result.MissingWords);
    }

    [Theory]
    [InlineData("how many troops did kim send", "Quantity")]
    [InlineData("so how much were the weapons worth", "Quantity")]
    [InlineData("is it even clear how much control china has over its neighbours", "Any")]
    [InlineData("what did xinhua say about how much nk trade can help russia", "Quote")]
    public void How_many_asks_for_a_number_only_when_it_opens_the_question(string question, string kind)
    {
        var parsed = Parse(question);

        Assert.Equal(kind, parsed.Kind.ToString());
    }

    [Fact]
    public void A_quote_question_with_how_much_inside_it_is_answered_by_the_quote()
    {
        // Xinhua's words in FT paragraph 19 hold no number; read as a "how much" question, it was declined for that.
        var result = new AnswerSearcher(Knowledge).Search("what did xinhua say about how much nk trade can help russia");

        Assert.True(result.Answered);
        Assert.Equal(("ft-xi-wary-of-kim-putin", 19), Place(result.Hits[0]));
    }

    [Theory]
    [InlineData("how much sway does beijing have over nk military ops", "Any", "bloomberg-xi-balancing-act", 6)]
    [InlineData("how much does putin rely on xi these days", "Any", "ft-xi-wary-of-kim-putin", 14)]
    [InlineData("how much were north korea's weapons for russia worth", "Quantity", "bloomberg-xi-balancing-act", 10)]
    [InlineData("how much did nk send russia in weapons", "Quantity", "bloomberg-xi-balancing-act", 10)]
    public void How_much_asks_for_a_number_unless_it_asks_how_far_something_goes(string question, string kind, string article, int paragraph)
    {
        // "Sway" and "rely" are put in words ("Putin, who is more dependent than ever on Xi"), so a paragraph without a number
        // answers them; weapons are counted in dollars.
        var parsed = Parse(question);
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.Equal(kind, parsed.Kind.ToString());
        Assert.True(result.Answered);
        Assert.Contains(result.Hits.Take(3), hit => Place(hit) == (article, paragraph));
    }

    [Theory]
    [InlineData("why did ppl freak out when nk troops showed up", "Any")]
    [InlineData("what did xi push for when he was in pyongyang", "Any")]
    [InlineData("when did kim and xi last meet", "Date")]
    [InlineData("so when did putin visit", "Date")]
    public void When_asks_for_a_date_only_as_the_questions_own_word(string question, string kind)
    {
        var parsed = Parse(question);

        Assert.Equal(kind, parsed.Kind.ToString());
    }

    [Theory]
    [InlineData("what does the ft say about friendship", "ft-xi-wary-of-kim-putin")]
    [InlineData("friendship bloomberg", "bloomberg-xi-balancing-act")]
    public void A_named_publisher_says_where_to_look_and_is_not_a_missing_word(string question, string article)
    {
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.True(result.Answered);
        Assert.Equal(article, result.Hits[0].Passage.Article.Id);
        Assert.DoesNotContain(result.MissingWords, word => word.Equals("ft", StringComparison.OrdinalIgnoreCase) || word.Equals("bloomberg", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("what did the japanese prime minister say about the summit", "prime")]
    [InlineData("what did modi say about the ukraine war", "modi")]
    [InlineData("did modi say anything about the russia nk deal", "modi")]
    [InlineData("modi stance on the putin kim treaty", "modi")]
    [InlineData("macron's position on china and russia?", "macron")]
    public void Who_a_quote_question_asks_about_is_a_name_even_in_common_words(string question, string missing)
    {
        // Between "what did" and "say" stands who is asked about. "prime" is everyday English and "modi" one letter from
        // "mode", but no article has them: a paragraph about the summit or the war does not say what they said.
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.False(result.Answered);
        Assert.Contains(missing, result.MissingWords);
    }

    [Theory]
    [InlineData("What was Zelensky's reaction to North Korean soldiers being sent to Russia?", "Zelensky")]
    [InlineData("what did kim yo jong say about the troop deployment", "yo")]
    public void A_quote_question_about_someone_no_article_names_is_declined_however_much_else_matches(string question, string missing)
    {
        // The troops paragraphs hold all the rest of the question; "Kim" is even in them, but Kim Yo Jong is not Kim Jong Un.
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.False(result.Answered);
        Assert.Contains(missing, result.MissingWords);
    }

    [Fact]
    public void A_role_that_english_has_is_not_an_unknown_speaker()
    {
        // "Diplomat" is in no article, but it is a word and not a name: the top diplomat is the secretary of state, Blinken.
        var result = new AnswerSearcher(Knowledge).Search("What did America's top diplomat say US officials asked Beijing to do?");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 3), Place(result.Hits[0]));
    }

    [Fact]
    public void An_everyday_word_the_articles_capitalise_only_inside_a_name_is_not_a_name()
    {
        // Bloomberg capitalises "Policy" only in "Asia Society Policy Institute"; the asker's policy is Seoul's, which
        // paragraph 15 gives without the word ("its ban on sending lethal weapons to Ukraine").
        var question = "Is South Korea reconsidering its policy of not giving lethal arms to Kyiv?";
        var parsed = Parse(question);
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.False(parsed.Concepts.Single(concept => concept.Surface == "policy").IsEntity);
        Assert.True(parsed.Concepts.Single(concept => concept.Surface == "South Korea").IsEntity);
        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 15), Place(result.Hits[0]));
    }

    [Fact]
    public void Words_of_a_question_put_in_a_vocabulary_of_its_own_count_half()
    {
        // "Effectively", "significant" and "source" are English no article uses: how the asker puts "the only game in town".
        // One such word alone is more likely the fact the articles lack, and keeps its weight.
        var formal = "Which country is effectively the Kremlin's only significant source of economic sustenance?";
        var parsed = Parse(formal);
        var plain = Parse("is the aid significant");
        var result = new AnswerSearcher(Knowledge).Search(formal);

        var weight = parsed.Concepts.Single(concept => concept.Surface == "significant").Weight;
        Assert.Equal(plain.Concepts.Single(concept => concept.Surface == "significant").Weight / 2, weight, precision: 9);
        Assert.True(result.Answered);
        Assert.Equal(("ft-xi-wary-of-kim-putin", 20), Place(result.Hits[0]));
    }

    [Theory]
    [InlineData("How did China's state-run news agency characterise Washington's likely reaction to Putin's visit to North Korea?", "ft-xi-wary-of-kim-putin", 1)]
    [InlineData("What does Beijing's subdued public reaction to the dispatch of North Korean soldiers reportedly signal about its disposition toward Kim?", "bloomberg-xi-balancing-act", 8)]
    [InlineData("How does China describe the scope of its partnership with the Russian Federation?", "ft-xi-wary-of-kim-putin", 21)]
    public void Formal_wording_is_no_name_the_articles_lack(string question, string article, int paragraph)
    {
        // "Characterise" and "describe" ask what was said, so who is asked about is the news agency, not "characterise";
        // "subdued" stands where a quote question puts its speaker, but a participle is nobody's name; the Russian
        // Federation is Russia.
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.True(result.Answered);
        Assert.Contains(result.Hits.Take(3), hit => Place(hit) == (article, paragraph));
    }

    [Fact]
    public void A_question_in_its_own_words_says_its_names_otherwise_too()
    {
        // Bloomberg 17 weighs the costs of "their alliance" and never names Moscow or Pyongyang; the question's four words
        // no article uses ("evidence", "presently", "sufficient", "justify") put it in the asker's own words, where a
        // missing name raises the bar half as far.
        var question = "Is there evidence that Beijing presently regards the costs of the Moscow-Pyongyang alignment as sufficient to justify expending its own political capital?";
        var parsed = Parse(question);
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.True(parsed.InOtherWords);
        Assert.False(Parse("is there evidence of the alliance").InOtherWords);
        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 17), Place(result.Hits[0]));
    }

    [Fact]
    public void A_clause_between_does_and_a_saying_word_is_not_who_is_asked_about()
    {
        // Seven words stand between "does" and "remarks": "recall" and "connection" are how the asker puts it, not a name the
        // articles lack, as "prime" is in "what did the japanese prime minister say".
        var question = "Which Cold War habit of Pyongyang's does the Financial Times recall in connection with Kim's remarks about Russia?";
        var parsed = Parse(question);
        var minister = Parse("what did the japanese prime minister say");

        Assert.False(parsed.Concepts.Single(concept => concept.Surface == "recall").IsEntity);
        Assert.False(parsed.Concepts.Single(concept => concept.Surface == "connection").IsEntity);
        Assert.True(minister.Concepts.Single(concept => concept.Surface == "prime").IsEntity);
    }

    [Fact]
    public void A_leader_speaks_for_the_country_a_question_names()
    {
        // Paragraph 11 says "if Putin paid that amount" and never "Russia"; "russia ~> putin" keeps it from lacking the name.
        var result = new AnswerSearcher(Knowledge).Search("did russia pay nk for the weapons");

        Assert.True(result.Answered);
        Assert.Contains(result.Hits.Take(3), hit => Place(hit) == ("bloomberg-xi-balancing-act", 11));
    }

    [Fact]
    public void The_synonym_file_reads_names_that_speak_for_others_apart_from_aliases()
    {
        var entries = SynonymFile.Parse("russia, moscow ~> putin\nnk => north korea\n");

        Assert.Equal(2, entries.Count);
        Assert.Equal(["russia", "moscow"], entries[0].Terms);
        Assert.Equal(["putin"], entries[0].Targets);
        Assert.True(entries[0].SpeaksFor);
        Assert.Null(entries[1].SpeaksFor);

        // A speaking-for group finds nothing by itself: "russia" is no alias of "putin" in the table.
        var table = SynonymTable.Create(entries, Knowledge.Analyzer);
        Assert.Equal(0, table.LongestMatch(["russia"]).Length);
        Assert.Equal(["putin"], Assert.Single(table.SpeakersFor(["russia"])));
    }

    [Fact]
    public void A_mistyped_common_word_counts_as_the_word_it_was_meant_to_be_not_as_a_missing_name()
    {
        // "lanch" is in neither article nor in English, but it is one typo from "launch": a common word, not a name.
        var result = new AnswerSearcher(Knowledge).Search("kim jong un icbm lanch");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 9), Place(result.Hits[0]));
    }

    [Fact]
    public void An_acronym_finds_the_name_the_articles_spell_out()
    {
        var result = new AnswerSearcher(Knowledge).Search("what did the csis expert say");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 15), Place(result.Hits[0]));
        Assert.Contains("Center for Strategic and International Studies", Marked(result.Hits[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void An_acronym_of_a_name_finds_what_else_the_name_is_called()
    {
        // "kju" is Kim Jong Un, whom paragraph 12 calls only "Kim"; the kim group of the synonym file says they are one.
        var result = new AnswerSearcher(Knowledge).Search("why is kju less reliant on beijing");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 12), Place(result.Hits[0]));
    }

    [Fact]
    public void A_typo_of_a_word_only_a_synonym_phrase_has_is_corrected_to_it()
    {
        // "dragged" is in no article, only in the synonym file's "dragged into" (for "involved").
        var result = new AnswerSearcher(Knowledge).Search("how could china get draged into the ukraine war");

        Assert.True(result.Answered);
        Assert.Equal(("ft-xi-wary-of-kim-putin", 8), Place(result.Hits[0]));
        Assert.DoesNotContain("draged", result.MissingWords);
    }

    [Fact]
    public void Acronyms_come_from_runs_of_capitalised_words_and_stop_at_punctuation()
    {
        var names = Acronyms.NamesIn("according to Victor Cha, Korea chair at the Center for Strategic and International Studies. A study by the Friedrich Naumann Foundation.").ToList();

        Assert.Contains(("vc", "Victor Cha"), names);
        Assert.Contains(("csis", "Center for Strategic and International Studies"), names);
        Assert.Contains(("fnf", "Friedrich Naumann Foundation"), names);
        Assert.DoesNotContain(names, name => name.Name.StartsWith("Cha", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("why is beijng worried", "Beijing")] // one typo from "being" too, but Beijing is in far more paragraphs
    [InlineData("what did putn say", "Putin")] // four letters, and no English word
    public void A_mistyped_name_is_read_as_the_name_the_articles_use_most(string question, string name)
    {
        var result = new AnswerSearcher(Knowledge).Search(question);

        Assert.True(result.Answered);
        Assert.Contains(name, Marked(result.Hits[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void The_bot_declines_a_count_of_something_no_paragraph_mentions_even_when_the_rest_is_there()
    {
        var result = new AnswerSearcher(Knowledge).Search("how many submarines does north korea have");

        Assert.False(result.Answered);
        Assert.Contains("submarines", result.MissingWords);
    }

    [Fact]
    public void The_bot_declines_an_off_topic_question_and_suggests_what_it_can_answer()
    {
        var result = new AnswerSearcher(Knowledge).Search("lasagna recipe with ricotta");

        Assert.False(result.Answered);
        Assert.Contains("Why Xi Jinping is wary of Kim Jong Un’s embrace of Vladimir Putin", result.Suggestions);
    }

    [Fact]
    public void The_bot_declines_a_count_of_something_the_articles_never_mention()
    {
        var result = new AnswerSearcher(Knowledge).Search("how many nuclear warheads does china have");

        Assert.False(result.Answered);
        Assert.Contains("warheads", result.MissingWords);
    }

    [Fact]
    public void The_bot_declines_a_count_when_the_only_number_beside_the_counted_thing_is_about_someone_else()
    {
        var searcher = new AnswerSearcher(Knowledge);

        var chinas = searcher.Search("How many troops does China have?");
        var inItsArmy = searcher.Search("How many soldiers does China have in its army?");
        var kims = searcher.Search("how many troops did kim send");

        Assert.False(chinas.Answered);

        // "its army" says again what is counted: it is no other fact that the number could be about.
        Assert.False(inItsArmy.Answered);
        Assert.True(kims.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(kims.Hits[0]));
    }

    [Fact]
    public void The_runners_up_include_the_paragraph_that_says_what_the_first_one_lacks_in_other_words()
    {
        var result = new AnswerSearcher(Knowledge).Search("does beijing want a three way alliance with moscow and nk");

        Assert.True(result.Answered);
        var topThree = result.Hits.Take(3).Select(hit => hit.Passage.Text).ToList();
        Assert.Contains(topThree, text => text.Contains("tripartite", StringComparison.Ordinal));
        Assert.Equal(3, topThree.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Asked_for_someones_take_by_their_institution_the_bot_finds_their_quote()
    {
        var result = new AnswerSearcher(Knowledge).Search("whats the stimson person's take");

        Assert.True(result.Answered);
        Assert.Contains("Yun Sun", result.Hits[0].Passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bot_does_not_offer_a_misreading_of_an_off_topic_question_as_a_suggestion()
    {
        var result = new AnswerSearcher(Knowledge).Search("who won the world cup");

        Assert.False(result.Answered);
        Assert.DoesNotContain(result.Suggestions, suggestion => suggestion.Contains("own", StringComparison.Ordinal) || suggestion.Contains("cusp", StringComparison.Ordinal));
        Assert.Contains("Xi’s Balancing Act on Ukraine Disrupted by Putin-Kim Alliance", result.Suggestions);
    }

    [Fact]
    public void A_suggested_question_drops_its_own_question_marks_since_did_you_mean_adds_one()
    {
        var result = new AnswerSearcher(Knowledge).Search("has the pope commented on north korean troops going to russia??");

        Assert.False(result.Answered);
        Assert.Contains(result.Suggestions, suggestion => suggestion.StartsWith("has the ", StringComparison.Ordinal));
        Assert.All(result.Suggestions, suggestion => Assert.False(suggestion.EndsWith('?')));
    }

    [Fact]
    public void Asked_what_someone_said_by_their_role_the_bot_finds_their_quote()
    {
        var result = new AnswerSearcher(Knowledge).Search("what did the retired colonel say");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 17), Place(result.Hits[0]));
        Assert.Contains("Zhou Bo", result.Hits[0].Passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bot_reads_through_a_typo()
    {
        var result = new AnswerSearcher(Knowledge).Search("what did blinkin say");

        Assert.True(result.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 3), Place(result.Hits[0]));
        Assert.Contains("Blinken", Marked(result.Hits[0]), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_answer_is_a_verbatim_paragraph_of_an_article()
    {
        var result = new AnswerSearcher(Knowledge).Search("xi kim last meeting??");

        Assert.True(result.Answered);
        Assert.All(result.Hits, hit => Assert.Equal(Knowledge.FindPassage(hit.Passage.Article.Id, hit.Passage.Number)!.Text, hit.Passage.Text));
        Assert.Contains("haven’t met in person since June 2019", result.Hits[0].Passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_alias_lets_a_nickname_find_its_person()
    {
        var searcher = new AnswerSearcher(Knowledge);
        const string Question = "who did rocket man hug";

        var without = searcher.Search(Question);
        var with = searcher.WithAliases([new SynonymEntry(["rocket man"], ["kim jong un", "kim"])]).Search(Question);

        // Without the alias only "hug" finds the paragraph; with it, the nickname is Kim and matches him too.
        Assert.DoesNotContain(without.Hits, hit => Marked(hit).Contains("Kim", StringComparison.Ordinal));
        Assert.True(with.Answered);
        Assert.Equal(("bloomberg-xi-balancing-act", 14), Place(with.Hits[0]));
        Assert.Contains("Kim", Marked(with.Hits[0]), StringComparison.Ordinal);
        Assert.True(with.Hits[0].Score > without.Hits.FirstOrDefault(hit => hit.Passage.Number == 14)?.Score);
    }

    [Fact]
    public void I_can_add_an_article_on_another_topic_without_changing_code()
    {
        var sources = Directory.EnumerateFiles(RepositoryPaths.Articles, "*.txt").Order(StringComparer.Ordinal).Select(ArticleSource.Read).ToList();
        sources.Add(ArticleSource.Parse("harbour.txt", System.Text.Encoding.UTF8.GetBytes("""
            ---
            id: harbour-reopens
            title: Old harbour reopens after six years of work
            publisher: Coast Gazette
            ---
            The old harbour reopened on Monday after six years of restoration that cost the town €40 million.

            “It is a great day for the fishermen,” said Mayor Ana Ruiz, who cut the ribbon at the lighthouse.

            Ferries to the islands will run twice a day from June.
            """)));
        var knowledge = KnowledgeBase.FromPayload(KnowledgeBuilder.Build(sources, synonyms: SynonymFile.Read(Path.Combine(RepositoryPaths.Root, "knowledge", SynonymFile.FileName))));
        var searcher = new AnswerSearcher(knowledge);

        var harbour = searcher.Search("how much did the harbor restoration cost?");
        var mayor = searcher.Search("what did the mayor say");
        var china = searcher.Search("How many soldiers did North Korea send?");

        Assert.Equal(("harbour-reopens", 1), Place(harbour.Hits[0]));
        Assert.Equal(("harbour-reopens", 2), Place(mayor.Hits[0]));
        Assert.Equal(("bloomberg-xi-balancing-act", 2), Place(china.Hits[0]));
    }
}
