using System.Globalization;
using System.Text;
using Bot.EndToEnd.Tests.Support;
using Bot.Tests.Moderation;
using FakeDiscord;
using static Bot.EndToEnd.Tests.Support.ModerationDriver;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// Moderators upload their server's own articles from Discord, and the unmodified binary downloads them from the
/// emulator's CDN (and from nowhere else), answers from them in that server only, and keeps what it confirmed.
/// </summary>
public sealed class ArticleUploadSpecs
{
    private const ulong OtherGuild = 555_555_555_555_555_555;

    private static readonly string[] Birds = ["none", "heron", "otter", "puffin", "gannet", "curlew", "plover", "osprey", "kestrel"];

    [Fact]
    public async Task An_uploaded_HTML_page_Markdown_file_and_text_file_answer_the_next_ask_in_their_server_and_not_in_another()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = StartBot(discord, NewDatabase());
        await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));

        var html = await discord.UploadArticleAsync(discord.Cdn.Upload("dam.html", Bytes(ArticleFixtures.Html), "text/html; charset=utf-8"));
        var markdown = await discord.UploadArticleAsync(discord.Cdn.Upload("cider.md", Bytes(ArticleFixtures.Markdown), "text/markdown"));
        var text = await discord.UploadArticleAsync(discord.Cdn.Upload("lanterns.txt", Bytes(ArticleFixtures.Text)));
        var dam = await discord.AskAsync("How many homes will the Quillon dam power?");
        var cider = await discord.AskAsync("Who did Mara Brennick say the cider prize belonged to?");
        var lanterns = await discord.AskAsync("How many lanterns were released at Pell harbour?");
        var elsewhere = await AskInAsync(discord, OtherGuild, "How many homes will the Quillon dam power?");

        Assert.True(html.IsEphemeral);
        Assert.StartsWith("Added `quillon-valley-dam-approved-after-ten-year-fight`", html.Content, StringComparison.Ordinal);
        Assert.StartsWith("Added `brennick-orchard-cider-wins-the-autumn-fair`", markdown.Content, StringComparison.Ordinal);
        Assert.StartsWith("Added `lantern-festival-draws-record-crowds`", text.Content, StringComparison.Ordinal);
        Assert.Contains("eleven thousand homes", dam.Text(), StringComparison.Ordinal);
        Assert.Contains("Quillon valley dam approved", dam.Text(), StringComparison.Ordinal);
        Assert.Contains("her grandmother", cider.Text(), StringComparison.Ordinal);
        Assert.Contains("four hundred paper", lanterns.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("eleven thousand homes", elsewhere.Text(), StringComparison.Ordinal);
        Assert.DoesNotContain("Quillon valley dam approved", elsewhere.Text(), StringComparison.Ordinal);
        Assert.Equal(3, discord.Cdn.Downloads.Count);
        AssertCleanConversation(discord, bot);
    }

    [Fact]
    public async Task A_removed_article_stops_answering_at_once()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = StartBot(discord, NewDatabase());
        await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
        await discord.UploadArticleAsync(discord.Cdn.Upload("lanterns.txt", Bytes(ArticleFixtures.Text)));
        var before = await discord.AskAsync("How many lanterns were released at Pell harbour?");

        var suggestions = await discord.SendAutocompleteAsync(
            discord.Options.GuildId, discord.Options.ChannelId, Moderator, "mod",
            [CommandOption.SubcommandGroup("articles", CommandOption.Subcommand("remove", CommandOption.Focused("article", "lant")))], ModeratorPermissions);
        var choices = await suggestions.WaitForCallbackAsync(Answers.Patience);
        var removed = await discord.ModAsync(Group("articles", "remove", CommandOption.String("article", "lantern-festival-draws-record-crowds")));
        var after = await discord.AskAsync("How many lanterns were released at Pell harbour?");

        Assert.Contains("four hundred paper", before.Text(), StringComparison.Ordinal);
        Assert.Contains("lantern-festival-draws-record-crowds", choices.Data?.GetRawText(), StringComparison.Ordinal);
        Assert.StartsWith("Removed `lantern-festival-draws-record-crowds`", removed.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("four hundred paper", after.Text(), StringComparison.Ordinal);
        AssertCleanConversation(discord, bot);
    }

    [Fact]
    public async Task Oversized_binary_duplicate_a_members_upload_and_a_URL_outside_the_CDN_are_refused_with_the_reason()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = StartBot(discord, NewDatabase());
        await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
        var port = new Uri(discord.ApiBaseUrl).Port;
        await discord.UploadArticleAsync(discord.Cdn.Upload("lanterns.txt", Bytes(ArticleFixtures.Text)));

        var oversized = await discord.UploadArticleAsync(discord.Cdn.Upload("huge.txt", Bytes(string.Concat(Enumerable.Repeat("The harbour ferry sails at seven. ", 70_000)))));
        var binary = await discord.UploadArticleAsync(discord.Cdn.Upload("photo.txt", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52], "image/png"));
        var duplicate = await discord.UploadArticleAsync(discord.Cdn.Upload("lanterns-again.txt", Bytes(ArticleFixtures.Text)));
        var byMember = await discord.UploadArticleAsync(discord.Cdn.Upload("member.txt", Bytes(ArticleFixtures.Text)), Member, DiscordPermissions.Member);
        var otherPath = await discord.UploadArticleAsync(discord.Cdn.Foreign("elsewhere.txt", $"http://127.0.0.1:{port}/elsewhere/elsewhere.txt"));
        var otherHost = await discord.UploadArticleAsync(discord.Cdn.Foreign("host.txt", $"http://localhost:{port}/cdn/attachments/1/2/host.txt"));
        var list = await discord.ModAsync(Group("articles", "list"));

        Assert.All([oversized, binary, duplicate, byMember, otherPath, otherHost], reply => Assert.True(reply.IsEphemeral));
        Assert.Equal("I can't add `huge.txt`: That file is 2.3 MB; an article file may be at most 2 MB.", oversized.Content);
        Assert.Contains("is not text", binary.Content, StringComparison.Ordinal);
        Assert.Contains("duplicate of `lantern-festival-draws-record-crowds`", duplicate.Content, StringComparison.Ordinal);
        Assert.StartsWith("Only moderators can use /mod", byMember.Content, StringComparison.Ordinal);
        Assert.Contains("not stored on Discord's CDN", otherPath.Content, StringComparison.Ordinal);
        Assert.Contains("not stored on Discord's CDN", otherHost.Content, StringComparison.Ordinal);
        Assert.Contains("This server's articles (1,", list.Content, StringComparison.Ordinal);

        // Downloaded: the first article, the binary and the duplicate. Never the oversized file (its size was stated), the
        // member's (refused before anything), or either address outside the CDN.
        Assert.Equal(3, discord.Cdn.Downloads.Count);
        Assert.DoesNotContain(discord.Requests, request => request.Path.Contains("elsewhere", StringComparison.Ordinal));
        AssertCleanConversation(discord, bot);
    }

    [Fact]
    public async Task Every_confirmed_upload_survives_killing_the_process_in_the_middle_of_a_stream_of_uploads()
    {
        var database = NewDatabase();
        var confirmed = new List<string>();
        var killAfter = Random.Shared.Next(2, 6);
        await using (var discord = await FakeDiscordServer.StartAsync())
        await using (var bot = StartBot(discord, database))
        {
            await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
            for (var i = 1; ; i++)
            {
                var file = discord.Cdn.Upload($"notice-{i}.txt", Bytes($"Harbour notice {i}\n\nThe {Birds[i]} ferry now leaves Pell harbour at {i} o'clock, the harbour master said on Monday.\n"));
                var sent = await discord.SendSlashCommandAsync(
                    discord.Options.GuildId, discord.Options.ChannelId, Moderator, "mod", [Group("articles", "add", CommandOption.Attachment("file", file))], ModeratorPermissions);
                var last = confirmed.Count == killAfter;
                if (last)
                {
                    // Kill while this upload is in flight: downloading, storing, or just after its commit.
                    await Task.Delay(Random.Shared.Next(0, 40));
                    await bot.KillAsync();
                }

                VisibleMessage reply;
                try
                {
                    reply = await sent.WaitForOriginalAsync(last ? TimeSpan.FromMilliseconds(300) : Answers.Patience);
                }
                catch (TimeoutException) when (last)
                {
                    break;
                }

                Assert.True((reply.Content ?? string.Empty).StartsWith("Added", StringComparison.Ordinal), $"upload {i}: {reply.Content}\n{bot.Output}");
                confirmed.Add($"harbour-notice-{i}");
                if (last)
                {
                    break;
                }
            }
        }

        await using var restartedDiscord = await FakeDiscordServer.StartAsync();
        await using var restarted = StartBot(restartedDiscord, database);
        await restartedDiscord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(30));
        var list = (await restartedDiscord.ModAsync(Group("articles", "list"))).Content ?? string.Empty;
        var answer = await restartedDiscord.AskAsync($"When does the {Birds[confirmed.Count]} ferry leave Pell harbour?");

        Assert.All(confirmed, id => Assert.Contains($"`{id}`", list, StringComparison.Ordinal));
        Assert.Contains($"at {confirmed.Count} o", answer.Text(), StringComparison.Ordinal);
        Assert.Empty(restartedDiscord.Violations);
    }

    /// <summary>The binary, publishing its commands globally (so a second server has them too) and downloading from the emulator's CDN.</summary>
    private static BotBinary StartBot(FakeDiscordServer discord, string database) =>
        BotBinary.Start(discord, database, new Dictionary<string, string> { ["Discord__CdnBaseUrl"] = discord.Cdn.BaseUrl, ["Discord__GuildId"] = string.Empty });

    private static async Task<VisibleMessage> AskInAsync(FakeDiscordServer discord, ulong guildId, string question)
    {
        var handle = await discord.SendSlashCommandAsync(guildId, discord.Options.ChannelId, Member, "ask", [CommandOption.String("question", question)]);
        return await handle.WaitForOriginalAsync(Answers.Patience);
    }

    private static string NewDatabase() => Path.Combine(Path.GetTempPath(), $"bot-articles-{Guid.NewGuid():N}.db");

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static void AssertCleanConversation(FakeDiscordServer discord, BotBinary bot)
    {
        Assert.All(discord.Messages, message => Assert.True(message.AllowedMentionsEmpty, "every message must ping nobody"));
        Assert.All(discord.Messages, message => Assert.True((message.Content?.Length ?? 0) <= 2000, "within Discord's 2000 characters"));
        Assert.True(discord.Violations.Count == 0, string.Join("\n", discord.Violations) + "\n" + bot.Output);
    }
}

/// <summary>/mod articles add as a moderator (or anyone) would send it, with the file already on the CDN.</summary>
internal static class ArticleUploads
{
    public static async Task<VisibleMessage> UploadArticleAsync(this FakeDiscordServer discord, FakeAttachment file, FakeUser? user = null, ulong permissions = ModeratorPermissions)
    {
        var handle = await discord.SendSlashCommandAsync(
            discord.Options.GuildId, discord.Options.ChannelId, user ?? Moderator, "mod", [Group("articles", "add", CommandOption.Attachment("file", file))], permissions);
        return await handle.WaitForOriginalAsync(Answers.Patience);
    }

    public static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
