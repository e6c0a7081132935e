using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Knowledge.Ranking;

/// <summary>
/// The numbers of the answer search, fitted, not set by hand: how a candidate's features combine into its score
/// (<see cref="Weights"/>, one per <see cref="PassageFeatures"/> feature), when the best candidate is no answer
/// (<see cref="Abstention"/>, a logistic model over the same features, and its <see cref="AbstainBelow"/>), and the
/// weights of words the question did not say itself. Stored as <c>ranking-model.json</c>, embedded; the evaluation tool's
/// <c>fit</c> verb refits it on the development corpora and writes the file.
/// </summary>
public sealed record RankingModel
{
    public required double[] Weights { get; init; }

    public required double[] Abstention { get; init; }

    public required double AbstentionBias { get; init; }

    /// <summary>Below this probability that the best candidate answers, the search declines.</summary>
    public required double AbstainBelow { get; init; }

    /// <summary>What a synonym, an alias or what a chat word stands for counts against the asker's own word.</summary>
    public double SynonymWeight { get; init; } = 0.8;

    /// <summary>What the word a typo was meant to be counts against a word spelt right.</summary>
    public double TypoWeight { get; init; } = 0.8;

    /// <summary>How far a word's commonness in English at large discounts its weight (0: not at all).</summary>
    public double EnglishRarityExponent { get; init; } = 1;

    /// <summary>How many passages the first pass hands to the rescoring.</summary>
    public int Candidates { get; init; } = 30;

    /// <summary>Where the fit command wrote it, how it was fitted, and on what: for people, not read by the search.</summary>
    public string? FittedOn { get; init; }

    public static RankingModel Default { get; } = Load();

    public static RankingModel Parse(string json) =>
        JsonSerializer.Deserialize(json, RankingModelJson.Default.RankingModel) ?? throw new FormatException("The ranking model is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, RankingModelJson.Default.RankingModel);

    private static RankingModel Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Bot.Knowledge.Ranking.ranking-model.json")
            ?? throw new InvalidOperationException("The embedded ranking-model.json is missing.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(RankingModel))]
internal sealed partial class RankingModelJson : JsonSerializerContext;
