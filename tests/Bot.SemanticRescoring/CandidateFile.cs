using System.Text.Json;

namespace Bot.SemanticRescoring;

/// <summary>One question as <c>Bot.Evaluation candidates</c> wrote it: the first pass's candidates, best first.</summary>
internal sealed record AskedQuestion(string Text, string Split, bool OffTopic, bool Answered, IReadOnlyList<RankedCandidate> Candidates);

/// <summary>A candidate passage: the fitted score the search ranked it by, whether it answers, and its text.</summary>
internal sealed record RankedCandidate(double Score, bool Answer, string Text);

internal static class CandidateFile
{
    public static List<AskedQuestion> Read(string path)
    {
        var questions = new List<AskedQuestion>();
        foreach (var line in File.ReadLines(path))
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var candidates = root.GetProperty("candidates").EnumerateArray()
                .Select(candidate => new RankedCandidate(
                    candidate.GetProperty("score").GetDouble(),
                    candidate.GetProperty("answer").GetBoolean(),
                    candidate.GetProperty("text").GetString() ?? string.Empty))
                .ToList();
            questions.Add(new AskedQuestion(
                root.GetProperty("question").GetString() ?? string.Empty,
                root.GetProperty("split").GetString() ?? string.Empty,
                root.GetProperty("offTopic").GetBoolean(),
                root.GetProperty("answered").GetBoolean(),
                candidates));
        }

        return questions;
    }
}
