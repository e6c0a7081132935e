using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Search;

namespace Bot.Answering;

/// <summary>Renders an answer for a person reading a terminal: cited passages with the matched words in **bold**.</summary>
public static class AnswerText
{
    public const string NotCovered = "The articles don't say.";

    public static string Render(SearchResult result)
    {
        var text = new StringBuilder();
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
            text.AppendLine(Mark(hit.Passage.Text, hit.Highlights, "**", "**"));
            text.AppendLine();
        }

        return text.ToString().TrimEnd() + Environment.NewLine;
    }

    /// <summary>Wraps each highlighted span of <paramref name="text"/> in the given markers; the words themselves are untouched.</summary>
    public static string Mark(string text, IReadOnlyList<TextSpan> highlights, string open, string close)
    {
        if (highlights.Count == 0)
        {
            return text;
        }

        var marked = new StringBuilder(text.Length + (highlights.Count * (open.Length + close.Length)));
        var position = 0;
        foreach (var span in highlights.OrderBy(span => span.Start))
        {
            if (span.Start < position || span.End > text.Length)
            {
                continue;
            }

            marked.Append(text, position, span.Start - position).Append(open).Append(text, span.Start, span.Length).Append(close);
            position = span.End;
        }

        return marked.Append(text, position, text.Length - position).ToString();
    }
}
