using System.Text;
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
            text.AppendLine(Highlighter.Mark(hit.Passage.Text, hit.Highlights, escape: static plain => plain));
            text.AppendLine();
        }

        return text.ToString().TrimEnd() + Environment.NewLine;
    }
}
