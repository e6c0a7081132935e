namespace Bot.Knowledge.Tests;

/// <summary>Finds the repository's own files from a test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Articles => Path.Combine(Root, "knowledge", "articles");

    public static string KnowledgeFile => Path.Combine(Root, "knowledge", "knowledge.bin");

    public static string Article(string fileName) => Path.Combine(Articles, fileName);

    private static string FindRoot()
    {
        var recorded = typeof(RepositoryPaths).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>()
            .FirstOrDefault(attribute => attribute.Key == "RepositoryRoot")?.Value;
        if (recorded is not null && File.Exists(Path.Combine(recorded, "Bot.sln")))
        {
            return Path.GetFullPath(recorded);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Bot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Cannot find the repository root (Bot.sln) above " + AppContext.BaseDirectory);
    }
}
