namespace Bot.Knowledge.Index;

/// <summary>
/// A knowledge file that cannot be used: missing, corrupt, or from another version. The message is one
/// line for a person: which file, what is wrong, and what to run.
/// </summary>
public sealed class KnowledgeFileException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string RebuildHint = "rebuild it with: dotnet run --project src/Bot -- knowledge build";
}
