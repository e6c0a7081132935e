using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace FakeDiscord;

/// <summary>
/// A file a member uploaded through an attachment option, as Discord stores it on its CDN and describes it in an
/// interaction's <c>resolved.attachments</c> (docs/resources--message.mdx, "Attachment Object").
/// </summary>
public sealed record FakeAttachment(ulong Id, string FileName, string Url, long Size, string ContentType)
{
    public JsonObject ToJson() => new()
    {
        ["id"] = Id.ToString(CultureInfo.InvariantCulture),
        ["filename"] = FileName,
        ["size"] = Size,
        ["url"] = Url,
        ["proxy_url"] = Url.Replace("/cdn/", "/media/", StringComparison.Ordinal),
        ["content_type"] = ContentType,
        ["ephemeral"] = true,
    };
}

/// <summary>
/// Discord's CDN in the emulator: uploaded files served under <see cref="BaseUrl"/> at
/// <c>/attachments/{channel}/{id}/{filename}</c> with signed-looking query parameters, as Discord serves them; every
/// download is recorded, so a spec can tell that the bot fetched a file, or that it did not.
/// </summary>
public sealed class FakeCdn(Func<int> port)
{
    private readonly ConcurrentDictionary<ulong, (FakeAttachment Attachment, byte[] Bytes)> _files = new();
    private readonly ConcurrentQueue<string> _downloads = new();

    /// <summary>e.g. <c>http://127.0.0.1:5123/cdn</c>; give it to the bot as <c>Discord:CdnBaseUrl</c>.</summary>
    public string BaseUrl => $"http://127.0.0.1:{port()}/cdn";

    /// <summary>The paths the bot downloaded, in order.</summary>
    public IReadOnlyList<string> Downloads => [.. _downloads];

    /// <summary>Stores a file as a member's upload would be stored, and returns its attachment.</summary>
    public FakeAttachment Upload(string fileName, byte[] bytes, string contentType = "text/plain; charset=utf-8", ulong channelId = 645_027_906_669_510_667)
    {
        var id = Snowflakes.Next();
        var url = $"{BaseUrl}/attachments/{channelId}/{id}/{Uri.EscapeDataString(fileName)}?ex=6a1b2c3d&is=6a19dabd&hm=0f3e";
        var attachment = new FakeAttachment(id, fileName, url, bytes.LongLength, contentType);
        _files[id] = (attachment, bytes);
        return attachment;
    }

    /// <summary>An attachment whose address is not on the CDN: a client Discord does not make, which the bot must refuse without fetching.</summary>
    public FakeAttachment Foreign(string fileName, string url, long size = 100)
    {
        var attachment = new FakeAttachment(Snowflakes.Next(), fileName, url, size, "text/plain");
        _files[attachment.Id] = (attachment, []);
        return attachment;
    }

    public FakeAttachment? Find(ulong id) => _files.TryGetValue(id, out var file) ? file.Attachment : null;

    /// <summary>GET <c>/cdn/attachments/{channel}/{id}/{filename}</c>: the file, or 404 as the CDN answers a wrong address.</summary>
    internal async Task HandleAsync(HttpContext context, string path)
    {
        _downloads.Enqueue(path);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (context.Request.Method == HttpMethods.Get
            && segments is ["cdn", "attachments", _, var idText, var name]
            && ulong.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            && _files.TryGetValue(id, out var file)
            && file.Attachment.Url.Contains($"/{idText}/{name}?", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = file.Attachment.ContentType;
            context.Response.ContentLength = file.Bytes.Length;
            await context.Response.Body.WriteAsync(file.Bytes, context.RequestAborted);
            return;
        }

        context.Response.StatusCode = 404;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync("Not found", context.RequestAborted);
    }
}
