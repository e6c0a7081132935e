using Bot.Answering;
using Bot.Cli;
using Bot.Commands;
using Bot.Knowledge.Index;
using Bot.LocalConsole;
using Bot.Moderation;
using Bot.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;

namespace Bot.Hosting;

/// <summary>
/// The program: reads the verb, builds the host the same way for every verb (so configuration and logging
/// are the same everywhere), and turns every expected failure into one line and an exit code.
/// </summary>
public static class BotApplication
{
    public const string Usage = """
        Usage:
          Bot                                   run the bot (Discord when Discord:Token is set, else a local console)
          Bot ask [--json] [--knowledge FILE] "question"
          Bot knowledge build [--articles DIR] [--out FILE]
          Bot knowledge add FILE... | remove ID... | merge [--knowledge FILE]
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 ? args[0] : null;
        try
        {
            return verb switch
            {
                null => await RunHostAsync(args),
                "ask" => await RunAskAsync(args[1..]),
                "knowledge" => KnowledgeCli.Run(new CliArguments(args[1..]), Console.Out),
                "help" or "--help" or "-h" => PrintUsage(Console.Out, 0),
                _ when verb.StartsWith("--", StringComparison.Ordinal) => await RunHostAsync(args),
                _ => throw new CliUsageException($"Unknown command '{verb}'."),
            };
        }
        catch (CliUsageException problem)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return PrintUsage(Console.Error, 2);
        }
        catch (Exception problem) when (problem is KnowledgeFileException or KnowledgeBuildException or ConfigurationProblemException or StorageException)
        {
            await Console.Error.WriteLineAsync(problem.Message);
            return 1;
        }
        catch (OptionsValidationException problem)
        {
            await Console.Error.WriteLineAsync($"Configuration is not valid: {string.Join(" ", problem.Failures)}");
            return 1;
        }
    }

    /// <summary>Builds the host with configuration, Serilog, knowledge and commands; the front-end decides what runs.</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args, LogEventLevel minimumConsoleLevel = LogEventLevel.Verbose)
    {
        HostApplicationBuilder builder;
        try
        {
            builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
            {
                Args = args,
                ContentRootPath = FindContentRoot(),
            });
        }
        catch (InvalidDataException problem)
        {
            throw new ConfigurationProblemException($"appsettings.json is not valid JSON: {problem.InnerException?.Message ?? problem.Message}");
        }

        SettingsCheck.Require(builder.Configuration, (KnowledgeOptions.Section, typeof(KnowledgeOptions)), (StorageOptions.Section, typeof(StorageOptions)));

        // Each host owns its logger (preserveStaticLogger): with the static Log.Logger, a second host in the same
        // process (the end-to-end tests run several) would take over the first one's log lines.
        builder.Services.AddSerilog(
            (services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            // Logs go to standard error so standard output stays the bot's answers (and pure JSON with --json).
            .WriteTo.Console(
                // In the local console session the terminal is the conversation: only warnings interrupt it (the log file has everything).
                restrictedToMinimumLevel: string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]) ? (LogEventLevel)Math.Max((int)minimumConsoleLevel, (int)LogEventLevel.Warning) : minimumConsoleLevel,
                standardErrorFromLevel: LogEventLevel.Verbose)
            .WriteTo.File(
                Path.Combine(builder.Environment.ContentRootPath, "logs", "bot-.log"),
                rollingInterval: RollingInterval.Day,
                retainedFileCountLimit: 14),
            preserveStaticLogger: true);
        builder.Services.AddKnowledge(builder.Configuration);
        builder.Services.AddStorage(builder.Configuration);
        builder.Services.AddModeration(builder.Configuration);
        builder.Services.AddBotCommands();
        return builder;
    }

    /// <summary>
    /// The bot's host as <c>Bot</c> with no verb runs it: Discord when <c>Discord:Token</c> is set, otherwise the local
    /// console. End-to-end tests build it here too, pointed at the emulator by configuration alone.
    /// </summary>
    public static IHost BuildHost(string[] args)
    {
        ReserveThreads();
        var builder = CreateBuilder(args);
        if (string.IsNullOrWhiteSpace(builder.Configuration["Discord:Token"]))
        {
            builder.Services.AddHostedService<ConsoleSessionService>();
        }
        else
        {
            builder.AddDiscord();
        }

        return builder.Build();
    }

    private static async Task<int> RunHostAsync(string[] args)
    {
        using var host = BuildHost(args);
        try
        {
            // Validate the options and open the database before starting, so a bad setting or an unusable database file
            // is our one line, not the host's start-up stack traces (20 to 29 lines before, issue 19).
            host.Services.GetService<IStartupValidator>()?.Validate();
            await host.Services.MigrateStorageAsync(CancellationToken.None);
            await host.RunAsync();
            return Environment.ExitCode;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static async Task<int> RunAskAsync(string[] args)
    {
        var arguments = new CliArguments(args);
        var knowledgePath = arguments.TakeOption("--knowledge");
        var settings = knowledgePath is null ? [] : new[] { $"--Knowledge:Path={knowledgePath}" };

        // The command line is quiet: only warnings reach standard error.
        var builder = CreateBuilder(settings, LogEventLevel.Warning);
        using var host = builder.Build();
        var knowledge = host.Services.GetRequiredService<KnowledgeProvider>();
        try
        {
            return await AskCli.RunAsync(arguments, knowledge, Console.In, Console.Out, inputIsTerminal: !Console.IsInputRedirected);
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    private static int PrintUsage(TextWriter writer, int exitCode)
    {
        writer.WriteLine(Usage);
        return exitCode;
    }

    /// <summary>
    /// SQLite waits for a busy database (up to its 5 s busy timeout) on the thread that asked, and the thread pool adds
    /// threads only about once a second when its few (one per core) are all waiting: an interaction's automatic
    /// deferral, due within Discord's 3 s, must not queue behind them. So the pool keeps this many threads ready.
    /// </summary>
    private static void ReserveThreads()
    {
        const int Reserved = 32;
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        if (workers < Reserved)
        {
            ThreadPool.SetMinThreads(Reserved, completionPorts);
        }
    }

    /// <summary>The repo root when run from it (its appsettings.json), else the folder of the binary.</summary>
    private static string FindContentRoot() =>
        File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json")) ? Directory.GetCurrentDirectory() : AppContext.BaseDirectory;
}

/// <summary>Configuration that cannot be used; the message names the setting and what to do.</summary>
public sealed class ConfigurationProblemException(string message) : Exception(message);
