using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Knowledge.Search;

namespace Bot.Answering;

/// <summary>
/// The machine-readable answer that <c>ask --json</c> prints, one object per question:
/// <c>{"question", "answered", "passages": [{"article", "title", "publisher", "paragraph", "text", "score"}]}</c>,
/// <c>"wordsRead"</c> when the question was too long to read whole, and <c>"error"</c> only for a question that could
/// not be asked at all (an empty one).
/// </summary>
public sealed record AnswerJson(
    string Question,
    bool Answered,
    IReadOnlyList<AnswerJsonPassage> Passages,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? WordsRead = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null)
{
    /// <summary>What an empty or blank question gets, so batch output keeps one object per input line.</summary>
    public const string EmptyQuestionError = "empty question: there is nothing to search for";

    public static AnswerJson EmptyQuestion { get; } = new("", false, [], Error: EmptyQuestionError);

    private static readonly JsonSerializerOptions Options = new(AnswerJsonContext.Default.Options)
    {
        // The passages are quoted verbatim; keep their curly quotes and dashes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly AnswerJsonContext Context = new(Options);

    public static AnswerJson From(SearchResult result) => new(
        result.Question,
        result.Answered,
        result.Answered
            ? result.Hits.Select(hit => new AnswerJsonPassage(
                hit.Passage.Article.Id,
                hit.Passage.Article.Title,
                hit.Passage.Article.Publisher,
                hit.Passage.Number,
                hit.Passage.Text,
                Math.Round(hit.Score, 4))).ToList()
            : [],
        result.WordsRead);

    public string ToJsonLine() => JsonSerializer.Serialize(this, Context.AnswerJson);
}

public sealed record AnswerJsonPassage(string Article, string Title, string? Publisher, int Paragraph, string Text, double Score);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AnswerJson))]
internal sealed partial class AnswerJsonContext : JsonSerializerContext;
