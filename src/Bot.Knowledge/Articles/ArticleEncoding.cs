using System.Buffers;
using System.Text;

namespace Bot.Knowledge.Articles;

/// <summary>
/// An article file's bytes as text: UTF-8, or UTF-16 or UTF-32 (either byte order) when a byte-order mark says so. A file
/// that is not text (an executable renamed <c>.txt</c>, UTF-16 without a mark) is refused, not indexed as garbage.
/// </summary>
internal static class ArticleEncoding
{
    /// <summary>
    /// The share of a UTF-8 file's bytes that may be invalid, each read as U+FFFD: a Latin-1 "é" in a name or two is a
    /// flaw worth keeping the article for; random bytes are invalid about half the time.
    /// </summary>
    private const double ToleratedInvalidShare = 0.01;

    private static readonly (byte[] Mark, Encoding Encoding)[] ByteOrderMarks =
    [
        // UTF-32 LE before UTF-16 LE: its mark begins with UTF-16 LE's.
        ([0xFF, 0xFE, 0x00, 0x00], new UTF32Encoding(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true)),
        ([0x00, 0x00, 0xFE, 0xFF], new UTF32Encoding(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true)),
        ([0xEF, 0xBB, 0xBF], new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false)),
        ([0xFF, 0xFE], new UnicodeEncoding(bigEndian: false, byteOrderMark: false, throwOnInvalidBytes: true)),
        ([0xFE, 0xFF], new UnicodeEncoding(bigEndian: true, byteOrderMark: false, throwOnInvalidBytes: true)),
    ];

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>The text of <paramref name="bytes"/>, without its byte-order mark; <paramref name="fileName"/> names it in a refusal.</summary>
    public static string Decode(byte[] bytes, string fileName)
    {
        foreach (var (mark, encoding) in ByteOrderMarks)
        {
            if (bytes.AsSpan().StartsWith(mark))
            {
                return encoding is UTF8Encoding ? DecodeUtf8(bytes.AsSpan(mark.Length), fileName) : DecodeMarked(bytes.AsSpan(mark.Length), encoding, fileName);
            }
        }

        return DecodeUtf8(bytes, fileName);
    }

    private static string DecodeMarked(ReadOnlySpan<byte> bytes, Encoding encoding, string fileName)
    {
        string text;
        try
        {
            text = encoding.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new ArticleFileException($"Article file '{fileName}' starts with a {encoding.EncodingName} byte-order mark but is not valid {encoding.EncodingName} text; save it as UTF-8.");
        }

        return text.Contains('\0', StringComparison.Ordinal)
            ? throw new ArticleFileException($"Article file '{fileName}' is not text (it holds NUL characters); an article is a text file, best saved as UTF-8.")
            : text;
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, string fileName)
    {
        if (bytes.Contains((byte)0))
        {
            throw new ArticleFileException(
                $"Article file '{fileName}' is not text (it holds NUL bytes: a binary file, or UTF-16 without a byte-order mark); an article is a text file, best saved as UTF-8.");
        }

        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            var invalid = 0;
            for (var at = 0; at < bytes.Length;)
            {
                if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == OperationStatus.InvalidData)
                {
                    invalid += consumed;
                }

                at += consumed;
            }

            if (invalid > bytes.Length * ToleratedInvalidShare)
            {
                throw new ArticleFileException(
                    $"Article file '{fileName}' is not UTF-8 text ({invalid} of its {bytes.Length} bytes are not UTF-8); save it as UTF-8, or it is not a text file.");
            }
        }

        return Utf8.GetString(bytes);
    }
}
