namespace Bot.Evaluation;

/// <summary>The tool's command line: <c>--name value</c> options, <c>--flag</c>s and positional arguments.</summary>
public sealed class Arguments(IReadOnlyList<string> args)
{
    private static readonly HashSet<string> Flags = ["--mistakes", "--explain", "--timing", "--loco", "--dry-run"];

    public string? Option(string name) => Options(name).LastOrDefault();

    public IReadOnlyList<string> Options(string name)
    {
        var values = new List<string>();
        for (var i = 0; i < args.Count - 1; i++)
        {
            if (args[i] == name)
            {
                values.Add(args[i + 1]);
            }
        }

        return values;
    }

    public bool Flag(string name) => args.Contains(name);

    public string Positional(int index)
    {
        var positional = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                i += Flags.Contains(args[i]) ? 0 : 1;
                continue;
            }

            positional.Add(args[i]);
        }

        return positional.ElementAtOrDefault(index) ?? throw new ArgumentException($"Argument {index + 1} is missing.");
    }
}
