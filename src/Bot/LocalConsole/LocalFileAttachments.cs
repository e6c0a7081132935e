using Bot.Discord.Abstractions;

namespace Bot.LocalConsole;

/// <summary>
/// The console session's attachments: a local file, named by a <c>file:</c> URL that the console parser makes from the
/// path typed in place of an upload. Registered only where Discord is not (Discord's client brings its CDN downloader).
/// </summary>
internal sealed class LocalFileAttachments : IAttachmentDownloader
{
    public async Task<byte[]> DownloadAsync(InteractionAttachment attachment, long maxBytes, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url) || !url.IsFile)
        {
            throw new AttachmentDownloadException("Give the article as a local file path.");
        }

        var file = new FileInfo(url.LocalPath);
        if (!file.Exists)
        {
            throw new AttachmentDownloadException($"There is no file '{url.LocalPath}'.");
        }

        if (file.Length > maxBytes)
        {
            throw new AttachmentDownloadException($"That file is {file.Length / 1024} KB; an article file may be at most {maxBytes / 1024} KB.");
        }

        try
        {
            return await File.ReadAllBytesAsync(file.FullName, cancellationToken);
        }
        catch (Exception problem) when (problem is IOException or UnauthorizedAccessException)
        {
            throw new AttachmentDownloadException($"'{url.LocalPath}' cannot be read ({problem.Message}).", problem);
        }
    }
}
