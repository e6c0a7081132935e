using System.Security.Cryptography;

namespace Bot.Knowledge.Articles;

/// <summary>
/// An article file as it lies in <c>knowledge/articles/</c>: an optional metadata header between
/// <c>---</c> lines, then the article exactly as supplied.
/// </summary>
/// <param name="FileName">The file name, used for the id of a file without a header.</param>
/// <param name="Header">The header's fields (empty values dropped).</param>
/// <param name="Body">The article text after the header, byte for byte as supplied.</param>
/// <param name="Sha256">Checksum of the whole file, so a stale knowledge file can be detected.</param>
public sealed record ArticleSource(string FileName, IReadOnlyDictionary<string, string> Header, string Body, string Sha256)
{
    private const string HeaderFence = "---";

    /// <summary>
    /// Reads an article file; throws <see cref="ArticleFileException"/> (one line naming the file) when it cannot be read,
    /// is not text, or has a broken header.
    /// </summary>
    public static ArticleSource Read(string path) => Parse(Path.GetFileName(path), ArticleFileReader.Read(path));

    /// <summary>An article from its file's bytes (see <see cref="ArticleEncoding"/> for what text is read).</summary>
    public static ArticleSource Parse(string fileName, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var (header, body) = SplitHeader(ArticleEncoding.Decode(bytes, fileName), fileName);
        return new ArticleSource(fileName, header, body, sha);
    }

    public string? Field(string name) => Header.TryGetValue(name, out var value) ? value : null;

    /// <summary>
    /// A file that starts with a <c>---</c> line has a header: <c>field: value</c> lines (blank lines allowed) up to the
    /// next <c>---</c> line. Anything else there is refused with its line number rather than dropped or read as the
    /// article: a line without a colon, a field given twice, or no closing <c>---</c> at all.
    /// </summary>
    private static (IReadOnlyDictionary<string, string> Header, string Body) SplitHeader(string text, string fileName)
    {
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!text.StartsWith(HeaderFence + "\n", StringComparison.Ordinal) && !text.StartsWith(HeaderFence + "\r\n", StringComparison.Ordinal))
        {
            return (fields, text);
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var position = text.IndexOf('\n') + 1;
        for (var lineNumber = 2; position < text.Length; lineNumber++)
        {
            var lineEnd = text.IndexOf('\n', position);
            var next = lineEnd < 0 ? text.Length : lineEnd + 1;
            var line = text[position..(lineEnd < 0 ? text.Length : lineEnd)].TrimEnd('\r');
            if (line.TrimEnd() == HeaderFence)
            {
                return (fields, text[next..]);
            }

            position = next;
            if (line.Trim().Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            var name = colon > 0 ? line[..colon].Trim() : string.Empty;
            if (name.Length == 0)
            {
                throw new ArticleFileException(
                    $"Article file '{fileName}', line {lineNumber}: '{Shorten(line)}' is not a 'field: value' header line; " +
                    "end the header with a --- line before the article.");
            }

            if (!seen.Add(name))
            {
                throw new ArticleFileException($"Article file '{fileName}', line {lineNumber}: the header gives '{name}' twice.");
            }

            var value = line[(colon + 1)..].Trim();
            if (value.Length > 0)
            {
                fields[name] = value;
            }
        }

        throw new ArticleFileException($"Article file '{fileName}' opens a header with --- on line 1 but never closes it with a --- line.");
    }

    private static string Shorten(string line) => line.Length <= 60 ? line.Trim() : line[..57].Trim() + "...";
}
