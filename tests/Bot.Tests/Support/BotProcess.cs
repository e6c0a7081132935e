using System.Diagnostics;

namespace Bot.Tests.Support;

/// <summary>Runs the real bot binary as a user would, and captures what it printed and how it exited.</summary>
internal static class BotProcess
{
    /// <summary>The bot's own build output (recorded at build time by tests/BotBinary.targets), run with its own dependencies.</summary>
    public static string BotDll { get; } = typeof(BotProcess).Assembly
        .GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), inherit: false)
        .Cast<System.Reflection.AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotBinary").Value!;

    /// <summary>Starts the binary with its output and input redirected; the caller reads them and waits for it.</summary>
    public static Process Start(IEnumerable<string> arguments, string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        start.ArgumentList.Add(BotDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // A developer's own token must never make a test talk to Discord.
        start.Environment["Discord__Token"] = string.Empty;
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Storage__Path"] = Path.Combine(Path.GetTempPath(), $"bot-test-{Guid.NewGuid():N}.db");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return Process.Start(start)!;
    }

    public static async Task<BotRun> RunAsync(
        IEnumerable<string> arguments,
        string? standardInput = null,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null)
    {
        using var process = Start(arguments, workingDirectory, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        using var patience = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            // A hung bot must fail its spec, not outlive it.
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"The bot had not exited after {limit.TotalSeconds:0} s. It printed:{Environment.NewLine}{await output}{await error}");
        }

        return new BotRun(process.ExitCode, await output, await error);
    }
}

internal sealed record BotRun(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
