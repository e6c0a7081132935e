using System.Text;
using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Bot.Knowledge.Articles;

/// <summary>
/// The text of a Markdown article, read by Markdig (CommonMark): headings, paragraphs, list items and quotes become one
/// block each, their inline markup reduced to its words (a link to its text); code blocks, raw HTML and rules are dropped.
/// The first level-1 heading is the title.
/// </summary>
internal static class MarkdownArticleText
{
    public static (string Body, string? Title, IReadOnlyList<string> Removed) Extract(string markdown)
    {
        var document = Markdown.Parse(markdown);
        var blocks = new List<string>();
        string? title = null;
        var code = 0;
        var html = 0;
        foreach (var block in document.Descendants<LeafBlock>())
        {
            switch (block)
            {
                case CodeBlock:
                    code++;
                    break;
                case HtmlBlock:
                    html++;
                    break;
                case HeadingBlock { Level: 1 } heading when title is null:
                    title = Text(heading.Inline);
                    break;
                case HeadingBlock or ParagraphBlock when Text(block.Inline) is { Length: > 0 } text:
                    blocks.Add(text);
                    break;
            }
        }

        var removed = new List<string>();
        if (code > 0)
        {
            removed.Add($"{code} code block{(code == 1 ? string.Empty : "s")}");
        }

        if (html > 0)
        {
            removed.Add($"{html} raw HTML block{(html == 1 ? string.Empty : "s")}");
        }

        return (string.Join("\n\n", blocks), string.IsNullOrWhiteSpace(title) ? null : title, removed);
    }

    private static string Text(ContainerInline? inline)
    {
        var builder = new StringBuilder();
        Append(builder, inline);
        return string.Join(' ', builder.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }

    private static void Append(StringBuilder builder, Inline? inline)
    {
        switch (inline)
        {
            case null:
                return;
            case LiteralInline literal:
                builder.Append(literal.Content.AsSpan());
                break;
            case CodeInline code:
                builder.Append(code.Content);
                break;
            case LineBreakInline:
                builder.Append(' ');
                break;
            case HtmlEntityInline entity:
                builder.Append(entity.Transcoded.AsSpan());
                break;
            case AutolinkInline autolink:
                builder.Append(autolink.Url);
                break;
            case LinkInline { IsImage: true }:
                break;
            case HtmlInline:
                break;
            case ContainerInline container:
                foreach (var child in container)
                {
                    Append(builder, child);
                }

                break;
        }
    }
}
