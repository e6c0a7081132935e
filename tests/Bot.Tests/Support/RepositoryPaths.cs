using System.Reflection;

namespace Bot.Tests.Support;

/// <summary>Finds the repository's own files from a test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string KnowledgeFile => Path.Combine(Root, "knowledge", "knowledge.bin");

    public static string Articles => Path.Combine(Root, "knowledge", "articles");

    private static string FindRoot()
    {
        var recorded = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Bot.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        throw new InvalidOperationException("The test assembly does not record the repository root.");
    }
}
