using System.ComponentModel.DataAnnotations;

namespace Bot.Answering;

/// <summary>Where the knowledge file lives (section <c>Knowledge</c>).</summary>
public sealed record KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>Path of the knowledge file, relative to the working directory or, failing that, to the binary.</summary>
    [Required]
    public string Path { get; init; } = "knowledge/knowledge.json";
}
