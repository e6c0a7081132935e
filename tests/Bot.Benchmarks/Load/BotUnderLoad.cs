using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Bot.Hosting;
using FakeDiscord;
using Microsoft.Extensions.Hosting;

namespace Bot.Benchmarks.Load;

/// <summary>
/// The bot as it runs for real, pointed at the emulator by configuration alone: by default the unmodified binary in
/// its own process (so its memory is its own), or with <c>--in-process</c> the host built by <see cref="BotApplication.BuildHost"/>.
/// </summary>
internal sealed class BotUnderLoad : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly IHost? _host;
    private readonly string _database;

    private BotUnderLoad(Process? process, IHost? host, string database)
    {
        _process = process;
        _host = host;
        _database = database;
    }

    /// <summary>The bot's own build output, recorded at build time by tests/BotBinary.targets.</summary>
    internal static string BotDll => typeof(BotUnderLoad).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "BotBinary").Value!;

    /// <summary>Starts one bot; <paramref name="more"/> settings (shards, PostgreSQL) win over the defaults.</summary>
    public static async Task<BotUnderLoad> StartAsync(FakeDiscordServer discord, string knowledge, string logLevel, bool inProcess, string databaseFolder, IReadOnlyDictionary<string, string>? more = null)
    {
        var database = Path.Combine(databaseFolder, $"bot-load-{Guid.NewGuid():N}.db");
        var settings = new Dictionary<string, string>
        {
            ["Discord:Token"] = discord.Options.Token,
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl,
            ["Discord:GuildId"] = discord.Options.GuildId.ToString(CultureInfo.InvariantCulture),
            ["Knowledge:Path"] = knowledge,
            ["Storage:Path"] = database,
            ["Serilog:MinimumLevel:Default"] = logLevel,
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        if (inProcess)
        {
            var host = BotApplication.BuildHost([.. settings.Select(pair => $"--{pair.Key}={pair.Value}")]);
            await host.StartAsync();
            return new BotUnderLoad(null, host, database);
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(BotDll);
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Cannot start the bot.");
        // Drain its output so a full pipe never blocks it; warnings and errors are echoed, as an operator would see them.
        process.OutputDataReceived += (_, line) => { };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text && (text.Contains("[WRN]", StringComparison.Ordinal) || text.Contains("[ERR]", StringComparison.Ordinal) || text.Contains("[FTL]", StringComparison.Ordinal)))
            {
                Console.Error.WriteLine("bot: " + text);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BotUnderLoad(process, null, database);
    }

    /// <summary>Resident memory of the bot's process (for <c>--in-process</c>, of this whole process, emulator included).</summary>
    public double ResidentMb()
    {
        if (_process is null)
        {
            using var self = Process.GetCurrentProcess();
            return self.WorkingSet64 / 1048576.0;
        }

        _process.Refresh();
        return _process.WorkingSet64 / 1048576.0;
    }

    /// <summary>CPU time the bot has used (for <c>--in-process</c>, this whole process).</summary>
    public TimeSpan CpuTime()
    {
        if (_process is null)
        {
            using var self = Process.GetCurrentProcess();
            return self.TotalProcessorTime;
        }

        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _host.StopAsync(timeout.Token);
            _host.Dispose();
        }

        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        foreach (var file in new[] { _database, _database + "-wal", _database + "-shm" })
        {
            File.Delete(file);
        }
    }
}
