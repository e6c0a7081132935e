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
}
