using System.Text;
using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Index;

/// <summary>
/// Grows a knowledge file by one article at a time (issue 20). An addition is built alone into a small segment file beside
/// the knowledge file, and a removal is a line naming the article; both are listed in the segments file
/// (<c>knowledge.bin.segments</c>), which names the build of the knowledge file it applies to. <see cref="Open(string)"/> combines
/// the file with its segments (<see cref="SegmentedContents"/>); <see cref="Merge"/> folds them into a new knowledge
/// file, the one a rebuild of the same articles writes.
/// </summary>
/// <remarks>
/// Crash safety rests on two renames. A segment is written and flushed before the segments file that lists it, and the
/// segments file is replaced whole by renaming; a crash before that rename leaves the previous list, and the segment
/// unlisted (removed by the next change). A merge renames the merged file over the knowledge file: from that moment the
/// segments file names a build that is no longer there and is ignored, so a crash before it is removed leaves the merged
/// knowledge, never the segments counted twice. A rebuild (<c>knowledge build</c>) makes segments stale the same way.
/// </remarks>
public static class KnowledgeSegments
{
    public const string Format = "article-bot-segments";
    public const int Version = 1;

    /// <summary>Past this many segments an addition merges them: each one is a file to open and check at every load.</summary>
    public const int MergeAfter = 8;

    public static string SegmentsPath(string knowledgePath) => knowledgePath + ".segments";

    /// <summary>The segments file's size and time (nothing read): what a running bot compares to see that a change landed.</summary>
    public static (bool Exists, long Length, DateTime Written) StampOf(string knowledgePath)
    {
        var file = new FileInfo(SegmentsPath(knowledgePath));
        return file.Exists ? (true, file.Length, file.LastWriteTimeUtc) : (false, 0, default);
    }

    /// <summary>
    /// Opens the knowledge file and, when a segments file beside it names this build, its segments combined with it.
    /// Throws <see cref="KnowledgeFileException"/> (one line naming the file) for a bad knowledge file, a damaged segments
    /// file, or a segment that is missing or not the one listed.
    /// </summary>
    public static KnowledgeContents Open(string path) => Open(path, previous: null);

    /// <summary>
    /// Opens again, keeping each large file of <paramref name="previous"/> (one read from the disk as searches need it,
    /// above <see cref="KnowledgeFile.ReadWholeUpTo"/>) that is still the build at its path, as the footer's identity
    /// says: a reload after <c>knowledge add</c> opens the new segment, not the archive again (as a Lucene reader reopens
    /// only new segments). A kept file was checked whole when first opened, and what is read from it later is checked
    /// against its fingerprints and checksums as before; a smaller file is read and checked again, as every reload did.
    /// </summary>
    public static KnowledgeContents Open(string path, KnowledgeContents? previous)
    {
        IReadOnlyList<KnowledgeContents> opened = previous switch
        {
            SegmentedContents segmented => segmented.Parts,
            null => [],
            _ => [previous],
        };

        KnowledgeFileContents ReadOrKeep(string file) =>
            opened.OfType<KnowledgeFileContents>().FirstOrDefault(part => part.Name == file) is { Storage: KnowledgeStorage.FromFile } kept
            && KnowledgeFile.PeekChecksum(file) == kept.Checksum
                ? kept
                : KnowledgeFile.Read(file);

        var file = ReadOrKeep(path);
        var list = ReadList(path);
        if (list is null || list.Base != file.Checksum || (list.Segments.Count == 0 && list.Removed.Count == 0))
        {
            return file;
        }

        var parts = new List<KnowledgeContents> { file };
        parts.AddRange(list.Segments.Select(segment => Listed(path, segment, ReadOrKeep)));
        return SegmentedContents.Combine(parts, list.Removed, path);
    }

    /// <summary>A segment the list names, refused in one line when it is not the build the list says.</summary>
    private static KnowledgeFileContents Listed(string path, (string File, string Checksum) listed, Func<string, KnowledgeFileContents> read)
    {
        var segment = read(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, listed.File));
        if (segment.Checksum != listed.Checksum)
        {
            throw new KnowledgeFileException(
                $"Knowledge segment '{listed.File}' is not the one '{SegmentsPath(path)}' lists (sha256 {segment.Checksum[..12]}, listed {listed.Checksum[..Math.Min(12, listed.Checksum.Length)]}); {KnowledgeFileException.RebuildHint}");
        }

        return segment;
    }

    /// <summary>
    /// What a change needs of the knowledge as it stands, without combining it or checking the archive's large sections
    /// (at 10,000 texts that check is half a second; a load makes it): the list the change extends (a new one when there is
    /// none or it names another build), the synonyms an addition is built with, and the ids of the live articles.
    /// </summary>
    private static (SegmentList List, IReadOnlyList<Synonyms.SynonymEntry> Synonyms, HashSet<string> Ids) Standing(string path)
    {
        var file = KnowledgeFile.ReadSmallSections(path);
        var list = ReadList(path) is { } listed && listed.Base == file.Checksum ? listed : new SegmentList(file.Checksum, [], []);
        var ids = file.Articles.Select(article => article.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var segment in list.Segments)
        {
            ids.UnionWith(Listed(path, segment, KnowledgeFile.Read).Articles.Select(article => article.Id));
        }

        ids.ExceptWith(list.Removed);
        return (list, file.Synonyms, ids);
    }

    /// <summary>What a change did: the articles it added (id and title) and what the knowledge now holds.</summary>
    public sealed record Change(IReadOnlyList<(string Id, string Title, int Paragraphs, bool Replaced)> Added, IReadOnlyList<string> Removed, int Segments, bool Merged);

    /// <summary>
    /// Adds <paramref name="sources"/> as one segment: built alone, with the knowledge's synonyms. An article whose id the
    /// knowledge has replaces it. Merges when there are more than <see cref="MergeAfter"/> segments.
    /// </summary>
    public static Change Add(string path, IReadOnlyList<ArticleSource> sources)
    {
        using var changing = Changing(path);
        var (list, synonyms, known) = Standing(path);
        var payload = KnowledgeBuilder.Build(sources, synonyms: synonyms);
        var bytes = KnowledgeFileWriter.Write(payload);
        var checksum = KnowledgeFile.ChecksumOf(bytes.Span);
        var segmentFile = $"{Path.GetFileName(path)}.{checksum[..16]}.seg";
        KnowledgeFile.Write(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, segmentFile), bytes);

        var ids = payload.Articles.Select(article => article.Id).ToHashSet(StringComparer.Ordinal);
        var updated = list with
        {
            Segments = [.. list.Segments.Where(segment => segment.File != segmentFile), (segmentFile, checksum)],
            Removed = [.. list.Removed.Where(id => !ids.Contains(id))],
        };
        WriteList(path, updated);

        var added = payload.Articles.Select(article => (article.Id, article.Title, article.Paragraphs, known.Contains(article.Id))).ToList();
        var merged = updated.Segments.Count > MergeAfter && MergeNow(path);
        return new Change(added, [], merged ? 0 : updated.Segments.Count, merged);
    }

    /// <summary>Marks articles removed. Throws <see cref="KnowledgeBuildException"/> for an id the knowledge lacks, or when nothing would be left.</summary>
    public static Change Remove(string path, IReadOnlyList<string> ids)
    {
        using var changing = Changing(path);
        var (list, _, known) = Standing(path);
        if (ids.FirstOrDefault(id => !known.Contains(id)) is { } unknown)
        {
            throw new KnowledgeBuildException($"Knowledge '{path}' has no article '{unknown}' (/sources lists the article ids).");
        }

        if (!known.Except(ids, StringComparer.Ordinal).Any())
        {
            throw new KnowledgeBuildException($"Removing {string.Join(", ", ids)} would leave knowledge '{path}' with no articles.");
        }

        var updated = list with { Removed = [.. list.Removed.Union(ids, StringComparer.Ordinal).Order(StringComparer.Ordinal)] };
        WriteList(path, updated);
        return new Change([], ids, updated.Segments.Count, Merged: false);
    }

    /// <summary>
    /// Folds the segments into the knowledge file: the combined knowledge written whole, its corpus words counted again, so
    /// the file is byte for byte what a rebuild of the same articles gives. False when there was nothing to merge.
    /// </summary>
    public static bool Merge(string path)
    {
        using var changing = Changing(path);
        return MergeNow(path);
    }

    private static bool MergeNow(string path)
    {
        if (Open(path) is not SegmentedContents combined)
        {
            RemoveStale(path);
            return false;
        }

        var payload = combined.ToPayload();
        var words = CorpusWords.Collect(
            payload.Passages, payload.Terms.Keys.ToHashSet(StringComparer.Ordinal).Contains, payload.Synonyms ?? [], Analysis.TextAnalyzer.Shared);
        KnowledgeFile.Write(path, payload with { Words = words });
        RemoveStale(path);
        return true;
    }

    /// <summary>
    /// Writes a fresh build over the knowledge file and removes the segments of the build it replaces, holding the change
    /// lock: an add, remove or merge running meanwhile would list its change against the replaced build, and lose it.
    /// </summary>
    public static string WriteBuild(string path, KnowledgePayload payload)
    {
        // With no file yet there are no segments, and no change can be running (a change needs the file).
        using var changing = File.Exists(path) ? Changing(path) : null;
        var checksum = KnowledgeFile.Write(path, payload);
        RemoveStale(path);
        return checksum;
    }

    /// <summary>Removes a segments file that names another build of the knowledge file, and the segments it listed: after a merge or a rebuild.</summary>
    public static void RemoveStale(string path)
    {
        var list = ReadList(path);
        if (list is null)
        {
            return;
        }

        // The footer says which build the file is; the rest need not be read (at 10,000 texts, half a second).
        var build = KnowledgeFile.PeekChecksum(path);
        if (build is null || list.Base == build)
        {
            return;
        }

        DeleteQuietly(SegmentsPath(path));
        RemoveUnlisted(path, list with { Segments = [] });
    }

    /// <summary>
    /// Held while a change reads the segments file and writes the next one, so that two changes at once cannot each list
    /// only their own segment (and remove the other's as unlisted). An exclusive open is an advisory lock on Unix, released
    /// when the process ends however it ends; the file itself is left, empty.
    /// </summary>
    private static FileStream Changing(string path)
    {
        if (!File.Exists(path))
        {
            throw KnowledgeFile.Missing(path);
        }

        var lockPath = SegmentsPath(path) + ".lock";
        try
        {
            return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException exception) when (File.Exists(lockPath))
        {
            throw new KnowledgeBuildException($"Another knowledge build, add, remove or merge is changing '{path}'; run this one when it has finished.", exception);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeBuildException($"Cannot change the knowledge '{path}': {exception.Message.TrimEnd('.')}.", exception);
        }
    }

    private sealed record SegmentList(string Base, IReadOnlyList<(string File, string Checksum)> Segments, IReadOnlyList<string> Removed);

    /// <summary>
    /// The segments file: its format and version, the build it applies to, a line per segment (file name and sha256) and per
    /// removed article, in that order. Null when there is none.
    /// </summary>
    private static SegmentList? ReadList(string path)
    {
        var listPath = SegmentsPath(path);
        string[] lines;
        try
        {
            if (!File.Exists(listPath))
            {
                return null;
            }

            lines = File.ReadAllLines(listPath, Encoding.UTF8);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeFileException($"Knowledge segments file '{listPath}' cannot be read ({exception.Message}).", exception);
        }

        KnowledgeFileException Damaged(string what) =>
            new($"Knowledge segments file '{listPath}' is damaged ({what}); delete it to answer from '{Path.GetFileName(path)}' alone, or {KnowledgeFileException.RebuildHint}");

        if (lines.Length < 2 || lines[0] != $"{Format} {Version}")
        {
            throw Damaged($"its first line is not '{Format} {Version}'");
        }

        if (!lines[1].StartsWith("base ", StringComparison.Ordinal) || lines[1].Length != 5 + 64)
        {
            throw Damaged("its second line does not name the knowledge file's build");
        }

        var segments = new List<(string, string)>();
        var removed = new List<string>();
        foreach (var line in lines.Skip(2).Where(line => line.Length > 0))
        {
            var parts = line.Split(' ', 3);
            switch (parts)
            {
                case ["segment", var file, var checksum] when checksum.Length == 64 && file == Path.GetFileName(file) && file.EndsWith(".seg", StringComparison.Ordinal):
                    segments.Add((file, checksum));
                    break;
                case ["removed", var id] when id.Length > 0:
                    removed.Add(id);
                    break;
                default:
                    throw Damaged($"'{(line.Length > 60 ? line[..60] + "…" : line)}' is neither a segment nor a removed article");
            }
        }

        return new SegmentList(lines[1][5..], segments, removed);
    }

    /// <summary>Written beside it and renamed over it, after the segments it lists are on the disk; then segments it no longer lists go.</summary>
    private static void WriteList(string path, SegmentList list)
    {
        var text = new StringBuilder().Append($"{Format} {Version}\nbase {list.Base}\n");
        foreach (var (file, checksum) in list.Segments)
        {
            text.Append($"segment {file} {checksum}\n");
        }

        foreach (var id in list.Removed)
        {
            text.Append($"removed {id}\n");
        }

        var listPath = SegmentsPath(path);
        var temporary = listPath + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text.ToString()));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, listPath, overwrite: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(temporary);
            throw new KnowledgeBuildException($"Cannot write the knowledge segments file '{listPath}': {exception.Message.TrimEnd('.')}.", exception);
        }

        RemoveUnlisted(path, list);
    }

    /// <summary>Segment files of this knowledge that the list does not name: left by a crash, a merge or a replaced addition.</summary>
    private static void RemoveUnlisted(string path, SegmentList list)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var listed = list.Segments.Select(segment => segment.File).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(directory, $"{Path.GetFileName(path)}.*.seg"))
        {
            if (!listed.Contains(Path.GetFileName(file)))
            {
                DeleteQuietly(file);
            }
        }
    }

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Left for the next change to remove; the segments file is what decides what is read.
        }
    }
}
