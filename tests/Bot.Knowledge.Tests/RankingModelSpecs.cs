using Bot.Knowledge.Ranking;

namespace Bot.Knowledge.Tests;

public sealed class RankingModelSpecs
{
    [Fact]
    public void The_shipped_model_has_a_weight_for_every_feature()
    {
        var model = RankingModel.Default;

        Assert.Equal(PassageFeatures.Count, model.Weights.Length);
        Assert.InRange(model.Abstention.Length, PassageFeatures.Count, PassageFeatures.Count + 1);
        Assert.InRange(model.AbstainBelow, 0.0, 1.0);
        Assert.True(model.Candidates > 0);
    }

    [Fact]
    public void A_model_written_by_the_fit_command_reads_back_the_same()
    {
        var written = new RankingModel
        {
            Weights = [1.5, -0.25, 0],
            Abstention = [0.5, 2],
            AbstentionBias = -1.75,
            AbstainBelow = 0.125,
            SynonymWeight = 0.6,
            TypoWeight = 0.7,
            EnglishRarityExponent = 0.5,
            Candidates = 40,
            FittedOn = "a test",
        };

        var read = RankingModel.Parse(written.ToJson());

        Assert.Equal(written.Weights, read.Weights);
        Assert.Equal(written.Abstention, read.Abstention);
        Assert.Equal(written with { Weights = read.Weights, Abstention = read.Abstention }, read);
    }

    [Fact]
    public void What_a_model_leaves_out_takes_its_defaults_and_unknown_properties_are_ignored()
    {
        var read = RankingModel.Parse("""{ "weights": [1], "abstention": [2], "abstentionBias": 0.5, "abstainBelow": 0.25, "note": "x" }""");

        Assert.Equal([1.0], read.Weights);
        Assert.Equal(0.8, read.SynonymWeight);
        Assert.Equal(0.8, read.TypoWeight);
        Assert.Equal(1.0, read.EnglishRarityExponent);
        Assert.Equal(30, read.Candidates);
        Assert.Null(read.FittedOn);
    }

    [Theory]
    [InlineData("""{ "abstention": [2], "abstentionBias": 0.5, "abstainBelow": 0.25 }""", "weights")]
    [InlineData("""{ "weights": [1], "abstention": [2], "abstentionBias": 0.5 }""", "abstainBelow")]
    [InlineData("""{ "weights": "heavy", "abstention": [2], "abstentionBias": 0.5, "abstainBelow": 0.25 }""", "cannot be read")]
    [InlineData("""{ "weights": [1], "abstention": [2], "abstentionBias": 0.5, "abstainBelow": 0.25, "candidates": "many" }""", "cannot be read")]
    [InlineData("""[1, 2]""", "not a JSON object")]
    [InlineData("""{ "weights": [1""", "cannot be read")]
    public void A_model_that_is_missing_or_mistypes_a_number_is_refused_saying_what(string json, string said)
    {
        var refusal = Assert.Throws<FormatException>(() => RankingModel.Parse(json));

        Assert.Contains(said, refusal.Message, StringComparison.Ordinal);
    }
}
