using System.Diagnostics;
using Bot.Tests.Support;

namespace Bot.Tests;

/// <summary>
/// <c>knowledge build</c> on what a careless operator leaves in the articles folder or passes as <c>--out</c> (issue 19):
/// the real binary prints one line naming the problem and exits 1, never hangs, prints no stack trace and leaves no
/// <c>*.tmp</c> behind.
/// </summary>
/// <remarks>Pipes, <c>setpriv</c> and file modes are Unix's.</remarks>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KnowledgeBuildFaultSpecs
{
    public static TheoryData<string, string> Faults => new()
    {
        { "pipe", "is empty, or not a regular file (a pipe, socket or device)" },
        { "loop", "is a symbolic link that leads back to itself" },
        { "dangling", "is a symbolic link to '/no/such/article.txt', which does not exist" },
        { "unreadable", "cannot be read: permission denied" },
        { "binary", "is not text (it holds NUL bytes" },
        { "out-is-folder", "that is a folder; name the file to write" },
        { "out-under-file", "is a file, not a folder" },
        { "unsafe-id", "has the id '../../etc/passwd'" },
    };

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task A_bad_article_file_or_output_path_gets_one_line_and_exit_1(string fault, string expected)
    {
        var folder = Directory.CreateTempSubdirectory("build-fault-").FullName;
        var articles = Path.Combine(folder, "articles");
        Directory.CreateDirectory(articles);
        File.Copy(Path.Combine(RepositoryPaths.Articles, "ft-xi-wary-of-kim-putin.txt"), Path.Combine(articles, "ft.txt"));
        var output = Path.Combine(folder, "out", "knowledge.bin");
        var asNobody = false;
        switch (fault)
        {
            case "pipe":
                await RunAsync("mkfifo", Path.Combine(articles, "pipe.txt"));
                break;
            case "loop":
                File.CreateSymbolicLink(Path.Combine(articles, "loop.txt"), "loop.txt");
                break;
            case "dangling":
                File.CreateSymbolicLink(Path.Combine(articles, "dangling.txt"), "/no/such/article.txt");
                break;
            case "unreadable":
                var locked = Path.Combine(articles, "locked.txt");
                File.WriteAllText(locked, "Locked\n\nNobody may read this.\n");
                File.SetUnixFileMode(locked, UnixFileMode.None);

                // Root reads any file, so as root the build runs as nobody, who may read the folders but not the file.
                asNobody = Environment.UserName == "root";
                File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
                break;
            case "binary":
                File.WriteAllBytes(Path.Combine(articles, "tool.txt"), [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0]);
                break;
            case "out-is-folder":
                output = Path.Combine(folder, "out");
                Directory.CreateDirectory(output);
                break;
            case "out-under-file":
                File.WriteAllText(Path.Combine(folder, "out"), "a file where a folder should be");
                break;
            case "unsafe-id":
                File.WriteAllText(Path.Combine(articles, "evil.txt"), "---\nid: ../../etc/passwd\n---\nThe text.\n");
                break;
        }

        var run = asNobody
            ? await RunAsNobodyAsync(["knowledge", "build", "--articles", articles, "--out", output])
            : await BotProcess.RunAsync(["knowledge", "build", "--articles", articles, "--out", output]);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories));
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task A_stale_tmp_of_the_target_is_removed_by_the_next_build()
    {
        var folder = Directory.CreateTempSubdirectory("build-stale-").FullName;
        var output = Path.Combine(folder, "knowledge.bin");
        await File.WriteAllTextAsync(output + ".tmp", "{\"format\":\"article-bot-knowledge\"");

        var run = await BotProcess.RunAsync(["knowledge", "build", "--out", output]);

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(output + ".tmp"));
        Assert.Equal(await File.ReadAllBytesAsync(RepositoryPaths.KnowledgeFile), await File.ReadAllBytesAsync(output));
    }

    private static async Task RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
    }

    /// <summary>The bot's binary run by the user nobody (setpriv), for a permission root would not be refused.</summary>
    private static async Task<BotRun> RunAsNobodyAsync(IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "dotnet", BotProcess.BotDll, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Discord__Token"] = string.Empty;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return new BotRun(process.ExitCode, await output, await error);
    }
}
