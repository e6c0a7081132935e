using System.Text;
using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Tests;

/// <summary>Uploaded files turned into article files: the main text of an HTML page, Markdown's words, text as it is.</summary>
public sealed class ArticleExtractionSpecs
{
    [Fact]
    public void An_HTML_page_keeps_its_article_text_and_drops_scripts_navigation_adverts_and_sharing_bars()
    {
        const string Page = """
            <html><head><title>Site | Ignored title</title><meta property="og:title" content="Zebras cross the river">
            <meta property="og:site_name" content="Plains Daily"><link rel="canonical" href="https://example.org/zebras">
            <script>var s = "script text";</script></head>
            <body><nav>Home News Sport</nav><header>Plains Daily header</header>
            <main><h1>Zebras cross the river</h1>
            <p>Thousands of zebras crossed the river at dawn, the rangers said.</p>
            <aside>Related: lions</aside><div id="newsletter-box">Sign up for our newsletter today</div>
            <p>The crossing took <b>three hours</b> and nobody was hurt.</p></main>
            <footer>Contact us</footer></body></html>
            """;

        var article = ArticleExtractor.Extract("zebras.html", Encoding.UTF8.GetBytes(Page), new ArticleMetadata());

        Assert.Equal(ArticleFormat.Html, article.Format);
        Assert.Equal("zebras-cross-the-river", article.Parsed.Id);
        Assert.Equal("Zebras cross the river", article.Parsed.Title);
        Assert.Equal("Plains Daily", article.Parsed.Publisher);
        Assert.Equal("https://example.org/zebras", article.Parsed.Url);
        Assert.Equal(
            ["Thousands of zebras crossed the river at dawn, the rangers said.", "The crossing took three hours and nobody was hurt."],
            article.Parsed.Paragraphs.Select(paragraph => paragraph.Text));
        Assert.DoesNotContain("script text", article.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("newsletter", article.Source, StringComparison.Ordinal);
        Assert.DoesNotContain("lions", article.Source, StringComparison.Ordinal);
        Assert.Contains("1 script or style element", article.Removed);
        Assert.Contains("4 navigation, header, footer, sidebar or form elements", article.Removed);
        Assert.Contains("1 advert, sharing or related-links element", article.Removed);
    }

    [Fact]
    public void Markdown_becomes_its_words_with_the_first_heading_as_title_and_code_dropped()
    {
        const string Markdown = "# Zebra report\n\nThe [herd](https://example.org) grew by *twelve* foals.\n\n```\ncode();\n```\n\n> A ranger said the grass was good this year.\n";

        var article = ArticleExtractor.Extract("report.md", Encoding.UTF8.GetBytes(Markdown), new ArticleMetadata(Publisher: "Rangers"));

        Assert.Equal("Zebra report", article.Parsed.Title);
        Assert.Equal("Rangers", article.Parsed.Publisher);
        Assert.Equal(["The herd grew by twelve foals.", "A ranger said the grass was good this year."], article.Parsed.Paragraphs.Select(paragraph => paragraph.Text));
        Assert.Equal(["1 code block"], article.Removed);
    }

    [Fact]
    public void A_text_file_is_read_as_it_is_cleaned_as_knowledge_build_cleans_and_the_moderators_title_wins()
    {
        const string Text = "Zebra report\n\nThe herd grew by twelve foals this spring.\n\nPhotograph: Jane Doe/Plains Agency\n\nAll rights reserved.\n";

        var untitled = ArticleExtractor.Extract("z.txt", Encoding.UTF8.GetBytes(Text), new ArticleMetadata());
        var titled = ArticleExtractor.Extract("z.txt", Encoding.UTF8.GetBytes(Text), new ArticleMetadata(Title: "Foals: a spring count"));

        Assert.Equal("zebra-report", untitled.Parsed.Id);
        Assert.Equal(["The herd grew by twelve foals this spring."], untitled.Parsed.Paragraphs.Select(paragraph => paragraph.Text));
        Assert.Contains("“Photograph: Jane Doe/Plains Agency”", untitled.Removed);
        Assert.Equal("foals-a-spring-count", titled.Parsed.Id);
        Assert.Equal("Foals: a spring count", titled.Parsed.Title);
        Assert.Equal(untitled.ContentSha256, titled.ContentSha256);
    }

    [Theory]
    [InlineData("photo.txt", new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x00, 0x00 }, "is not text")]
    [InlineData("report.pdf", new byte[] { 0x25, 0x50, 0x44, 0x46 }, "is not an article file the bot reads")]
    [InlineData("empty.txt", new byte[0], "is empty")]
    [InlineData("app.html", new byte[] { 0x3C, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3E, 0x78, 0x3C, 0x2F, 0x73, 0x63, 0x72, 0x69, 0x70, 0x74, 0x3E }, "No article text could be extracted")]
    public void An_upload_that_is_not_an_article_is_refused_with_the_reason(string name, byte[] bytes, string reason)
    {
        var refused = Record.Exception(() => ArticleExtractor.Extract(name, bytes, new ArticleMetadata()));

        Assert.Contains(reason, Assert.IsType<ArticleFileException>(refused).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("C:\\Windows\\notes.txt", "notes.txt")]
    [InlineData("my notes (final).md", "my_notes__final_.md")]
    [InlineData(".hidden", "hidden")]
    [InlineData("", "upload")]
    public void An_upload_name_never_becomes_a_path(string name, string shown)
    {
        Assert.Equal(shown, ArticleExtractor.SafeFileName(name));
    }
}
