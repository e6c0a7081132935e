using Bot.Hosting;
using Bot.Tests.Support;
using FakeDiscord;
using Microsoft.Extensions.Hosting;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>
/// The real bot host, built exactly as the program builds it, pointed at the loopback emulator by configuration
/// alone (token, API base URL, guild) with its own database file.
/// </summary>
internal sealed class RunningBot : IAsyncDisposable
{
    private RunningBot(IHost host, string databasePath)
    {
        Host = host;
        DatabasePath = databasePath;
    }

    public IHost Host { get; }

    public string DatabasePath { get; }

    public IServiceProvider Services => Host.Services;

    /// <summary>Starts the bot against <paramref name="discord"/> and waits until it is connected and its commands are published.</summary>
    public static async Task<RunningBot> StartAsync(FakeDiscordServer discord, string? databasePath = null, params string[] settings)
    {
        databasePath ??= Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        string[] args =
        [
            $"--Discord:Token={discord.Options.Token}",
            $"--Discord:ApiBaseUrl={discord.ApiBaseUrl}",
            $"--Discord:GuildId={discord.Options.GuildId}",
            $"--Knowledge:Path={RepositoryPaths.KnowledgeFile}",
            $"--Storage:Path={databasePath}",
            "--Serilog:MinimumLevel:Default=Warning",
            .. settings,
        ];
        var host = BotApplication.BuildHost(args);
        await host.StartAsync();
        var bot = new RunningBot(host, databasePath);
        await discord.Gateway.WaitForReadyAsync(TimeSpan.FromSeconds(15));
        return bot;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await Host.StopAsync(timeout.Token);
        Host.Dispose();
    }
}
