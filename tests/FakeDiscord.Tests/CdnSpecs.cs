using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace FakeDiscord.Tests;

/// <summary>Uploaded attachments: in the interaction's resolved data, and served from the emulator's CDN as Discord serves them.</summary>
public sealed class CdnSpecs
{
    [Fact]
    public async Task An_attachment_option_arrives_with_the_file_in_resolved_attachments_and_its_url_serves_the_bytes()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions);
        await using var bot = new RawBot(discord);
        await bot.IdentifyAsync();
        var upload = new JsonArray(new JsonObject
        {
            ["name"] = "upload",
            ["description"] = "Upload a file",
            ["type"] = 1,
            ["options"] = new JsonArray(new JsonObject { ["name"] = "file", ["description"] = "The file", ["type"] = 11, ["required"] = true }),
        });
        var registered = await bot.SendJsonAsync(HttpMethod.Put, $"applications/{discord.Options.ApplicationId}/guilds/{discord.Options.GuildId}/commands", upload);
        var file = discord.Cdn.Upload("notes.md", Encoding.UTF8.GetBytes("# Notes\n\nThe ferry leaves at seven."), "text/markdown");

        // Act
        await discord.SendSlashCommandAsync("upload", CommandOption.Attachment("file", file));
        var dispatch = await bot.ReceiveAsync();
        var resolved = dispatch["d"]!["data"]!["resolved"]!["attachments"]![file.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]!;
        using var http = new HttpClient();
        var served = await http.GetAsync(new Uri((string)resolved["url"]!));
        var wrongName = await http.GetAsync(new Uri(file.Url.Replace("notes.md", "other.md", StringComparison.Ordinal)));

        // Assert
        Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
        Assert.Equal(file.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), (string?)dispatch["d"]!["data"]!["options"]![0]!["value"]);
        Assert.Equal("notes.md", (string?)resolved["filename"]);
        Assert.Equal(file.Size, (long?)resolved["size"]);
        Assert.StartsWith(discord.Cdn.BaseUrl + "/attachments/", (string?)resolved["url"], StringComparison.Ordinal);
        Assert.Equal("# Notes\n\nThe ferry leaves at seven.", await served.Content.ReadAsStringAsync());
        Assert.Equal("text/markdown", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, wrongName.StatusCode);
        Assert.Equal(2, discord.Cdn.Downloads.Count);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task An_attachment_option_naming_no_uploaded_file_is_a_tests_mistake()
    {
        // Arrange
        await using var discord = await FakeDiscordServer.StartAsync(Scenario.FastOptions with { RequireRegisteredCommands = false });
        var notUploaded = new FakeAttachment(42, "x.txt", "http://127.0.0.1/cdn/x.txt", 1, "text/plain");

        // Act
        var refused = await Record.ExceptionAsync(() => discord.SendSlashCommandAsync("upload", CommandOption.Attachment("file", notUploaded)));

        // Assert
        Assert.Contains("names no file uploaded", Assert.IsType<ArgumentException>(refused).Message, StringComparison.Ordinal);
    }
}
