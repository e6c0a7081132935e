using System.ComponentModel.DataAnnotations;

namespace Bot.Answering;

/// <summary>Where the knowledge file lives (section <c>Knowledge</c>).</summary>
public sealed record KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Path of the knowledge file, relative to the working directory or, failing that, to the binary.</summary>
    [Required]
    public string Path { get; init; } = "knowledge/knowledge.bin";

    /// <summary>
    /// How often the bot looks whether <c>knowledge add</c>, <c>remove</c> or <c>merge</c> changed the knowledge file's
    /// segments, and reloads when they did (0: never; then <c>/mod reload</c> does it). A rebuilt file still waits for
    /// <c>/mod reload</c>.
    /// </summary>
    [Range(0, 3600)]
    public int FollowSegmentsSeconds { get; init; } = 1;

    /// <summary>
    /// Memory for the servers' own knowledge (servers with articles of their own): past it, the least recently used
    /// server's knowledge is dropped and built again from the database on its next question.
    /// </summary>
    [Range(1, 1_000_000)]
    public int CacheMegabytes { get; init; } = 512;

    /// <summary>The largest article file a moderator may upload (Discord itself takes up to 10 MB without Nitro).</summary>
    [Range(1, 64 * 1024 * 1024)]
    public int MaxUploadBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>The most articles a server may add.</summary>
    [Range(1, 100_000)]
    public int MaxArticlesPerServer { get; init; } = 500;

    /// <summary>The most article text a server may hold, in megabytes of extracted text.</summary>
    [Range(1, 10_000)]
    public int MaxTextMegabytesPerServer { get; init; } = 50;
}
