using System.Text;
using System.Text.RegularExpressions;

namespace Bot.Knowledge.Articles;

/// <summary>
/// Cleans an article source into metadata and numbered body paragraphs. Paragraphs are blocks separated
/// by blank lines (or by single line breaks in a file that has no blank lines). Every kept paragraph is a
/// verbatim stretch of the source: cleaning only drops whole blocks or a leading dateline, never rewrites.
/// </summary>
public static partial class ArticleParser
{
    /// <summary>Blocks this short with no closing punctuation are labels or subheadings, not passages.</summary>
    private const int MaxLabelWords = 8;

    /// <summary>A page's section label ("Business", "World news", "Life &amp; Arts") is this short; a headline is longer.</summary>
    private const int MaxSectionLabelWords = 3;

    public static ParsedArticle Parse(ArticleSource source)
    {
        var body = source.Body;
        var blocks = SplitBlocks(body);
        var title = source.Field("title");
        var titleBlock = -1;
        if (title is null)
        {
            (title, titleBlock) = TitleFromBody(blocks, body);
        }

        var titleSeen = false;
        var credits = new List<string>();
        string? copyrightYear = null;
        string? copyrightHolder = null;
        string? datelineAgency = null;
        var paragraphs = new List<ParsedParagraph>();

        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            var text = block.Of(body);
            var flat = Flatten(text);
            if (b == titleBlock)
            {
                continue;
            }

            if (titleBlock < 0 && !titleSeen && title is not null && SameText(flat, title))
            {
                titleSeen = true;
                continue;
            }

            if (BoilerplateRules.PageFurniture().IsMatch(flat))
            {
                continue;
            }

            if (BoilerplateRules.Copyright().IsMatch(flat))
            {
                var match = BoilerplateRules.CopyrightYearAndHolder().Match(flat);
                if (match.Success)
                {
                    copyrightYear ??= match.Groups["year"].Value;
                    copyrightHolder ??= match.Groups["holder"].Value.Trim().TrimEnd('.').Trim() is { Length: > 0 } holder ? holder : null;
                }

                continue;
            }

            var credit = BoilerplateRules.Credit().Match(flat);
            if (credit.Success)
            {
                credits.AddRange(SplitNames(credit.Groups["names"].Value));
                continue;
            }

            if (BoilerplateRules.CaptionCredit().IsMatch(flat) || IsLabel(flat))
            {
                continue;
            }

            var span = block;
            if (paragraphs.Count == 0)
            {
                var dateline = BoilerplateRules.Dateline().Match(text);
                if (dateline.Success && dateline.Length < text.Length)
                {
                    datelineAgency = dateline.Groups["agency"].Success ? dateline.Groups["agency"].Value : null;
                    span = new TextSpan(block.Start + dateline.Length, block.Length - dateline.Length);
                }
            }

            // The block's text is the paragraph's unless a dateline was cut off: one copy of each paragraph, not two.
            var paragraphText = span == block ? text : span.Of(body);
            paragraphs.Add(new ParsedParagraph(paragraphs.Count + 1, paragraphText, span, SentenceSplitter.Split(paragraphText)));
        }

        var id = source.Field("id") ?? Slug(Path.GetFileNameWithoutExtension(source.FileName));
        if (!IsSafeId(id))
        {
            throw new ArticleFileException(id.Length == 0
                ? $"Article file '{source.FileName}' has no id: its name has no letters or digits a-z, 0-9; give it an 'id:' header."
                : $"Article file '{source.FileName}' has the id '{id}': an id is lower-case letters a-z, digits and hyphens (say '{Slug(id)}').");
        }

        return new ParsedArticle(
            Id: id,
            Title: title ?? id,
            Publisher: source.Field("publisher") ?? datelineAgency ?? copyrightHolder,
            Date: source.Field("date") ?? copyrightYear,
            Url: source.Field("url"),
            Credits: credits,
            SourceFile: source.FileName,
            SourceSha256: source.Sha256,
            Paragraphs: paragraphs);
    }

    /// <summary>
    /// The title of an article whose header gives none (no header, or an empty <c>title:</c>), and its block: the body's first
    /// line that is not page furniture or a photo caption, skipping a section label that a line of the same kind follows
    /// ("World news" above "Harbour expansion approved after long fight"): a page pasted whole has its section above its headline, while a plain
    /// text file's short title ("Zebra migration report") is followed by sentences. That block is not a paragraph, just as
    /// the block that repeats a header's title is not, so an article's paragraph numbers do not depend on whether its
    /// header gives the title. Without any such block, the title is the id.
    /// </summary>
    private static (string? Title, int Block) TitleFromBody(List<TextSpan> blocks, string body)
    {
        (int Block, string Flat)? title = null;
        for (var b = 0; b < blocks.Count; b++)
        {
            var flat = Flatten(blocks[b].Of(body));
            if (BoilerplateRules.PageFurniture().IsMatch(flat) || BoilerplateRules.CaptionCredit().IsMatch(flat))
            {
                continue;
            }

            if (title is { } above && !(IsSectionLabel(above.Flat) && !EndsLikeSentence(flat)))
            {
                // The line above is the title: it is no section label, or what follows it is a sentence of the article.
                break;
            }

            title = (b, flat);
        }

        return title is { } found ? (found.Flat, found.Block) : (null, -1);
    }

    private static bool IsSectionLabel(string flat) =>
        IsLabel(flat) && flat.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxSectionLabelWords;

    /// <summary>A headline may ask ("Why is X wary?"); a sentence of the article ends in a full stop, a quote or a bracket.</summary>
    private static bool EndsLikeSentence(string flat) => flat[^1] is '.' or '!' or ':' or ';' or '"' or '\u201D' or '\u2019' or ')';

    /// <summary>Lower-case letters a-z, digits and hyphens, starting and ending with a letter or digit: safe in a path, a URL and a Discord id.</summary>
    private static bool IsSafeId(string id) => SafeId().IsMatch(id);

    /// <summary>Blocks of text separated by blank lines, trimmed of surrounding white space.</summary>
    internal static List<TextSpan> SplitBlocks(string body)
    {
        var separator = body.Contains("\n\n", StringComparison.Ordinal) || body.Contains("\r\n\r\n", StringComparison.Ordinal)
            ? BlankLine()
            : LineBreak();
        var blocks = new List<TextSpan>();
        var start = 0;
        foreach (var match in separator.EnumerateMatches(body))
        {
            AddTrimmed(body, start, match.Index, blocks);
            start = match.Index + match.Length;
        }

        AddTrimmed(body, start, body.Length, blocks);
        return blocks;
    }

    private static void AddTrimmed(string body, int start, int end, List<TextSpan> blocks)
    {
        while (start < end && char.IsWhiteSpace(body[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(body[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            blocks.Add(new TextSpan(start, end - start));
        }
    }

    private static bool IsLabel(string flat)
    {
        var last = flat[^1];
        if (last is '.' or '!' or '?' or ':' or ';' or '"' or '\u201D' or '\u2019' or ')')
        {
            return false;
        }

        return flat.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxLabelWords;
    }

    private static IEnumerable<string> SplitNames(string names) =>
        names.Split([",", " and ", "&"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => name.TrimEnd('.'))
            .Where(name => name.Length > 0);

    private static bool SameText(string a, string b) => string.Equals(FoldQuotes(a), FoldQuotes(Flatten(b)), StringComparison.OrdinalIgnoreCase);

    private static string FoldQuotes(string text) =>
        text.Replace('\u2019', '\'').Replace('\u2018', '\'').Replace('\u201C', '"').Replace('\u201D', '"');

    /// <summary>
    /// The text on one line: every run of white space one space, none at the ends. Every block of every article is
    /// flattened, and most are one line already, so that case returns the text itself.
    /// </summary>
    private static string Flatten(string text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        var span = text.AsSpan(start, end - start);
        var flat = true;
        for (var i = 0; i < span.Length && flat; i++)
        {
            flat = span[i] == ' ' ? !char.IsWhiteSpace(span[i + 1]) : !char.IsWhiteSpace(span[i]);
        }

        if (flat)
        {
            return span.Length == text.Length ? text : span.ToString();
        }

        var builder = new StringBuilder(span.Length);
        for (var i = 0; i < span.Length; i++)
        {
            if (!char.IsWhiteSpace(span[i]))
            {
                builder.Append(span[i]);
            }
            else if (!char.IsWhiteSpace(span[i - 1]))
            {
                builder.Append(' ');
            }
        }

        return builder.ToString();
    }

    private static string Slug(string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) ? c : '-');
        }

        return slug.ToString().Trim('-');
    }

    [GeneratedRegex(@"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$")]
    private static partial Regex SafeId();

    [GeneratedRegex(@"\r?\n[ \t]*(\r?\n[ \t]*)+")]
    private static partial Regex BlankLine();

    [GeneratedRegex(@"\r?\n")]
    private static partial Regex LineBreak();
}
