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

    /// <summary>
    /// Reads the model's JSON through <see cref="JsonDocument"/>, not the serializer: the serializer's first use costs a fresh
    /// process some 30 ms of start-up, and every first answer (the <c>ask</c> command's only one) waits for the model.
    /// Unknown properties are ignored; a missing or mistyped one is a <see cref="FormatException"/> naming it.
    /// </summary>
    public static RankingModel Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The ranking model is not a JSON object.");
            }

            var model = new RankingModel
            {
                Weights = Numbers(root, "weights"),
                Abstention = Numbers(root, "abstention"),
                AbstentionBias = Required(root, "abstentionBias").GetDouble(),
                AbstainBelow = Required(root, "abstainBelow").GetDouble(),
            };
            return model with
            {
                SynonymWeight = Optional(root, "synonymWeight")?.GetDouble() ?? model.SynonymWeight,
                TypoWeight = Optional(root, "typoWeight")?.GetDouble() ?? model.TypoWeight,
                EnglishRarityExponent = Optional(root, "englishRarityExponent")?.GetDouble() ?? model.EnglishRarityExponent,
                Candidates = Optional(root, "candidates")?.GetInt32() ?? model.Candidates,
                FittedOn = Optional(root, "fittedOn")?.GetString(),
            };
        }
        catch (Exception problem) when (problem is JsonException or InvalidOperationException)
        {
            throw new FormatException($"The ranking model cannot be read: {problem.Message}", problem);
        }
    }

    private static JsonElement? Optional(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private static JsonElement Required(JsonElement root, string name) =>
        Optional(root, name) ?? throw new FormatException($"The ranking model has no '{name}'.");

    private static double[] Numbers(JsonElement root, string name)
    {
        var array = Required(root, name);
        var numbers = new double[array.GetArrayLength()];
        var i = 0;
        foreach (var number in array.EnumerateArray())
        {
            numbers[i++] = number.GetDouble();
        }

        return numbers;
    }

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
