using System.Reflection;

namespace Bot.Benchmarks;

/// <summary>The verb's arguments: <c>--name value</c> options, <c>--flag</c>s and positionals.</summary>
internal sealed class Arguments(IReadOnlyList<string> args)
{
    public string? Option(string name)
    {
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                return args[i + 1];
            }
        }

        return null;
    }

    public bool Flag(string name) => args.Contains(name);

    public string Positional(int index) =>
        args.Where((arg, i) => !arg.StartsWith("--", StringComparison.Ordinal) && (i == 0 || !args[i - 1].StartsWith("--", StringComparison.Ordinal) || IsFlag(args[i - 1])))
            .ElementAtOrDefault(index) ?? throw new ArgumentException($"Argument {index + 1} is missing.");

    private static bool IsFlag(string arg) => arg is "--no-articles" or "--binary" or "--rebuild-only";
}

/// <summary>The repository the benchmarks were built from (its knowledge file and question set).</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = typeof(RepositoryRoot).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(attribute => attribute.Key == "RepositoryRoot").Value!;
}
