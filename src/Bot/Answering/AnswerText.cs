using System.Text;
using Bot.Knowledge.Search;

namespace Bot.Answering;

/// <summary>Renders an answer for a person reading a terminal: cited passages with the matched words in **bold**.</summary>
public static class AnswerText
{
    public const string NotCovered = "The articles don't say.";

    /// <summary>What a reply says when the question was too long to read whole (see <see cref="QuestionPrefix"/>), else null.</summary>
    public static string? TruncationNote(SearchResult result) =>
        result.WordsRead is { } words ? $"Only the first {words} words of the question were read." : null;

    public static string Render(SearchResult result)
    {
        var text = new StringBuilder();
        if (TruncationNote(result) is { } note)
        {
            text.AppendLine(note);
        }

        if (!result.Answered)
        {
            text.Append(NotCovered);
            if (result.MissingWords.Count > 0)
            {
                text.Append(" Nothing in them mentions ").Append(string.Join(", ", result.MissingWords.Select(word => $"\"{word}\""))).Append('.');
            }

            text.AppendLine();
            if (result.Suggestions.Count > 0)
            {
                text.Append("Did you mean: ").AppendJoin("; ", result.Suggestions).AppendLine("?");
            }

            return text.ToString();
        }

        for (var i = 0; i < result.Hits.Count; i++)
        {
            var hit = result.Hits[i];
            text.Append('[').Append(i + 1).Append("] ").AppendLine(hit.Passage.Citation);
            text.AppendLine(Highlighter.Mark(hit.Passage.Text, hit.Highlights, escape: static plain => plain));
            text.AppendLine();
        }

        return text.ToString().TrimEnd() + Environment.NewLine;
    }
}
