using System.Buffers;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Bot.Knowledge.Index;

/// <summary>
/// Reads and writes the knowledge file. Writing is deterministic (sorted terms, ordinal order, no clock), so
/// building twice gives byte-identical files. Reading checks the format, the version, the payload checksum
/// and every reference before anything is searched.
/// </summary>
public static class KnowledgeFile
{
    public const string Format = "article-bot-knowledge";

    /// <summary>Bumped whenever the payload's shape changes.</summary>
    public const int Version = 3;

    private static readonly JsonSerializerOptions WriteOptions = new(KnowledgeJsonContext.Default.Options)
    {
        // Keep curly quotes and non-ASCII letters readable in the file instead of \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly KnowledgeJsonContext WriteContext = new(WriteOptions);

    public static byte[] Serialize(KnowledgePayload payload)
    {
        // The payload is written once, into a buffer sized from the payload so it rarely grows, and the file is put
        // together around it with one copy: the file is tens of megabytes for an archive, and every extra copy is a
        // large-object allocation the collector has to clear.
        var payloadBuffer = new ArrayBufferWriter<byte>(EstimatedSize(payload));
        using (var writer = new Utf8JsonWriter(payloadBuffer, new JsonWriterOptions { Encoder = WriteOptions.Encoder }))
        {
            JsonSerializer.Serialize(writer, payload, WriteContext.KnowledgePayload);
        }

        var payloadBytes = payloadBuffer.WrittenSpan;
        var checksum = Convert.ToHexStringLower(SHA256.HashData(payloadBytes));
        var envelope = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(envelope, new JsonWriterOptions { Encoder = WriteOptions.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("version", Version);
            writer.WriteString("checksum", checksum);
            writer.WritePropertyName("payload");
        }

        ReadOnlySpan<byte> end = "}\n"u8;
        var file = GC.AllocateUninitializedArray<byte>(envelope.WrittenCount + payloadBytes.Length + end.Length);
        envelope.WrittenSpan.CopyTo(file);
        payloadBytes.CopyTo(file.AsSpan(envelope.WrittenCount));
        end.CopyTo(file.AsSpan(envelope.WrittenCount + payloadBytes.Length));
        return file;
    }

    /// <summary>A little more than the payload's JSON takes: its text, plus a few bytes per number and per term.</summary>
    private static int EstimatedSize(KnowledgePayload payload)
    {
        long size = 4096;
        foreach (var passage in payload.Passages)
        {
            size += (passage.Text.Length * 9L / 8) + passage.Article.Length + 64 + (passage.Sentences.Length * 12L);
        }

        foreach (var (term, postings) in payload.Terms)
        {
            size += term.Length + 8 + (postings.Length * 7L);
        }

        size += (payload.Articles.Count + payload.Sources.Count) * 512L + (payload.Quotes?.Count ?? 0) * 96L;
        return (int)Math.Min(size, Array.MaxLength);
    }

    /// <summary>
    /// Writes the file atomically and returns its bytes: written beside the target as <c>*.tmp</c>, flushed to the disk,
    /// then renamed over it, so a reader (or a reload) never sees half a file, nor a crash the moment after an empty one.
    /// Throws <see cref="KnowledgeBuildException"/> (one line) when the file cannot be written there; no <c>*.tmp</c> is left.
    /// </summary>
    public static byte[] Write(string path, KnowledgePayload payload)
    {
        string Problem(string what) => $"Cannot write the knowledge file '{path}': {what}.";

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            throw new KnowledgeBuildException(Problem("that is a folder; name the file to write (say --out knowledge/knowledge.json)"));
        }

        var directory = Path.GetDirectoryName(full);
        for (var parent = directory; !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new KnowledgeBuildException(Problem($"'{parent}' is a file, not a folder"));
            }
        }

        var bytes = Serialize(payload);
        var temporary = full + ".tmp";
        try
        {
            Directory.CreateDirectory(directory!);

            // A *.tmp left by a build that was killed is stale: it is replaced, never renamed into place.
            File.Delete(temporary);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            return bytes;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new KnowledgeBuildException(
                Problem(exception is UnauthorizedAccessException ? "permission denied" : exception.Message.TrimEnd('.')), exception);
        }
    }

    /// <summary>Removes what a failed write left; a file that cannot be removed is no reason to hide why the write failed.</summary>
    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The write's own error is the one to report.
        }
    }

    public static KnowledgeFileContents Read(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new KnowledgeFileException($"Knowledge file '{path}' does not exist; build it with: dotnet run --project src/Bot -- knowledge build", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeFileException($"Knowledge file '{path}' cannot be read ({exception.Message}).", exception);
        }

        return Parse(bytes, path);
    }

    public static KnowledgeFileContents Parse(byte[] bytes, string name)
    {
        string Problem(string what) => $"Knowledge file '{name}' {what}; {KnowledgeFileException.RebuildHint}";

        try
        {
            var (header, payloadStart, payloadLength) = ReadEnvelope(bytes);
            if (header.Format != Format)
            {
                throw new KnowledgeFileException(Problem($"is not a knowledge file (format '{header.Format ?? "none"}', expected '{Format}')"));
            }

            if (header.Version != Version)
            {
                throw new KnowledgeFileException(Problem($"has format version {header.Version}, this bot reads version {Version}"));
            }

            if (payloadLength <= 0)
            {
                throw new KnowledgeFileException(Problem("has no payload"));
            }

            var payloadBytes = bytes.AsSpan(payloadStart, payloadLength);
            var checksum = Convert.ToHexStringLower(SHA256.HashData(payloadBytes));
            if (!string.Equals(checksum, header.Checksum, StringComparison.Ordinal))
            {
                throw new KnowledgeFileException(Problem("is corrupt (checksum mismatch)"));
            }

            var payload = JsonSerializer.Deserialize(payloadBytes, KnowledgeJsonContext.Default.KnowledgePayload)
                ?? throw new KnowledgeFileException(Problem("has an empty payload"));
            var problem = KnowledgeValidator.FindProblem(payload);
            if (problem is not null)
            {
                throw new KnowledgeFileException(Problem($"is inconsistent ({problem})"));
            }

            return new KnowledgeFileContents(payload, checksum);
        }
        catch (JsonException exception)
        {
            throw new KnowledgeFileException(Problem($"is not valid JSON (line {exception.LineNumber + 1})"), exception);
        }
        catch (Exception exception) when (exception is not KnowledgeFileException and (InvalidOperationException or NotSupportedException or ArgumentException or FormatException))
        {
            throw new KnowledgeFileException(Problem($"cannot be read ({exception.Message})"), exception);
        }
    }

    /// <summary>Reads the envelope's fields and finds the payload's exact bytes without parsing it twice.</summary>
    private static (KnowledgeEnvelopeHeader Header, int PayloadStart, int PayloadLength) ReadEnvelope(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The file does not start with a JSON object.", null, 0, 0);
        }

        string? format = null;
        string? checksum = null;
        var version = 0;
        int payloadStart = 0, payloadLength = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var property = reader.GetString();
            reader.Read();
            switch (property)
            {
                case "format" when reader.TokenType == JsonTokenType.String:
                    format = reader.GetString();
                    break;
                case "version" when reader.TokenType == JsonTokenType.Number:
                    version = reader.TryGetInt32(out var v) ? v : -1;
                    break;
                case "checksum" when reader.TokenType == JsonTokenType.String:
                    checksum = reader.GetString();
                    break;
                case "payload":
                    payloadStart = (int)reader.TokenStartIndex;
                    reader.Skip();
                    payloadLength = (int)reader.BytesConsumed - payloadStart;
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (new KnowledgeEnvelopeHeader(format, version, checksum), payloadStart, payloadLength);
    }
}

/// <summary>A payload read from a file, with the checksum that identifies this build of the knowledge.</summary>
public sealed record KnowledgeFileContents(KnowledgePayload Payload, string Checksum);
