using Bot.Knowledge.Analysis;

namespace Bot.Knowledge.Tests;

public sealed class TextAnalyzerSpecs
{
    private static List<string> Terms(string text) => TextAnalyzer.Shared.Analyze(text).Select(token => token.Term).ToList();

    [Fact]
    public void Possessives_stop_words_and_inflections_fold_away()
    {
        Assert.Equal(["kim", "embrac", "putin"], Terms("Kim’s embrace of Putin"));
        Assert.Equal(Terms("weapons shipments"), Terms("Weapon shipment"));
    }

    [Fact]
    public void A_word_the_stemmer_cuts_to_two_letters_stays_apart_from_the_two_letter_word()
    {
        // Porter stems "use" to "us": without the mark, "is China willing to use ..." would ask about the US.
        Assert.NotEqual(Terms("US"), Terms("use"));
        Assert.Equal(Terms("use"), Terms("using"));
        Assert.Equal(["us"], Terms("US"));
    }

    [Fact]
    public void Irregular_verb_forms_meet_their_base()
    {
        // Porter leaves "paid" and "sent" as they are: "did the council pay" must find "the council paid".
        Assert.Equal(Terms("pay"), Terms("paid"));
        Assert.Equal(Terms("send troops"), Terms("sent troops"));
        Assert.Equal(Terms("fight"), Terms("fought"));

        // Porter makes "goe" of "goes"; "go" is short, but it is the word, not a cut of it.
        Assert.Equal(Terms("go"), Terms("goes"));
        Assert.Equal(Terms("go"), Terms("went"));
    }

    [Fact]
    public void Irregular_forms_mostly_used_as_other_words_stay_apart()
    {
        // "saw" is a verb's base itself, "lay" the form of two verbs, and "shot" mostly a noun in English at large.
        Assert.NotEqual(Terms("see"), Terms("saw"));
        Assert.NotEqual(Terms("lie"), Terms("lay"));
        Assert.NotEqual(Terms("shoot"), Terms("shot"));
        Assert.Equal(Terms("find"), Terms("found"));
    }

    [Fact]
    public void British_and_American_spellings_are_one_term()
    {
        // A member who writes "color" must find an article that writes "colour", and the other way round.
        Assert.Equal(Terms("color"), Terms("colour"));
        Assert.Equal(Terms("defense spending"), Terms("defence spending"));
        Assert.Equal(Terms("organized labor"), Terms("organised labour"));
        Assert.Equal(Terms("theater center"), Terms("theatre centre"));

        // Words that mean different things on the two sides stay apart: a cheque is no check.
        Assert.NotEqual(Terms("check"), Terms("cheque"));
    }

    [Fact]
    public void Money_splits_into_the_number_and_its_unit()
    {
        Assert.Equal(["5.5", "bn"], Terms("$5.5bn"));
        Assert.Equal(["5.5", "billion"], Terms("$5.5 billion"));
        Assert.Equal(["10000", "troop"], Terms("10,000 troops"));
    }

    [Fact]
    public void Zero_width_characters_and_curly_quotes_do_not_split_or_change_words()
    {
        Assert.Equal(Terms("Pyongyang didn't"), Terms("Pyong\u200Byang didn’t"));
    }

    [Fact]
    public void Tokens_point_back_at_the_words_in_the_original_text()
    {
        var text = "North Korea’s “troops”";

        var tokens = TextAnalyzer.Shared.Analyze(text);

        Assert.Equal(["North", "Korea", "troops"], tokens.Select(token => text.Substring(token.Start, token.Length)));
    }

    [Fact]
    public void A_word_gives_the_same_term_the_first_time_and_every_time_after()
    {
        const string text = "The INSPECTORS inspected; inspector’s reports. Mr. O’Neil’s Ångström-level ﬁndings, naïve café-goers and Straße.";

        var fresh = new TextAnalyzer().Analyze(text);
        var cached = TextAnalyzer.Shared.Analyze(text);
        var again = TextAnalyzer.Shared.Analyze(text);

        Assert.Equal(["inspector", "inspect", "inspector", "report", "mr", "oneil", "ångström", "level", "ﬁnding", "naïv", "café", "goer", "straße"], fresh.Select(token => token.Term));
        Assert.Equal(fresh, cached);
        Assert.Equal(fresh, again);
    }

    [Fact]
    public void A_word_longer_than_any_buffer_is_one_whole_term()
    {
        var word = string.Concat(Enumerable.Repeat("Abcdefgh", 40));

        var token = Assert.Single(TextAnalyzer.Shared.Analyze($"the {word}."));

        Assert.Equal(word.ToLowerInvariant(), token.Term);
        Assert.Equal((4, word.Length), (token.Start, token.Length));
    }

    [Fact]
    public void Stop_words_are_dropped_or_kept_as_asked_whatever_their_case()
    {
        var kept = new List<Token>();
        TextAnalyzer.Shared.Analyze("THE Jury and the election", kept, keepStopWords: true);

        Assert.Equal(["juri", "elect"], Terms("THE Jury and the election"));
        Assert.Equal(["the", "juri", "and", "the", "elect"], kept.Select(token => token.Term));
        Assert.Equal([0, 1, 2, 3, 4], kept.Select(token => token.Position));
    }
}
