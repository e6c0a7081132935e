using System.Net;
using System.Text.Json;
using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Bot.Discord.Models;
using Bot.Discord.Rest;
using Bot.Discord.Tests.Support;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Tests;

/// <summary>Attachment options: read from the interaction's resolved data, and downloaded from Discord's CDN only.</summary>
public sealed class AttachmentSpecs
{
    private const string Cdn = "https://cdn.discordapp.com";

    [Fact]
    public void An_attachment_option_resolves_to_the_uploaded_file()
    {
        const string Json = """
            {"id":"1","application_id":"2","type":2,"token":"t","guild_id":"3","channel_id":"4",
             "member":{"user":{"id":"5","username":"maya"},"roles":[],"permissions":"32"},
             "data":{"id":"6","name":"mod","type":1,
               "options":[{"name":"articles","type":2,"options":[{"name":"add","type":1,"options":[{"name":"file","type":11,"value":"1234"}]}]}],
               "resolved":{"attachments":{"1234":{"id":"1234","filename":"notes.md","size":37,"url":"https://cdn.discordapp.com/attachments/4/1234/notes.md?ex=1","proxy_url":"https://media.discordapp.net/x","content_type":"text/markdown"}}}}}
            """;

        var interaction = InteractionMapper.ToInteraction(InteractionMapper.Deserialize(JsonDocument.Parse(Json).RootElement), new Snowflake(2));
        var file = interaction.GetAttachment("file");

        Assert.NotNull(file);
        Assert.Equal(new Snowflake(1234), file.Id);
        Assert.Equal("notes.md", file.FileName);
        Assert.Equal(37, file.Size);
        Assert.Equal("https://cdn.discordapp.com/attachments/4/1234/notes.md?ex=1", file.Url);
        Assert.Null(interaction.GetAttachment("other"));
    }

    [Theory]
    [InlineData("https://evil.example/attachments/4/1234/notes.md")]
    [InlineData("http://cdn.discordapp.com/attachments/4/1234/notes.md")]
    [InlineData("https://cdn.discordapp.com.evil.example/attachments/notes.md")]
    [InlineData("https://user@cdn.discordapp.com/attachments/4/1234/notes.md")]
    [InlineData("file:///etc/passwd")]
    [InlineData("not a url")]
    public async Task An_address_outside_the_CDN_is_refused_without_a_request(string url)
    {
        var (downloader, http) = Downloader(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("secret") });

        var refused = await Record.ExceptionAsync(() => downloader.DownloadAsync(Attachment(url, 6), 1000, CancellationToken.None));

        Assert.Contains("not stored on Discord's CDN", Assert.IsType<AttachmentDownloadException>(refused).Message, StringComparison.Ordinal);
        Assert.Empty(http.Requests);
    }

    [Fact]
    public async Task A_file_on_the_CDN_is_downloaded_within_the_size_limit()
    {
        var (downloader, http) = Downloader(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("The ferry leaves at seven.") });

        var bytes = await downloader.DownloadAsync(Attachment($"{Cdn}/attachments/4/1234/notes.txt?ex=1", 26), 1000, CancellationToken.None);

        Assert.Equal("The ferry leaves at seven.", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Equal("/attachments/4/1234/notes.txt", Assert.Single(http.Requests).Path);
        Assert.Null(http.Requests[0].Authorization);
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_refused_by_its_stated_size_before_downloading_and_by_its_bytes_when_the_size_lied()
    {
        var (downloader, http) = Downloader(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[5000]) });

        var stated = await Record.ExceptionAsync(() => downloader.DownloadAsync(Attachment($"{Cdn}/attachments/4/1/big.txt", 3 * 1024 * 1024), 2 * 1024 * 1024, CancellationToken.None));
        var requestsAfterStated = http.Requests.Count;
        var lied = await Record.ExceptionAsync(() => downloader.DownloadAsync(Attachment($"{Cdn}/attachments/4/2/small.txt", 10), 1000, CancellationToken.None));

        Assert.Equal("That file is 3 MB; an article file may be at most 2 MB.", Assert.IsType<AttachmentDownloadException>(stated).Message);
        Assert.Equal(0, requestsAfterStated);
        Assert.Contains("an article file may be at most 1 KB", Assert.IsType<AttachmentDownloadException>(lied).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_CDN_error_is_a_clear_refusal()
    {
        var (downloader, _) = Downloader(_ => new HttpResponseMessage(HttpStatusCode.NotFound));

        var refused = await Record.ExceptionAsync(() => downloader.DownloadAsync(Attachment($"{Cdn}/attachments/4/1/gone.txt", 10), 1000, CancellationToken.None));

        Assert.Equal("Discord's CDN did not give me the file (HTTP 404); upload it again.", Assert.IsType<AttachmentDownloadException>(refused).Message);
    }

    private static (CdnAttachmentDownloader Downloader, FakeDiscordHttp Http) Downloader(Func<RecordedRequest, HttpResponseMessage> respond)
    {
        var http = new FakeDiscordHttp(TimeProvider.System) { Respond = respond };
        var options = Options.Create(new DiscordOptions { Token = "token", CdnBaseUrl = Cdn });
        return (new CdnAttachmentDownloader(new HttpClient(http), options), http);
    }

    private static InteractionAttachment Attachment(string url, long size) => new(new Snowflake(1234), "notes.txt", url, size, "text/plain");
}
