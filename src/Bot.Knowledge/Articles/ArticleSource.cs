using System.Security.Cryptography;
using System.Text;

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

    public static ArticleSource Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Parse(Path.GetFileName(path), bytes);
    }

    public static ArticleSource Parse(string fileName, byte[] bytes)
    {
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false).GetString(bytes);
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        var (header, body) = SplitHeader(text);
        return new ArticleSource(fileName, header, body, sha);
    }

    public string? Field(string name) => Header.TryGetValue(name, out var value) ? value : null;

    private static (IReadOnlyDictionary<string, string> Header, string Body) SplitHeader(string text)
    {
        var empty = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (!text.StartsWith(HeaderFence + "\n", StringComparison.Ordinal) && !text.StartsWith(HeaderFence + "\r\n", StringComparison.Ordinal))
        {
            return (empty, text);
        }

        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = text.IndexOf('\n') + 1;
        while (position < text.Length)
        {
            var lineEnd = text.IndexOf('\n', position);
            var next = lineEnd < 0 ? text.Length : lineEnd + 1;
            var line = text[position..(lineEnd < 0 ? text.Length : lineEnd)].TrimEnd('\r');
            if (line == HeaderFence)
            {
                return (fields, text[next..]);
            }

            var colon = line.IndexOf(':');
            if (colon > 0)
            {
                var value = line[(colon + 1)..].Trim();
                if (value.Length > 0)
                {
                    fields[line[..colon].Trim()] = value;
                }
            }

            position = next;
        }

        // An opening fence with no closing one is not a header: treat the whole file as the article.
        return (empty, text);
    }
}
