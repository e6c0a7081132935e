using Bot.Discord.Abstractions;
using Bot.Discord.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Discord.Rest;

/// <summary>
/// Downloads uploaded attachments from Discord's CDN, and from nowhere else: an address whose scheme, host or port is not
/// <see cref="DiscordOptions.CdnBaseUrl"/>'s is refused before any request, so a member cannot make the bot fetch a URL of
/// their choosing (the CDN's own redirects are not followed either). The size is checked against the attachment's stated
/// size, then the response's length, then while reading, so a lying server cannot make the bot read more.
/// </summary>
public sealed class CdnAttachmentDownloader(HttpClient http, IOptions<DiscordOptions> options) : IAttachmentDownloader
{
    public async Task<byte[]> DownloadAsync(InteractionAttachment attachment, long maxBytes, CancellationToken cancellationToken)
    {
        var cdn = new Uri(options.Value.CdnBaseUrl, UriKind.Absolute);
        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || !IsOnCdn(url, cdn))
        {
            throw new AttachmentDownloadException("That file is not stored on Discord's CDN; I only download files uploaded to Discord.");
        }

        if (attachment.Size > maxBytes)
        {
            throw TooLarge(attachment.Size, maxBytes);
        }

        try
        {
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new AttachmentDownloadException($"Discord's CDN did not give me the file (HTTP {(int)response.StatusCode}); upload it again.");
            }

            if (response.Content.Headers.ContentLength is { } length && length > maxBytes)
            {
                throw TooLarge(length, maxBytes);
            }

            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw TooLarge(buffer.Length + read, maxBytes);
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException problem)
        {
            throw new AttachmentDownloadException("I could not reach Discord's CDN to download the file; try again in a moment.", problem);
        }
        catch (TaskCanceledException problem) when (!cancellationToken.IsCancellationRequested)
        {
            throw new AttachmentDownloadException("Downloading the file from Discord's CDN took too long; try again in a moment.", problem);
        }
    }

    /// <summary>Same scheme, host and port as the CDN, and under its path (the emulator's CDN lives under a path of its own).</summary>
    internal static bool IsOnCdn(Uri url, Uri cdn) =>
        url.Scheme == cdn.Scheme
        && string.Equals(url.IdnHost, cdn.IdnHost, StringComparison.OrdinalIgnoreCase)
        && url.Port == cdn.Port
        && string.IsNullOrEmpty(url.UserInfo)
        && url.AbsolutePath.StartsWith(cdn.AbsolutePath.TrimEnd('/') + "/", StringComparison.Ordinal);

    private static AttachmentDownloadException TooLarge(long size, long maxBytes) =>
        new($"That file is {Megabytes(size)}; an article file may be at most {Megabytes(maxBytes)}.");

    private static string Megabytes(long bytes) => bytes >= 1024 * 1024
        ? $"{bytes / (1024.0 * 1024):0.#} MB"
        : $"{Math.Max(1, bytes / 1024)} KB";
}
