using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Bot.Knowledge.Articles;

/// <summary>
/// The main text of an HTML page saved from a browser: the page is parsed by AngleSharp's HTML5 parser, which builds the
/// tree and runs nothing (no script engine is attached), then scripts, navigation, forms, asides and anything named like
/// an advert or a sharing bar are dropped, and the article's blocks (headings, paragraphs, list items, quotes) are kept
/// from its <c>&lt;article&gt;</c> or <c>&lt;main&gt;</c>, or else from the element holding the most paragraph text.
/// </summary>
internal static partial class HtmlArticleText
{
    private const string Code = "script, style, noscript, template, iframe, object, embed, svg, canvas";

    private const string Furniture = "nav, header, footer, aside, form, button, select, dialog, menu, [role=navigation], [role=banner], [role=contentinfo], [role=complementary], [aria-hidden=true], [hidden]";

    private const string Blocks = "h1, h2, h3, h4, h5, h6, p, li, blockquote, pre, figcaption, dd, dt";

    public static (string Body, ArticleMetadata Found, IReadOnlyList<string> Removed) Extract(string html)
    {
        var document = new HtmlParser(new HtmlParserOptions { IsScripting = false }).ParseDocument(html);
        var removed = new List<string>();
        Remove(document, Code, "script or style", removed);
        var found = new ArticleMetadata(
            Title: Meta(document, "og:title") ?? Flatten(document.Title) ?? Flatten(document.QuerySelector("h1")?.TextContent),
            Publisher: Meta(document, "og:site_name"),
            Date: Meta(document, "article:published_time") ?? document.QuerySelector("time[datetime]")?.GetAttribute("datetime"),
            Url: document.QuerySelector("link[rel=canonical]")?.GetAttribute("href") ?? Meta(document, "og:url"));

        Remove(document, Furniture, "navigation, header, footer, sidebar or form", removed);
        var ads = document.Body?.QuerySelectorAll("*").Where(element => element.LocalName is not ("article" or "main" or "body") && IsAdvertOrSharing(element)).ToList() ?? [];
        foreach (var element in ads.Where(element => element.IsConnected()))
        {
            element.Remove();
        }

        if (ads.Count > 0)
        {
            removed.Add($"{ads.Count} advert, sharing or related-links element{(ads.Count == 1 ? string.Empty : "s")}");
        }

        var root = document.QuerySelector("article") ?? document.QuerySelector("main, [role=main]") ?? Densest(document) ?? document.Body;
        if (root is null)
        {
            return (string.Empty, found, removed);
        }

        var blocks = root.QuerySelectorAll(Blocks)
            .Where(element => !element.Ancestors<IElement>().TakeWhile(ancestor => ancestor != root).Any(ancestor => ancestor.Matches(Blocks)))
            .Select(element => Flatten(element.TextContent))
            .OfType<string>()
            .ToList();
        if (blocks.Count == 0)
        {
            blocks = root.TextContent.Split('\n').Select(Flatten).OfType<string>().ToList();
        }

        return (string.Join("\n\n", blocks), found, removed);
    }

    private static void Remove(IDocument document, string selector, string what, List<string> removed)
    {
        var elements = document.QuerySelectorAll(selector).ToList();
        var count = 0;
        foreach (var element in elements.Where(element => element.IsConnected()))
        {
            element.Remove();
            count++;
        }

        if (count > 0)
        {
            removed.Add($"{count} {what} element{(count == 1 ? string.Empty : "s")}");
        }
    }

    /// <summary>The element whose own paragraphs hold the most text: the article on a page without semantic markup.</summary>
    private static IElement? Densest(IDocument document) =>
        document.QuerySelectorAll("p")
            .Select(paragraph => paragraph.ParentElement)
            .OfType<IElement>()
            .GroupBy(parent => parent)
            .Select(group => (Parent: group.Key, Length: group.Key.Children.Where(child => child.LocalName == "p").Sum(child => child.TextContent.Length)))
            .OrderByDescending(pair => pair.Length)
            .Select(pair => pair.Parent)
            .FirstOrDefault();

    private static bool IsAdvertOrSharing(IElement element)
    {
        var names = $"{element.Id} {element.ClassName}";
        return names.Length > 1 && AdvertName().IsMatch(names);
    }

    private static string? Meta(IDocument document, string property) =>
        Flatten(document.QuerySelector($"meta[property='{property}'], meta[name='{property}']")?.GetAttribute("content"));

    /// <summary>One line of text with single spaces; null when nothing is left.</summary>
    private static string? Flatten(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            builder.Append(builder.Length == 0 ? string.Empty : " ").Append(word);
        }

        return builder.Length == 0 ? null : builder.ToString();
    }

    /// <summary>Class and id words of page parts that are not the article (whole words or hyphen/underscore parts).</summary>
    [GeneratedRegex(@"(^|[\s_-])(ad|ads|advert|advertisement|adslot|promo|sponsor|sponsored|share|sharing|social|newsletter|related|recommended|comments?|cookie|consent|subscribe|paywall|sidebar|breadcrumbs?|menu|popup|modal)($|[\s_-])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AdvertName();
}
