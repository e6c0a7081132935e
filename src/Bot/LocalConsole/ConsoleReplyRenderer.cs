using System.Text;
using Bot.Discord.Abstractions;

namespace Bot.LocalConsole;

/// <summary>Renders a Discord reply as plain text for the terminal: what a Discord user would see, in the same order.</summary>
public static class ConsoleReplyRenderer
{
    public static string Render(MessageReply reply)
    {
        var text = new StringBuilder();
        if (reply.Ephemeral)
        {
            text.AppendLine("(only you can see this)");
        }

        if (!string.IsNullOrEmpty(reply.Content))
        {
            text.AppendLine(Unescape(reply.Content));
        }

        foreach (var embed in reply.Embeds)
        {
            if (embed.Author is { Length: > 0 } author)
            {
                text.AppendLine(Unescape(author));
            }

            if (embed.Title is { Length: > 0 } title)
            {
                text.AppendLine(Unescape(title)).AppendLine(new string('─', Math.Min(60, title.Length)));
            }

            if (embed.Description is { Length: > 0 } description)
            {
                text.AppendLine(Unescape(description));
            }

            foreach (var field in embed.Fields)
            {
                text.AppendLine().AppendLine(Unescape(field.Name)).AppendLine(Unescape(field.Value));
            }

            if (embed.Footer is { Length: > 0 } footer)
            {
                text.AppendLine().AppendLine(Unescape(footer));
            }
        }

        var buttons = ClickableButtons(reply);
        if (buttons.Count > 0)
        {
            text.AppendLine().AppendLine(string.Join("  ", buttons.Select((button, i) => $"[!{i + 1} {(button.Emoji is null ? string.Empty : button.Emoji + " ")}{button.Label}]")));
        }

        return text.ToString().TrimEnd() + Environment.NewLine;
    }

    /// <summary>The buttons a console user can click by typing <c>!N</c>, in the order shown.</summary>
    public static IReadOnlyList<Button> ClickableButtons(MessageReply reply) =>
        reply.Components.SelectMany(row => row.Buttons).Where(button => !button.Disabled && button.CustomId is not null).ToList();

    /// <summary>Drops the backslashes markdown escaping added; bold markers stay, as a terminal reader expects them.</summary>
    private static string Unescape(string text)
    {
        var plain = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && !char.IsLetterOrDigit(text[i + 1]))
            {
                i++;
            }

            plain.Append(text[i]);
        }

        return plain.Replace("\u2060", string.Empty).ToString();
    }
}
