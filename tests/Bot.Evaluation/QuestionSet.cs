using System.Text.Json;

namespace Bot.Evaluation;

/// <summary>A passage that answers a question: paragraph <see cref="Paragraph"/> of article <see cref="Article"/>.</summary>
public readonly record struct ExpectedPassage(string Article, int Paragraph);

/// <summary>
/// One question of an evaluation set. An empty <see cref="Answers"/> marks an off-topic question the bot should
/// decline; otherwise any of the passages counts as the answer. <see cref="Split"/> is "tune" or "holdout".
/// </summary>
public sealed record EvaluationQuestion(string Question, IReadOnlyList<ExpectedPassage> Answers, string Split)
{
    public bool IsOffTopic => Answers.Count == 0;

    /// <summary>Whether the paragraph is one the question's writer named as answering it.</summary>
    public bool IsAnsweredBy(string article, int paragraph) => Answers.Contains(new ExpectedPassage(article, paragraph));

    /// <summary>Reads one line of the set: <c>{"question": "...", "answers": [{"article": "...", "paragraph": 2}], "split": "tune"}</c>.</summary>
    public static EvaluationQuestion Parse(JsonElement json)
    {
        var question = json.GetProperty("question").GetString() ?? throw new FormatException("A question has no text.");
        var answers = json.TryGetProperty("answers", out var list)
            ? list.EnumerateArray()
                .Select(answer => new ExpectedPassage(
                    answer.GetProperty("article").GetString() ?? throw new FormatException($"An answer to '{question}' has no article."),
                    answer.GetProperty("paragraph").GetInt32()))
                .ToList()
            : [];
        var split = json.TryGetProperty("split", out var value) ? value.GetString() ?? QuestionSet.Tune : QuestionSet.Tune;
        return new EvaluationQuestion(question, answers, split);
    }
}

/// <summary>An evaluation set: questions written the way people ask, one JSON object a line (JSON Lines).</summary>
public static class QuestionSet
{
    public const string Tune = "tune";
    public const string Holdout = "holdout";

    public static IReadOnlyList<EvaluationQuestion> Read(string path) => Parse(File.ReadAllText(path), path);

    public static IReadOnlyList<EvaluationQuestion> Parse(string jsonLines, string name = "(question set)")
    {
        var questions = new List<EvaluationQuestion>();
        var lineNumber = 0;
        foreach (var line in jsonLines.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            try
            {
                using var document = JsonDocument.Parse(line);
                questions.Add(EvaluationQuestion.Parse(document.RootElement));
            }
            catch (Exception problem) when (problem is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
            {
                throw new FormatException($"{name} line {lineNumber}: {problem.Message}", problem);
            }
        }

        return questions;
    }
}
