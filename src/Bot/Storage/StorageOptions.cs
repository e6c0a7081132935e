using System.ComponentModel.DataAnnotations;

namespace Bot.Storage;

/// <summary>Where the bot keeps what must survive a restart (section <c>Storage</c>).</summary>
public sealed record StorageOptions
{
    public const string Section = "Storage";

    /// <summary>The SQLite database file; created, with its folder, on first start.</summary>
    [Required]
    public string Path { get; init; } = "data/bot.db";

    /// <summary>Questions older than this are deleted from the log (gaps and stats look back this far at most).</summary>
    [Range(1, 3650)]
    public int QuestionRetentionDays { get; init; } = 90;
}
