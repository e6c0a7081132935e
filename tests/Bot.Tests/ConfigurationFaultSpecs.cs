using System.Security.Cryptography;
using Bot.Discord.Abstractions;
using Bot.Storage;
using Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests;

/// <summary>
/// Configuration that cannot work, and a database file that cannot be used at start, get one clear line and a failing
/// exit code, never a stack trace; a missing settings file is not fatal.
/// </summary>
public sealed class ConfigurationFaultSpecs
{
    [Fact]
    public async Task Without_a_settings_file_in_the_working_folder_the_bot_uses_the_one_beside_its_binary()
    {
        var folder = Directory.CreateTempSubdirectory("no-settings-").FullName;

        var run = await BotProcess.RunAsync(["ask", "How much are North Korea's weapons shipments to Russia worth?"], workingDirectory: folder);

        Assert.True(run.ExitCode == 0, run.Error);
        Assert.Contains("$5.5 billion", run.Output, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task An_unreachable_discord_api_stops_the_bot_with_one_clear_line_after_bounded_retries()
    {
        const string token = "UNREACHABLE.token-value.456";

        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = token,
                // Port 1 on loopback: nothing listens, so every connection is refused at once.
                ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            });

        var all = run.Output + run.Error;
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Discord API unreachable at http://127.0.0.1:1/api/v10 after 4 attempts", all, StringComparison.Ordinal);
        Assert.DoesNotContain(token, all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_out_of_range_setting_is_named_with_its_limits()
    {
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = "SOME.token-value.789",
                ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
                ["Discord__AutoDeferAfter"] = "00:00:05",
            });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Configuration is not valid", run.Error, StringComparison.Ordinal);
        Assert.Contains("Discord:AutoDeferAfter must be between 0 and 3 seconds.", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Hosting failed to start", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Storage__QuestionRetentionDays", "abc", "Storage:QuestionRetentionDays must be a whole number from 1 to 3650; \"abc\" is not.")]
    [InlineData("Storage__QuestionRetentionDays", "99999999999", "Storage:QuestionRetentionDays must be a whole number from 1 to 3650; \"99999999999\" is not.")]
    [InlineData("Discord__Intents", "abc", "Discord:Intents must be a whole number that fits in 32 bits; \"abc\" is not.")]
    [InlineData("Discord__AutoDeferAfter", "banana", "Discord:AutoDeferAfter must be a duration such as 00:00:02.5 (hours:minutes:seconds); \"banana\" is not.")]
    public async Task A_setting_that_is_not_a_number_or_a_duration_gets_the_one_line_every_invalid_setting_gets(string name, string value, string said)
    {
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Discord__Token"] = "SOME.token-value.789",
                ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
                [name] = value,
            });

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"Configuration is not valid: {said}", (run.Output + run.Error).Trim());
    }

    [Fact]
    public async Task A_word_where_the_settings_file_wants_a_number_gets_the_same_one_line()
    {
        var folder = Directory.CreateTempSubdirectory("word-setting-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), """{ "Storage": { "QuestionRetentionDays": "ninety" } }""");

        var run = await BotProcess.RunAsync(["ask", "anything"], workingDirectory: folder);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("Configuration is not valid: Storage:QuestionRetentionDays must be a whole number from 1 to 3650; \"ninety\" is not.", (run.Output + run.Error).Trim());
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("a directory", "unable to open database file")]
    [InlineData("random bytes", "is damaged (SQLite Error 26: 'file is not a database')")]
    [InlineData("a truncated database", "is damaged (SQLite Error 11: 'database disk image is malformed')")]
    public async Task An_unusable_database_at_start_gets_one_clear_line_and_no_stack_trace(string what, string said)
    {
        var folder = Directory.CreateTempSubdirectory("unusable-db-").FullName;
        var path = Path.Combine(folder, "bot.db");
        switch (what)
        {
            case "a directory":
                Directory.CreateDirectory(path);
                break;
            case "random bytes":
                await File.WriteAllBytesAsync(path, RandomNumberGenerator.GetBytes(100_000));
                break;
            default:
                await CreateDatabaseAsync(path);
                await using (var file = new FileStream(path, FileMode.Open))
                {
                    file.SetLength(3_000);
                }

                break;
        }

        var run = await StartAsync(path);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single((run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith($"The database '{path}'", line, StringComparison.Ordinal);
        Assert.Contains(said, line, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [SkippableFact]
    public async Task A_database_on_a_read_only_disk_at_start_gets_one_clear_line_and_no_stack_trace()
    {
        // The bot runs as root on the project's machines, and root writes through file modes: a read-only mount is
        // what really stops it. Mounting needs root, as on the project's machines and CI; elsewhere the spec is skipped.
        Skip.IfNot(Environment.UserName == "root", "mounting a read-only tmpfs needs root");
        var folder = Directory.CreateTempSubdirectory("read-only-db-").FullName;
        Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", folder);
        try
        {
            var path = Path.Combine(folder, "bot.db");
            await CreateDatabaseAsync(path);
            Run("mount", "-o", "remount,ro", folder);

            var run = await StartAsync(path);

            Assert.Equal(1, run.ExitCode);
            var line = Assert.Single((run.Output + run.Error).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Assert.StartsWith($"The database '{path}' cannot be used while opening it", line, StringComparison.Ordinal);
        }
        finally
        {
            Run("umount", folder);
            Directory.Delete(folder);
        }
    }

    /// <summary>The bot with a token, so it would go on to Discord (at a port where nothing listens) if the database let it.</summary>
    private static Task<BotRun> StartAsync(string databasePath) => BotProcess.RunAsync(
        [],
        environment: new Dictionary<string, string>
        {
            ["Discord__Token"] = "SOME.token-value.789",
            ["Discord__ApiBaseUrl"] = "http://127.0.0.1:1/api/v10",
            ["Storage__Path"] = databasePath,
        });

    /// <summary>A database as the bot leaves it: every schema step applied, one question logged.</summary>
    private static async Task CreateDatabaseAsync(string path)
    {
        var database = new SqliteDatabase(Options.Create(new StorageOptions { Path = path }), NullLogger<SqliteDatabase>.Instance);
        using var log = new SqliteQuestionLog(database, TimeProvider.System);
        await log.RecordAsync(new QuestionRecord(null, null, new Snowflake(1), "a question", true, null, DateTimeOffset.UtcNow), CancellationToken.None);
        log.Dispose();
        SqliteConnection.ClearAllPools();
    }

    private static void Run(string command, params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(command) { RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{command} {string.Join(' ', arguments)} failed: {error}");
    }
}
