using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Bot.Tests.Support;
using FakeDiscord;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>
/// The unmodified bot binary as its own process, pointed at the emulator by environment and at a database file,
/// so a test can kill it the way a crash or <c>kill -9</c> would.
/// </summary>
internal sealed class BotBinary : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BotBinary(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, line) => Append(line.Data);
        _process.ErrorDataReceived += (_, line) => Append(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>What the process printed so far, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the binary; <paramref name="settings"/> are more environment variables (<c>Discord__Shards</c>, ...), which win.</summary>
    public static BotBinary Start(FakeDiscordServer discord, string databasePath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        start.ArgumentList.Add(BotProcess.BotDll);
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["Discord__Token"] = discord.Options.Token;
        start.Environment["Discord__ApiBaseUrl"] = discord.ApiBaseUrl;
        start.Environment["Discord__GuildId"] = discord.Options.GuildId.ToString(CultureInfo.InvariantCulture);
        start.Environment["Storage__Path"] = databasePath;
        start.Environment["Serilog__MinimumLevel__Default"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        return new BotBinary(Process.Start(start)!);
    }

    /// <summary>
    /// Starts the binary in http mode on a free loopback port, points the emulator at it, and returns once it answers
    /// PING (what the developer portal does when the URL is saved) and has registered its commands.
    /// </summary>
    public static async Task<(BotBinary Bot, Uri Endpoint)> StartHttpAsync(
        FakeDiscordServer discord, string databasePath, TimeSpan patience, IReadOnlyDictionary<string, string>? settings = null)
    {
        var endpoint = new Uri($"http://127.0.0.1:{FreePort()}/interactions");
        var bot = Start(discord, databasePath, new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Discord__Mode"] = "http",
            ["Discord__PublicKey"] = discord.PublicKey,
            ["Discord__Http__Url"] = endpoint.ToString(),
        });
        discord.InteractionsEndpoint = endpoint;
        var deadline = DateTimeOffset.UtcNow + patience;
        while (true)
        {
            try
            {
                if ((await discord.PingAsync()).Status == 200)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                await bot.DisposeAsync();
                throw new TimeoutException($"The endpoint never answered PING:\n{bot.Output}");
            }

            await Task.Delay(100);
        }

        await discord.Commands.WaitForOverwriteAsync(patience);
        return (bot, endpoint);
    }

    /// <summary>
    /// Starts the binary in gateway mode for <paramref name="shards"/> (<c>Discord:Shards</c>, such as <c>0-1</c>) of the
    /// emulator's <see cref="FakeDiscordOptions.Shards"/>, and returns once the emulator has counted <paramref name="readies"/>
    /// READYs in all, or <paramref name="resumes"/> RESUMEs when the process is to resume sessions an earlier one saved.
    /// Processes of one bot know nothing of each other's IDENTIFYs (an operator starts them 5 s apart), so a process that
    /// will identify is started only once the max_concurrency buckets it shares with the running ones are free again.
    /// </summary>
    public static async Task<BotBinary> StartShardsAsync(
        FakeDiscordServer discord, string databasePath, string shards, TimeSpan patience, int readies, int? resumes = null, IReadOnlyDictionary<string, string>? settings = null)
    {
        var lastIdentify = discord.Gateway.Identifies.Select(identify => identify.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();
        var free = lastIdentify + FakeGateway.IdentifySpacing + TimeSpan.FromMilliseconds(200) - DateTimeOffset.UtcNow;
        if (free > TimeSpan.Zero && resumes is null)
        {
            await Task.Delay(free);
        }

        var bot = Start(discord, databasePath, new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["Discord__GuildId"] = "",
            ["Discord__ShardCount"] = discord.Options.Shards.ToString(CultureInfo.InvariantCulture),
            ["Discord__Shards"] = shards,
            ["Serilog__MinimumLevel__Default"] = "Information",
        });
        try
        {
            if (resumes is { } count)
            {
                await discord.Gateway.WaitForResumeAsync(patience, count);
            }
            else
            {
                await discord.Gateway.WaitForReadyAsync(patience, count: readies);
            }
        }
        catch (TimeoutException)
        {
            await bot.DisposeAsync();
            throw new TimeoutException($"Shards {shards} never got ready:\n{bot.Output}\n{string.Join("\n", discord.Violations)}");
        }

        return bot;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    /// <summary>The exit code once the process ended by itself within <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>Asks the process to stop as an operator or a service manager does (SIGTERM), and waits for its exit code.</summary>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(timeout);
    }

    /// <summary>Ends the process at once, without any shutdown code running (SIGKILL on Linux).</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
