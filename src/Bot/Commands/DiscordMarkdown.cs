using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Search;

namespace Bot.Commands;

/// <summary>
/// Makes text safe to show in a Discord message: escapes markdown so a passage or a question renders as
/// written, defuses mass mentions in echoed text (allowed_mentions stops the ping; this stops the look of one),
/// and drops invisible characters people paste.
/// </summary>
public static partial class DiscordMarkdown
{
    private const string Special = "\\*_~`|>[]()#-";

    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (IsInvisible(c))
            {
                continue;
            }

            if (Special.Contains(c))
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.Replace("@everyone", "@\u2060everyone").Replace("@here", "@\u2060here").Replace("<@", "<\u2060@").ToString();
    }

    /// <summary>A user's question as shown back to them: one line, escaped, at most <paramref name="maxLength"/> characters.</summary>
    public static string Question(string question, int maxLength)
    {
        var flat = string.Join(' ', question.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return Escape(Truncate(flat, maxLength));
    }

    /// <summary>
    /// The text without Discord's mention and reference markup (<c>&lt;@id&gt;</c>, <c>&lt;@&amp;id&gt;</c>, <c>&lt;#id&gt;</c>,
    /// custom emoji, timestamps, command links: docs/reference.mdx, "Message Formatting"). A question asked at someone
    /// ("<c>&lt;@80351110224678912&gt;</c> what did Shen say?") is about the articles, not the snowflake, whose digits the
    /// search would otherwise read as a number or a name no article has, and refuse.
    /// </summary>
    public static string WithoutMentions(string text) => MentionMarkup().Replace(text, " ");

    /// <summary>Escapes <paramref name="text"/> and wraps the highlighted spans in bold.</summary>
    public static string Highlight(string text, IReadOnlyList<TextSpan> highlights) => Highlighter.Mark(text, highlights, Escape);

    /// <summary>Cuts at a word boundary and adds an ellipsis; never splits a surrogate pair.</summary>
    public static string Truncate(string text, int maxLength)
    {
        if (text.Length <= maxLength)
        {
            return text;
        }

        var cut = maxLength - 1;
        var space = text.LastIndexOf(' ', cut);
        if (space > maxLength / 2)
        {
            cut = space;
        }
        else if (char.IsLowSurrogate(text[cut]))
        {
            cut--;
        }

        return text[..cut].TrimEnd() + "…";
    }

    [GeneratedRegex(@"<(?:@[!&]?\d+|#\d+|a?:\w+:\d+|t:-?\d+(?::[tTdDfFR])?|/[^<>:]+:\d+|id:\w+)>", RegexOptions.CultureInvariant)]
    private static partial Regex MentionMarkup();

    private static bool IsInvisible(char c) =>
        c is '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\uFEFF' or '\u202A' or '\u202B' or '\u202C' or '\u202D' or '\u202E' or '\u2066' or '\u2067' or '\u2068' or '\u2069';
}
