using Bot.Answering;
using Bot.Discord.Abstractions;
using Bot.Moderation;
using Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using static Bot.Tests.Moderation.ModerationHarness;

namespace Bot.Tests.Moderation;

/// <summary>
/// A server's own articles through /mod articles, with the host's services wired as the program wires them on a real
/// SQLite file: uploads read from local files, as the console session reads them.
/// </summary>
public sealed class ArticleSpecs
{
    private static readonly Snowflake OtherGuild = new(555_555_555_555_555_555);

    [Fact]
    public async Task I_can_add_an_HTML_page_and_the_next_ask_in_my_server_cites_it_while_another_server_does_not()
    {
        await using var harness = new ModerationHarness();
        var page = ArticleFixtures.Write(harness.Folder, "dam.html", ArticleFixtures.Html);

        var added = await harness.AddArticleAsync(ServerModerator, page);
        var here = await harness.AskAsync(Ordinary, "How many homes will the Quillon dam power?");
        var elsewhere = await harness.SendInAsync(OtherGuild, Ordinary, "ask", Option("question", CommandOptionType.String, "How many homes will the Quillon dam power?"));

        Assert.True(added.Ephemeral);
        var confirmation = added.Content!;
        Assert.Contains("`quillon-valley-dam-approved-after-ten-year-fight`", confirmation);
        Assert.Contains("“Quillon valley dam approved after ten\\-year fight” (html, The Valley Courier)", confirmation);
        Assert.Contains("The cleaner removed: 2 script or style elements; 2 navigation, header, footer, sidebar or form elements; 2 advert, sharing or related\\-links elements\nThis server answers from 3 articles (1 of its own).", confirmation);
        Assert.Contains("3 paragraphs", confirmation);
        Assert.Contains("¶1 The regional council approved", confirmation);
        Assert.Contains("script or style", confirmation);
        Assert.Contains("navigation", confirmation);
        Assert.Contains("advert", confirmation);
        Assert.DoesNotContain("hammocks", confirmation);
        Assert.True(confirmation.Length <= 2000);
        Assert.Contains("eleven thousand homes", AllText(here));
        Assert.Contains("Quillon valley dam", AllText(here));
        Assert.DoesNotContain("eleven thousand homes", AllText(elsewhere));
    }

    [Fact]
    public async Task A_Markdown_file_and_a_text_file_are_read_listed_and_outlined()
    {
        await using var harness = new ModerationHarness();
        var markdown = ArticleFixtures.Write(harness.Folder, "cider.md", ArticleFixtures.Markdown);
        var text = ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text);

        var cider = await harness.AddArticleAsync(ServerModerator, markdown);
        var lanterns = await harness.AddArticleAsync(ServerModerator, text, null, Option("publisher", CommandOptionType.String, "Pell Gazette"));
        var list = await harness.ModAsync(ServerModerator, Group("articles", "list"));
        var show = await harness.ModAsync(ServerModerator, Group("articles", "show", Option("article", CommandOptionType.String, "brennick-orchard-cider-wins-the-autumn-fair")));
        var answer = await harness.AskAsync(Ordinary, "How many lanterns were released at Pell harbour?");

        Assert.Contains("`brennick-orchard-cider-wins-the-autumn-fair`", cider.Content);
        Assert.Contains("1 code block", cider.Content);
        Assert.Contains("3 paragraphs", cider.Content);
        Assert.Contains("Pell Gazette", lanterns.Content);
        Assert.Contains("`lantern-festival-draws-record-crowds`", list.Content);
        Assert.Contains("`brennick-orchard-cider-wins-the-autumn-fair`", list.Content);
        Assert.Contains("articles shipped with the bot answer here too", list.Content);
        Assert.Contains("¶2 The judges praised its apple blossom aroma", show.Content);
        Assert.DoesNotContain("notACiderParagraph", show.Content);
        Assert.Contains("four hundred paper", AllText(answer));
    }

    [Fact]
    public async Task Remove_takes_effect_at_once_and_every_change_is_in_the_audit_log()
    {
        await using var harness = new ModerationHarness();
        await harness.AddArticleAsync(ServerModerator, ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text));
        var before = await harness.AskAsync(Ordinary, "How many lanterns were released at Pell harbour?");

        var removed = await harness.ModAsync(ServerModerator, Group("articles", "remove", Option("article", CommandOptionType.String, "lantern-festival-draws-record-crowds"), Option("reason", CommandOptionType.String, "outdated")));
        var after = await harness.AskAsync(Ordinary, "How many lanterns were released at Pell harbour?");
        var again = await harness.ModAsync(ServerModerator, Group("articles", "remove", Option("article", CommandOptionType.String, "lantern-festival-draws-record-crowds")));
        var log = await harness.Services.GetRequiredService<IModerationStore>().AuditLogAsync(Guild, 10, CancellationToken.None);

        Assert.Contains("four hundred paper", AllText(before));
        Assert.Contains("Removed `lantern-festival-draws-record-crowds`", removed.Content);
        Assert.DoesNotContain("four hundred paper", AllText(after));
        Assert.Contains("has no article", again.Content);
        Assert.Equal(["articles remove", "articles add"], log.Select(entry => entry.Action));
        Assert.Equal("outdated", log[0].Reason);
        Assert.Contains("(lantern-festival-draws-record-crowds) from lanterns.txt", log[1].Details);
    }

    [Fact]
    public async Task A_binary_an_empty_extraction_a_duplicate_an_unknown_format_and_a_non_moderator_are_refused_with_the_reason()
    {
        await using var harness = new ModerationHarness();
        var text = ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text);
        var copy = ArticleFixtures.Write(harness.Folder, "copy-of-lanterns.txt", ArticleFixtures.Text);
        var binary = Path.Combine(harness.Folder, "photo.txt");
        File.WriteAllBytes(binary, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]);
        var scriptOnly = ArticleFixtures.Write(harness.Folder, "app.html", "<html><body><script>render()</script><nav>Home</nav></body></html>");
        var pdf = ArticleFixtures.Write(harness.Folder, "report.pdf", "%PDF-1.7");

        var memberTry = await harness.AddArticleAsync(Ordinary, text);
        await harness.AddArticleAsync(ServerModerator, text);
        var duplicate = await harness.AddArticleAsync(ServerModerator, copy);
        var notText = await harness.AddArticleAsync(ServerModerator, binary);
        var empty = await harness.AddArticleAsync(ServerModerator, scriptOnly);
        var unknown = await harness.AddArticleAsync(ServerModerator, pdf);
        var articles = await harness.Services.GetRequiredService<IArticleStore>().ListAsync(Guild, CancellationToken.None);

        Assert.Contains("Only moderators can use /mod", memberTry.Content);
        Assert.Contains("duplicate of `lantern-festival-draws-record-crowds`", duplicate.Content);
        Assert.Contains("is not text", notText.Content);
        Assert.Contains("No article text could be extracted from 'app.html'", empty.Content);
        Assert.Contains("is not an article file the bot reads", unknown.Content);
        Assert.All([memberTry, duplicate, notText, empty, unknown], reply => Assert.True(reply.Ephemeral));
        Assert.Equal(["lantern-festival-draws-record-crowds"], articles.Select(article => article.Id));
    }

    [Fact]
    public async Task The_limits_on_file_size_and_article_count_are_configurable_and_refused_clearly()
    {
        await using var harness = new ModerationHarness(new Dictionary<string, string?> { ["Knowledge:MaxUploadBytes"] = "400", ["Knowledge:MaxArticlesPerServer"] = "1" });
        var big = ArticleFixtures.Write(harness.Folder, "dam.html", ArticleFixtures.Html);
        var small = ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text);
        var other = ArticleFixtures.Write(harness.Folder, "note.txt", "A short note.\n\nThe Pell harbour ferry now leaves at seven in the morning, not at six.\n");

        var oversized = await harness.AddArticleAsync(ServerModerator, big);
        var first = await harness.AddArticleAsync(ServerModerator, small);
        var second = await harness.AddArticleAsync(ServerModerator, other);

        Assert.Contains("an article file may be at most", oversized.Content);
        Assert.Contains("Added `lantern-festival-draws-record-crowds`", first.Content);
        Assert.Contains("this server has 1 articles, the most it can have", second.Content);
    }

    [Fact]
    public async Task With_the_shipped_articles_off_only_the_servers_own_answer_and_without_any_the_bot_says_why()
    {
        await using var harness = new ModerationHarness();
        const string ShippedQuestion = "Why is Xi wary of Kim's embrace of Putin?";
        var withShipped = await harness.AskAsync(Ordinary, ShippedQuestion);

        var off = await harness.ModAsync(ServerModerator, Group("articles", "shipped", Option("mode", CommandOptionType.String, "off")));
        var none = await harness.AskAsync(Ordinary, ShippedQuestion);
        await harness.AddArticleAsync(ServerModerator, ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text));
        var ownOnly = await harness.AskAsync(Ordinary, ShippedQuestion);
        var sources = await harness.SendAsync(Ordinary, "sources");
        var elsewhere = await harness.SendInAsync(OtherGuild, Ordinary, "ask", Option("question", CommandOptionType.String, ShippedQuestion));

        Assert.Contains("Xi", AllText(withShipped));
        Assert.Contains("no longer answer here", off.Content);
        Assert.Contains("no articles to answer from", none.Content);
        Assert.DoesNotContain("Putin", AllText(ownOnly).Replace(ShippedQuestion, string.Empty, StringComparison.Ordinal));
        Assert.Contains("Lantern festival draws record crowds", AllText(sources));
        Assert.DoesNotContain("Bloomberg", AllText(sources));
        Assert.Contains("Putin", AllText(elsewhere).Replace(ShippedQuestion, string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_counts_and_names_what_this_server_answers_from()
    {
        await using var harness = new ModerationHarness();
        var shippedOnly = AllText(await harness.SendAsync(Ordinary, "help"));

        await harness.ModAsync(ServerModerator, Group("articles", "shipped", Option("mode", CommandOptionType.String, "off")));
        var nothing = await harness.SendAsync(Ordinary, "help");
        await harness.AddArticleAsync(ServerModerator, ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text));
        var ownOnly = AllText(await harness.SendAsync(Ordinary, "help"));
        var elsewhere = AllText(await harness.SendInAsync(OtherGuild, Ordinary, "help"));

        Assert.Contains("questions about 2 news articles by quoting", shippedOnly);
        Assert.Contains("no articles to answer from", nothing.Content);
        Assert.True(nothing.Ephemeral);
        Assert.Contains("questions about 1 news article of this server's own by quoting", ownOnly);
        Assert.DoesNotContain("Xi", ownOnly);
        Assert.Contains("questions about 2 news articles by quoting", elsewhere);
    }

    [Fact]
    public async Task A_confirmed_article_survives_a_restart()
    {
        var harness = new ModerationHarness();
        await harness.AddArticleAsync(ServerModerator, ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text));

        await using var restarted = await harness.RestartAsync();
        var answer = await restarted.AskAsync(Ordinary, "How many lanterns were released at Pell harbour?");

        Assert.Contains("four hundred paper", AllText(answer));
    }

    [Fact]
    public async Task Autocomplete_suggests_the_servers_articles_to_moderators_only()
    {
        await using var harness = new ModerationHarness();
        await harness.AddArticleAsync(ServerModerator, ArticleFixtures.Write(harness.Folder, "lanterns.txt", ArticleFixtures.Text));
        var articles = harness.Services.GetRequiredService<ArticleService>();

        var suggestions = await articles.SuggestAsync(Guild, "lant", CancellationToken.None);
        var otherServer = await articles.SuggestAsync(OtherGuild, "lant", CancellationToken.None);

        Assert.Equal(["lantern-festival-draws-record-crowds"], suggestions.Select(choice => choice.Value));
        Assert.Empty(otherServer);
    }

    [Fact]
    public async Task A_hundred_articles_join_the_shipped_ones_in_one_server_knowledge()
    {
        await using var harness = new ModerationHarness();
        var knowledge = harness.Services.GetRequiredService<GuildKnowledge>();
        var articles = Enumerable.Range(1, 100).Select(n => Article(n)).ToList();

        var built = knowledge.Build(articles, withShipped: true);

        Assert.NotNull(built);
        Assert.Equal(100, built.OwnArticles);
        Assert.Equal(102, built.Knowledge.Articles.Count);
        Assert.Equal(8, built.Knowledge.PassagesOf("report-37").Count());
        Assert.Equal("In harbour report 37, paragraph 5 says the ferry number 375 carried 185 passengers across the bay on a calm morning.", built.Knowledge.FindPassage("report-37", 5)?.Text);
    }

    [Fact]
    public async Task The_shipped_articles_keep_their_paragraph_numbers_and_texts_beside_a_servers_own()
    {
        // A shipped knowledge built from pages full of what the cleaner removes (datelines, adverts, captions, credits,
        // copyright): a server's knowledge rebuilds the shipped articles from their cleaned paragraphs, and cleaning them a
        // second time must not drop or renumber any, or the same paragraph would be cited differently in different servers.
        var folder = Directory.CreateTempSubdirectory("bot-shipped-").FullName;
        var articles = Directory.CreateDirectory(Path.Combine(folder, "articles")).FullName;
        File.WriteAllText(Path.Combine(articles, "harbour.txt"), """
            ---
            id: harbour
            title: Harbour reopens after storm
            publisher: The Coast Gazette
            ---
            HALDEN (Coast Wire) -- The harbour at Halden reopened on Monday, three days after the storm closed it to shipping.

            Advertisement

            “We lost two cranes and most of the north pier,” harbour master Ina Brekke said. “The ferries run again from tomorrow.”

            Workers clear the north pier. (Photographer: Ola Nord/Coast Wire)

            Repairs will cost about 4 million kroner, the council said.

            Read more

            --With assistance from Kari Lund.

            © 2024 Coast Wire. All rights reserved.
            """);
        File.WriteAllText(Path.Combine(articles, "festival.txt"), """
            ---
            id: festival
            title: Lantern festival draws record crowds
            ---
            About 40,000 people came to the lantern festival on Saturday, the organisers said.

            Share this article

            It was the festival's twentieth year. “Nobody expected this many,” said organiser Tomas Berg.
            """);
        var file = Path.Combine(folder, "knowledge.bin");
        Bot.Knowledge.Index.KnowledgeFile.Write(file, Bot.Knowledge.Index.KnowledgeBuilder.BuildFromDirectory(articles));
        try
        {
            await using var harness = new ModerationHarness(knowledgePath: file);
            var shipped = harness.Services.GetRequiredService<KnowledgeProvider>().Current;

            var server = harness.Services.GetRequiredService<GuildKnowledge>().Build([Article(1)], withShipped: true)!.Knowledge;

            Assert.Collection(
                shipped.PassagesOf("harbour"),
                passage => Assert.StartsWith("The harbour at Halden reopened", passage.Text, StringComparison.Ordinal),
                passage => Assert.StartsWith("“We lost two cranes", passage.Text, StringComparison.Ordinal),
                passage => Assert.StartsWith("Repairs will cost", passage.Text, StringComparison.Ordinal));
            foreach (var article in shipped.Articles)
            {
                Assert.Equal(
                    shipped.PassagesOf(article.Id).Select(passage => (passage.Number, passage.Text)),
                    server.PassagesOf(article.Id).Select(passage => (passage.Number, passage.Text)));
                Assert.Equal(article.Title, server.FindArticle(article.Id)?.Title);
                Assert.Equal(article.Publisher, server.FindArticle(article.Id)?.Publisher);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    internal static GuildArticle Article(int n)
    {
        var source = $"---\nid: report-{n}\ntitle: Harbour report number {n}\n---\n" +
            string.Join("\n\n", Enumerable.Range(1, 8).Select(p => $"In harbour report {n}, paragraph {p} says the ferry number {n * 10 + p} carried {n * p} passengers across the bay on a calm morning.")) + "\n";
        return new GuildArticle(new GuildArticleInfo($"report-{n}", $"Harbour report number {n}", $"report-{n}.txt", 8, source.Length, new Snowflake(1), DateTimeOffset.UnixEpoch), source, $"sha-{n}");
    }

    private static string AllText(MessageReply reply) =>
        string.Join("\n", new[] { reply.Content }
            .Concat(reply.Embeds?.SelectMany(embed => new[] { embed.Title, embed.Description, embed.Footer }.Concat(embed.Fields?.SelectMany(field => new[] { field.Name, field.Value }) ?? [])) ?? [])
            .OfType<string>());
}
