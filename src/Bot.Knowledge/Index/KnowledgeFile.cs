namespace Bot.Knowledge.Index;

/// <summary>
/// Reads and writes the knowledge file (format 4, binary: <see cref="KnowledgeFileLayout"/>, docs/knowledge-file.md).
/// Writing is deterministic (sorted terms, ordinal order, no clock), so building twice gives byte-identical files.
/// Reading checks the format, the version, every section's checksum and every reference before anything is searched,
/// and keeps the passages' texts and the postings in the file until a search reads them.
/// </summary>
public static class KnowledgeFile
{
    public const string Format = "article-bot-knowledge";

    /// <summary>Bumped whenever the layout changes. Version 3 was JSON; 4 is the binary layout opened, not parsed (issue 20).</summary>
    public const int Version = 4;

    public static byte[] Serialize(KnowledgePayload payload) => KnowledgeFileWriter.Write(payload).ToArray();

    /// <summary>The build's identity a written file carries in its footer (what <see cref="KnowledgeContents.Checksum"/> reads).</summary>
    public static string ChecksumOf(ReadOnlySpan<byte> file) =>
        Convert.ToHexStringLower(file.Slice(file.Length - KnowledgeFileLayout.FooterLength + (KnowledgeFileLayout.SectionCount * 24), 32));

    /// <summary>
    /// Writes the file atomically and returns its identity (<see cref="ChecksumOf"/>): written beside the target as
    /// <c>*.tmp</c>, flushed to the disk, then renamed over it, so a reader (or a reload) never sees half a file, nor a crash
    /// the moment after an empty one. Throws <see cref="KnowledgeBuildException"/> (one line) when the file cannot be written
    /// there; no <c>*.tmp</c> is left. The file is laid out a piece at a time straight into the <c>*.tmp</c>, never whole in
    /// memory (167 MB at 10,000 Brown texts).
    /// </summary>
    public static string Write(string path, KnowledgePayload payload) => Write(path, stream => KnowledgeFileWriter.Write(payload, stream));

    /// <summary>The same for a file already serialised (a segment, named after its own checksum).</summary>
    public static string Write(string path, ReadOnlyMemory<byte> bytes) => Write(path, stream =>
    {
        stream.Write(bytes.Span);
        return ChecksumOf(bytes.Span);
    });

    /// <summary>The target is checked before anything is written, so a bad path costs no serialising.</summary>
    private static string Write(string path, Func<Stream, string> write)
    {
        string Problem(string what) => $"Cannot write the knowledge file '{path}': {what}.";

        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) || Path.EndsInDirectorySeparator(path))
        {
            throw new KnowledgeBuildException(Problem("that is a folder; name the file to write (say --out knowledge/knowledge.bin)"));
        }

        var directory = Path.GetDirectoryName(full);
        for (var parent = directory; !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                throw new KnowledgeBuildException(Problem($"'{parent}' is a file, not a folder"));
            }
        }

        var temporary = full + ".tmp";
        try
        {
            Directory.CreateDirectory(directory!);

            // A *.tmp left by a build that was killed is stale: it is replaced, never renamed into place.
            File.Delete(temporary);
            string checksum;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                checksum = write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, full, overwrite: true);
            return checksum;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new KnowledgeBuildException(
                Problem(exception is UnauthorizedAccessException ? "permission denied" : exception.Message.TrimEnd('.')), exception);
        }
        catch
        {
            // Whatever stopped the writing, half a file is not left behind.
            DeleteQuietly(temporary);
            throw;
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

    /// <summary>
    /// A file up to this size is read whole into memory, so it can be overwritten in place (an editor, <c>cp</c>) while the
    /// bot answers from it, as before format 4; a larger one stays in the file, its texts and postings read as searches
    /// need them, and must be replaced by renaming a new file over it (as <c>knowledge build</c> does).
    /// </summary>
    public const long ReadWholeUpTo = 16L << 20;

    /// <summary>Opens the file and checks it.</summary>
    public static KnowledgeFileContents Read(string path) => Read(path, ReadWholeUpTo);

    /// <param name="path">The file.</param>
    /// <param name="readWholeUpTo">A file up to this size is read into memory; a larger one is read as searches need it.</param>
    /// <param name="streamLargeSections">
    /// False for what a change beside the file needs (its articles and synonyms): the texts, sentences and postings are
    /// then checked as they are read, not now.
    /// </param>
    internal static KnowledgeFileContents Read(string path, long readWholeUpTo, bool streamLargeSections = true)
    {
        KnowledgeStorage storage;
        try
        {
            var file = KnowledgeStorage.FromFile.Open(path);
            storage = file.Length <= readWholeUpTo ? new KnowledgeStorage.FromArray(file.ReadAll()) : file;
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Missing(path, exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or KnowledgeDamageException)
        {
            throw new KnowledgeFileException($"Knowledge file '{path}' cannot be read ({exception.Message}).", exception);
        }

        return KnowledgeFileReader.Open(storage, path, streamLargeSections);
    }

    /// <summary>
    /// Opens the file's small sections (articles, passage table, terms, quotes, synonyms, corpus words) with their checks,
    /// leaving the texts, sentences and postings in the file unchecked until read: what a change beside the file needs.
    /// </summary>
    internal static KnowledgeFileContents ReadSmallSections(string path) => Read(path, readWholeUpTo: 0, streamLargeSections: false);

    /// <summary>
    /// The build a file on disk says it is (the identity in its footer, checked as a load checks it), read without opening
    /// the rest: whether an opened file is still the one at its path, so a reload can keep it, and whether a segments file
    /// still applies. Null when the file or its footer cannot be read.
    /// </summary>
    internal static string? PeekChecksum(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete);
            return KnowledgeFileReader.Identity(new KnowledgeStorage.FromFile(handle), path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or KnowledgeFileException or KnowledgeDamageException)
        {
            return null;
        }
    }

    internal static KnowledgeFileException Missing(string path, Exception? inner = null) =>
        new($"Knowledge file '{path}' does not exist; build it with: dotnet run --project src/Bot -- knowledge build", inner);

    /// <summary>Reads a file's bytes held in memory (knowledge built for one server, specs): the same checks as a file.</summary>
    public static KnowledgeFileContents Parse(byte[] bytes, string name) => KnowledgeFileReader.Open(new KnowledgeStorage.FromArray(bytes), name);
}
