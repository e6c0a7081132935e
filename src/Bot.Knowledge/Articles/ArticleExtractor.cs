using System.Security.Cryptography;
using System.Text;

namespace Bot.Knowledge.Articles;

/// <summary>
/// Turns an uploaded file into an article file the knowledge builder reads: the format from the name and the bytes
/// (text, Markdown, or an HTML page), the text extracted (<see cref="HtmlArticleText"/>, <see cref="MarkdownArticleText"/>,
/// or a text file as it is), a metadata header written above it, and the whole cleaned by <see cref="ArticleParser"/>
/// exactly as <c>knowledge build</c> cleans a file. Refusals are <see cref="ArticleFileException"/>s with the reason.
/// </summary>
public static class ArticleExtractor
{
    /// <summary>An id longer than this is cut: it appears in citations and Discord's 100-character choice values.</summary>
    public const int MaxIdLength = 60;

    /// <summary>Longer titles are cut: a title is shown in embeds, choices and the audit log.</summary>
    public const int MaxTitleLength = 200;

    private static readonly string[] TextExtensions = [".txt", ".text", ""];
    private static readonly string[] MarkdownExtensions = [".md", ".markdown", ".mdown"];
    private static readonly string[] HtmlExtensions = [".html", ".htm", ".xhtml"];

    /// <param name="fileName">The upload's name: only its extension is used, and it is shown, never opened as a path.</param>
    /// <param name="bytes">The upload's bytes.</param>
    /// <param name="given">What the moderator said about it; each field given wins over the file's own.</param>
    public static ExtractedArticle Extract(string fileName, byte[] bytes, ArticleMetadata given)
    {
        var name = SafeFileName(fileName);
        if (bytes.Length == 0)
        {
            throw new ArticleFileException($"'{name}' is empty.");
        }

        // Decodes (refusing a binary or non-UTF-8 file with its reason) and reads a '---' header the file may have.
        var decoded = ArticleSource.Parse(name, bytes);
        var format = FormatOf(name, decoded.Body);
        var removed = new List<string>();
        var found = new ArticleMetadata(decoded.Field("title"), decoded.Field("publisher"), decoded.Field("date"), decoded.Field("url"));
        string body;
        switch (format)
        {
            case ArticleFormat.Html:
                var (htmlBody, htmlFound, htmlRemoved) = HtmlArticleText.Extract(decoded.Body);
                (body, found) = (htmlBody, Merge(found, htmlFound));
                removed.AddRange(htmlRemoved);
                break;
            case ArticleFormat.Markdown:
                var (markdownBody, heading, markdownRemoved) = MarkdownArticleText.Extract(decoded.Body);
                (body, found) = (markdownBody, Merge(found, new ArticleMetadata(Title: heading)));
                removed.AddRange(markdownRemoved);
                break;
            default:
                body = decoded.Body;
                break;
        }

        var metadata = Merge(Clean(given), Clean(found));
        if (metadata.Title is null)
        {
            // A text file's title is its first line, as the cleaner finds it: the id is made from that, not from the file's name.
            var untitled = ArticleParser.Parse(ArticleSource.Parse(name, Encoding.UTF8.GetBytes(Source(Slug(Path.GetFileNameWithoutExtension(name)) is { Length: > 0 } slug ? slug : "article", metadata, body))));
            metadata = metadata with { Title = Line(untitled.Title, MaxTitleLength) };
        }

        var id = Slug(decoded.Field("id") ?? metadata.Title ?? Path.GetFileNameWithoutExtension(name));
        var source = Source(id.Length > 0 ? id : "article", metadata, body);
        var parsed = ArticleParser.Parse(ArticleSource.Parse(name, Encoding.UTF8.GetBytes(source)));
        if (parsed.Paragraphs.Count == 0)
        {
            throw new ArticleFileException(body.Trim().Length == 0
                ? $"No article text could be extracted from '{name}'{(format == ArticleFormat.Html ? " (is the page's text loaded by script?)" : string.Empty)}."
                : $"Nothing of '{name}' is left after cleaning: every block looks like page furniture, a caption or a label, not an article paragraph.");
        }

        removed.AddRange(DroppedBlocks(ArticleSource.Parse(name, Encoding.UTF8.GetBytes(source)).Body, parsed));
        var contentSha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n\n", parsed.Paragraphs.Select(paragraph => paragraph.Text)))));
        return new ExtractedArticle(format, source, parsed, removed, contentSha);
    }

    /// <summary>The name shown for an upload: its last path segment, with anything but letters, digits, dots, hyphens and underscores replaced.</summary>
    public static string SafeFileName(string fileName)
    {
        var last = fileName.Replace('\\', '/').Split('/').LastOrDefault(part => part.Length > 0) ?? string.Empty;
        var safe = new string(last.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).TrimStart('.');
        return safe.Length == 0 ? "upload" : safe.Length > 100 ? safe[..100] : safe;
    }

    /// <summary>The format by extension; a text file that is in fact an HTML page (it opens with a doctype or an html tag) is read as one.</summary>
    public static ArticleFormat FormatOf(string fileName, string text)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (HtmlExtensions.Contains(extension))
        {
            return ArticleFormat.Html;
        }

        if (MarkdownExtensions.Contains(extension))
        {
            return ArticleFormat.Markdown;
        }

        if (!TextExtensions.Contains(extension))
        {
            throw new ArticleFileException($"'{fileName}' is not an article file the bot reads: upload plain text (.txt), Markdown (.md) or a web page saved as HTML (.html).");
        }

        var start = text.AsSpan().TrimStart();
        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            ? ArticleFormat.Html
            : ArticleFormat.Text;
    }

    /// <summary>Lower-case letters, digits and single hyphens, at most <see cref="MaxIdLength"/> characters.</summary>
    public static string Slug(string text)
    {
        var slug = new StringBuilder(Math.Min(text.Length, MaxIdLength));
        foreach (var c in text.ToLowerInvariant())
        {
            if (slug.Length >= MaxIdLength)
            {
                break;
            }

            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().Trim('-');
    }

    /// <summary>The article file: a header of the metadata known, then the body.</summary>
    private static string Source(string id, ArticleMetadata metadata, string body)
    {
        var header = new StringBuilder("---\n").Append("id: ").Append(id).Append('\n');
        Field("title", metadata.Title);
        Field("publisher", metadata.Publisher);
        Field("date", metadata.Date);
        Field("url", metadata.Url);
        header.Append("---\n");
        return header.Append(body.Replace("\r\n", "\n", StringComparison.Ordinal).Trim()).Append('\n').ToString();

        void Field(string name, string? value)
        {
            if (value is not null)
            {
                header.Append(name).Append(": ").Append(value).Append('\n');
            }
        }
    }

    /// <summary>The body's blocks that are not (part of) a kept paragraph: what the cleaner took out.</summary>
    private static IEnumerable<string> DroppedBlocks(string body, ParsedArticle parsed)
    {
        foreach (var block in ArticleParser.SplitBlocks(body))
        {
            var kept = parsed.Paragraphs.Any(paragraph => paragraph.Span.Start < block.Start + block.Length && block.Start < paragraph.Span.Start + paragraph.Span.Length);
            var text = block.Of(body).ReplaceLineEndings(" ");
            if (!kept && !string.Equals(string.Join(' ', text.Split(' ', StringSplitOptions.RemoveEmptyEntries)), parsed.Title, StringComparison.OrdinalIgnoreCase))
            {
                yield return "“" + text + "”";
            }
        }
    }

    private static ArticleMetadata Merge(ArticleMetadata first, ArticleMetadata second) => new(
        first.Title ?? second.Title,
        first.Publisher ?? second.Publisher,
        first.Date ?? second.Date,
        first.Url ?? second.Url);

    /// <summary>Header values are one line each (a line break would end the field), without surrounding space, titles cut to length.</summary>
    private static ArticleMetadata Clean(ArticleMetadata metadata) => new(
        Line(metadata.Title, MaxTitleLength),
        Line(metadata.Publisher, 100),
        Line(metadata.Date, 40),
        Line(metadata.Url, 500));

    private static string? Line(string? value, int maxLength)
    {
        if (value is null)
        {
            return null;
        }

        var line = string.Join(' ', value.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        line = line.Trim('-').Trim();
        return line.Length == 0 ? null : line.Length > maxLength ? line[..maxLength].TrimEnd() : line;
    }
}
