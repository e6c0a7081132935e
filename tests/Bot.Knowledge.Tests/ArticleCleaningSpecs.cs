using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Tests;

public sealed class ArticleCleaningSpecs
{
    private static ParsedArticle Bloomberg() => ArticleParser.Parse(ArticleSource.Read(RepositoryPaths.Article("bloomberg-xi-balancing-act.txt")));

    private static ParsedArticle FinancialTimes() => ArticleParser.Parse(ArticleSource.Read(RepositoryPaths.Article("ft-xi-wary-of-kim-putin.txt")));

    [Fact]
    public void The_builder_drops_ads_section_labels_captions_and_copyright_lines()
    {
        var article = Bloomberg();

        var texts = article.Paragraphs.Select(paragraph => paragraph.Text).ToList();
        Assert.DoesNotContain(texts, text => text.Contains("ADVERTISEMENT", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text == "International");
        Assert.DoesNotContain(texts, text => text.Contains("Photographer", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains('©'));
        Assert.DoesNotContain(texts, text => text.Contains("Balancing Act", StringComparison.Ordinal));
    }

    [Fact]
    public void The_builder_keeps_credits_as_metadata_not_as_passages()
    {
        var article = Bloomberg();

        Assert.Equal(["Jon Herskovitz", "Soo-Hyang Choi"], article.Credits);
        Assert.DoesNotContain(article.Paragraphs, paragraph => paragraph.Text.Contains("With assistance", StringComparison.Ordinal));
    }

    [Fact]
    public void The_first_paragraph_starts_after_the_wire_dateline()
    {
        var first = Bloomberg().Paragraphs[0];

        Assert.Equal(1, first.Number);
        Assert.StartsWith("A budding alliance between Russia and North Korea", first.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_builder_drops_newsletter_prompts_and_source_links()
    {
        var article = FinancialTimes();

        Assert.StartsWith("In an article on Vladimir Putin’s recent visit to North Korea", article.Paragraphs[0].Text, StringComparison.Ordinal);
        Assert.EndsWith("the one China claims to have with Russia.", article.Paragraphs[^1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain(article.Paragraphs, paragraph => paragraph.Text.Contains("Digest", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_paragraph_is_a_verbatim_stretch_of_the_supplied_article()
    {
        foreach (var file in Directory.GetFiles(RepositoryPaths.Articles, "*.txt"))
        {
            var source = ArticleSource.Read(file);
            var article = ArticleParser.Parse(source);

            Assert.NotEmpty(article.Paragraphs);
            foreach (var paragraph in article.Paragraphs)
            {
                Assert.Equal(paragraph.Text, paragraph.Span.Of(source.Body));
            }
        }
    }

    [Fact]
    public void The_project_copies_of_the_articles_carry_the_seed_text_byte_for_byte()
    {
        var seeds = Path.Combine(RepositoryPaths.Root, "..", "shared", "seeds");
        if (!Directory.Exists(seeds))
        {
            // A clone without ../shared beside it has nothing to compare with.
            return;
        }

        foreach (var file in Directory.GetFiles(RepositoryPaths.Articles, "*.txt"))
        {
            var source = ArticleSource.Read(file);
            var seed = File.ReadAllText(Path.Combine(seeds, source.Field("source")!));
            Assert.Equal(seed, source.Body);
        }
    }

    [Fact]
    public void The_header_gives_the_metadata_and_nothing_is_invented()
    {
        var bloomberg = Bloomberg();
        var ft = FinancialTimes();

        Assert.Equal(("Bloomberg", "2024"), (bloomberg.Publisher, bloomberg.Date));
        Assert.Equal("Financial Times", ft.Publisher);
        Assert.Null(ft.Date);
        Assert.Null(ft.Url);
    }

    [Fact]
    public void A_plain_text_file_takes_its_id_from_the_file_name_and_its_title_from_the_first_line()
    {
        var text = "Advertisement\n\nMarkets Rally on Rate Hopes\n\nLONDON (Reuters) - Stocks rose on Monday as traders bet on lower rates.\n\nAnalysts said the move was overdone.\n\nCopyright 2023 Reuters. All rights reserved.";
        var source = ArticleSource.Parse("Markets Rally.txt", System.Text.Encoding.UTF8.GetBytes(text));

        var article = ArticleParser.Parse(source);

        Assert.Equal("markets-rally", article.Id);
        Assert.Equal("Markets Rally on Rate Hopes", article.Title);
        Assert.Equal("Reuters", article.Publisher);
        Assert.Equal("2023", article.Date);
        Assert.Equal(["Stocks rose on Monday as traders bet on lower rates.", "Analysts said the move was overdone."], article.Paragraphs.Select(p => p.Text));
    }

    [Fact]
    public void Sentences_split_at_full_stops_but_not_at_initials_or_abbreviations()
    {
        var sentences = SentenceSplitter.Split("Patricia M. Kim met U.S. officials. “It was robust,” she said. Then? Nothing.");
        var text = "Patricia M. Kim met U.S. officials. “It was robust,” she said. Then? Nothing.";

        Assert.Equal(
            ["Patricia M. Kim met U.S. officials.", "“It was robust,” she said.", "Then?", "Nothing."],
            sentences.Select(span => span.Of(text)));
    }

    [Fact]
    public void A_title_broken_over_lines_and_spaces_still_matches_its_header()
    {
        var text = "---\ntitle: Markets Rally on Rate Hopes\n---\n\n  Markets \t Rally\r\non   Rate Hopes \n\nStocks rose on Monday.";

        var article = ArticleParser.Parse(ArticleSource.Parse("rally.txt", System.Text.Encoding.UTF8.GetBytes(text)));

        Assert.Equal(["Stocks rose on Monday."], article.Paragraphs.Select(p => p.Text));
    }
}
