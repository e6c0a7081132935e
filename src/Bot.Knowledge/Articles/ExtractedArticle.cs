namespace Bot.Knowledge.Articles;

/// <summary>What a moderator says about an uploaded article; each given field wins over what the file itself says.</summary>
public sealed record ArticleMetadata(string? Title = null, string? Publisher = null, string? Date = null, string? Url = null);

/// <summary>
/// An uploaded article, extracted and cleaned: <see cref="Source"/> is an article file (a metadata header, then the
/// extracted text) that <see cref="ArticleSource.Parse"/> and the knowledge builder read like any file in
/// <c>knowledge/articles/</c>; <see cref="Parsed"/> is what the cleaner kept of it.
/// </summary>
/// <param name="Format">How the upload was read.</param>
/// <param name="Source">The article file to store and build from.</param>
/// <param name="Parsed">The cleaned article: id, title, paragraphs.</param>
/// <param name="Removed">What extraction and cleaning dropped, for the moderator to check: element counts, then dropped blocks.</param>
/// <param name="ContentSha256">Checksum of the kept paragraphs, so the same article uploaded again, under any name or format, is found.</param>
public sealed record ExtractedArticle(
    ArticleFormat Format,
    string Source,
    ParsedArticle Parsed,
    IReadOnlyList<string> Removed,
    string ContentSha256)
{
    /// <summary>The kept text's size in UTF-8 bytes, counted against a server's text limit.</summary>
    public long TextBytes => System.Text.Encoding.UTF8.GetByteCount(Source);
}

/// <summary>The kinds of upload read: plain text, Markdown, and HTML pages saved from a browser.</summary>
public enum ArticleFormat
{
    Text,
    Markdown,
    Html,
}
