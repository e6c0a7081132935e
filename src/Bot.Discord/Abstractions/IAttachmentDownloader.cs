namespace Bot.Discord.Abstractions;

/// <summary>Fetches the bytes of a file a member uploaded through an attachment option.</summary>
public interface IAttachmentDownloader
{
    /// <summary>
    /// The attachment's bytes, at most <paramref name="maxBytes"/>; throws <see cref="AttachmentDownloadException"/> with a
    /// reason a member can read when the file is larger, not where attachments are kept, or cannot be fetched.
    /// </summary>
    Task<byte[]> DownloadAsync(InteractionAttachment attachment, long maxBytes, CancellationToken cancellationToken);
}

/// <summary>An attachment that was not downloaded; the message says why in words for the member.</summary>
public sealed class AttachmentDownloadException(string message, Exception? inner = null) : Exception(message, inner);
