using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Answering;

/// <summary>
/// Holds the knowledge the bot answers from. Loading is lazy (a console user sees a clear error, not a
/// crash at start) and a reload swaps the whole knowledge base at once, keeping the old one when the new
/// file is bad.
/// </summary>
public sealed class KnowledgeProvider(IOptions<KnowledgeOptions> options, ILogger<KnowledgeProvider> logger)
{
    private readonly Lock _gate = new();
    private volatile Loaded? _current;

    /// <summary>The knowledge in use; loads it on first use. Throws <see cref="KnowledgeFileException"/> when it cannot.</summary>
    public KnowledgeBase Current => (_current ?? LoadFirst()).Knowledge;

    /// <summary>The answer search over the current knowledge.</summary>
    public IPassageSearcher Searcher => (_current ?? LoadFirst()).Searcher;

    /// <summary>The segments file as it was when the knowledge in use was loaded (see <see cref="KnowledgeSegmentsFollower"/>).</summary>
    public (bool Exists, long Length, DateTime Written)? LoadedSegments => _current?.Segments;

    /// <summary>The resolved path of the knowledge file.</summary>
    public string FilePath => ResolvePath(options.Value.Path);

    /// <summary>Loads the file again; on failure the previous knowledge keeps serving and the error is thrown.</summary>
    public KnowledgeBase Reload()
    {
        var loaded = Load(_current?.Knowledge);
        _current = loaded;
        return loaded.Knowledge;
    }

    private Loaded LoadFirst()
    {
        lock (_gate)
        {
            return _current ??= Load(previous: null);
        }
    }

    /// <summary>Loads the file; a reload keeps the files of <paramref name="previous"/> that have not changed (a segment added beside an archive).</summary>
    private Loaded Load(KnowledgeBase? previous)
    {
        var path = FilePath;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        // Taken before the file is read: a change that lands during the load makes the next look reload again.
        var segments = KnowledgeSegments.StampOf(path);
        KnowledgeBase knowledge;
        RankedSearcher searcher;
        try
        {
            knowledge = previous is null ? KnowledgeBase.Load(path) : previous.Reopen(path);

            // Indexes every passage's words now, so a file whose passages and index disagree is refused here, not mid-answer.
            searcher = new RankedSearcher(knowledge);
        }
        catch (Exception problem) when (problem is not (KnowledgeFileException or OutOfMemoryException))
        {
            // Validation is meant to catch every bad file first; one that slips through is still this file's fault, and the
            // moderator reloading it must see why, not "Something went wrong". The stack goes to the log for the developers.
            logger.LogError(problem, "Knowledge file {Path} passed validation but cannot be loaded", path);
            throw new KnowledgeFileException(
                $"Knowledge file '{path}' cannot be used ({problem.GetType().Name}: {problem.Message.ReplaceLineEndings(" ")}); {KnowledgeFileException.RebuildHint}", problem);
        }

        logger.LogInformation(
            "Loaded knowledge {Version} from {Path}: {Articles} articles, {Passages} passages in {ElapsedMs} ms",
            knowledge.Version,
            path,
            knowledge.Articles.Count,
            knowledge.Passages.Count,
            (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new Loaded(knowledge, searcher, segments);
    }

    /// <summary>A relative path is looked up in the working directory first, then beside the binary.</summary>
    public static string ResolvePath(string path)
    {
        if (System.IO.Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }

        var besideBinary = System.IO.Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideBinary) ? besideBinary : path;
    }

    private sealed record Loaded(KnowledgeBase Knowledge, IPassageSearcher Searcher, (bool Exists, long Length, DateTime Written) Segments);
}
