using Bot.Storage;
using Bot.Tests.Moderation;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Tests.Storage;

/// <summary>
/// What only the PostgreSQL provider does: versioned migrations that several processes starting at once apply once,
/// and a clear line, never a password or a stack trace, when the server is missing or the settings are wrong.
/// </summary>
public sealed class PostgresStorageSpecs
{
    [PostgresFact]
    public async Task Every_schema_step_is_applied_once_when_four_processes_start_at_once_on_an_empty_database()
    {
        await using var storage = await TestStorage.CreateAsync("postgres");
        var processes = Enumerable.Range(0, 4).Select(_ => new ModerationHarness(storage.Settings)).ToList();
        try
        {
            await Task.WhenAll(processes.Select(process => Task.Run(process.StartAsync)));

            // A process whose migration failed stops itself (one line, exit code 1) rather than throwing.
            var stopped = processes.Count(process => process.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

            var steps = await storage.Postgres.ScalarAsync<string>("SELECT string_agg(version::text, ',' ORDER BY version) FROM schema_version;");
            var rows = await storage.Postgres.ScalarAsync<long>("SELECT COUNT(*) FROM schema_version;");
            var stores = processes.Select(process => process.Services.GetRequiredService<IModerationStore>()).ToList();
            var written = await stores[3].ApplyAsync(new ModerationChange.SetCooldown(10), new AuditEntry(ModerationHarness.Guild, new(1), "cooldown", "10", null, DateTimeOffset.UnixEpoch), CancellationToken.None);
            var readByFirst = await stores[0].LoadAsync(ModerationHarness.Guild, CancellationToken.None);

            Assert.Equal(0, stopped);
            Assert.Equal(string.Join(',', PostgresSchemaMigrations.All.Select(step => step.Version)), steps);
            Assert.Equal(PostgresSchemaMigrations.All.Count, rows);
            Assert.True(written);
            Assert.Equal(10, readByFirst.CooldownSeconds);
            Assert.IsType<PostgresModerationStore>(stores[0]);
        }
        finally
        {
            foreach (var process in processes)
            {
                await process.DisposeAsync();
            }
        }
    }

    [PostgresFact]
    public async Task A_process_started_on_a_migrated_database_applies_nothing_and_reads_what_is_there()
    {
        await using var storage = await TestStorage.CreateAsync("postgres");
        await using (var first = new ModerationHarness(storage.Settings))
        {
            await first.StartAsync();
            await first.Services.GetRequiredService<IModerationStore>().ApplyAsync(
                new ModerationChange.SetPrivateReplies(true), new AuditEntry(ModerationHarness.Guild, new(1), "visibility", "private", null, DateTimeOffset.UnixEpoch), CancellationToken.None);
        }

        var appliedAt = await storage.Postgres.ScalarAsync<string>("SELECT string_agg(applied_at::text, ',' ORDER BY version) FROM schema_version;");
        await using var second = new ModerationHarness(storage.Settings);
        await second.StartAsync();

        Assert.Equal(appliedAt, await storage.Postgres.ScalarAsync<string>("SELECT string_agg(applied_at::text, ',' ORDER BY version) FROM schema_version;"));
        Assert.True((await second.Services.GetRequiredService<IModerationStore>().LoadAsync(ModerationHarness.Guild, CancellationToken.None)).PrivateReplies);
    }

    [Fact]
    public void A_change_notice_names_its_sender_and_one_from_a_newer_version_is_read_as_anything_may_have_changed()
    {
        var guild = new StoredChange.GuildSettings(ModerationHarness.Guild);

        Assert.Equal(("a1", (StoredChange)guild), PostgresChangeFeed.Parse("a1 " + PostgresChangeFeed.Describe(guild)));
        Assert.Equal(("a1", (StoredChange)new StoredChange.KnowledgeReloaded()), PostgresChangeFeed.Parse("a1 " + PostgresChangeFeed.Describe(new StoredChange.KnowledgeReloaded())));
        Assert.Equal(("b2", (StoredChange)new StoredChange.Anything()), PostgresChangeFeed.Parse("b2 guild not-a-number"));
        Assert.Equal(("b2", (StoredChange)new StoredChange.Anything()), PostgresChangeFeed.Parse("b2 knowledge-and-settings 7"));
    }

    [Fact]
    public async Task A_PostgreSQL_server_that_cannot_be_reached_stops_the_bot_with_one_line_naming_it_and_never_the_password()
    {
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Storage__Provider"] = "postgres",
                // Port 1 on loopback: nothing listens, so the connection is refused at once.
                ["Storage__ConnectionString"] = "Host=127.0.0.1;Port=1;Username=bot;Password=hunter2-secret;Database=botdb;Timeout=3",
            });

        var all = run.Output + run.Error;
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("The PostgreSQL database 127.0.0.1:1/botdb cannot be used:", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", all, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres", "", "Storage:ConnectionString is required when Storage:Provider is postgres")]
    [InlineData("postgres", "Host=127.0.0.1;Colour=blue", "Storage:ConnectionString is not a PostgreSQL connection string:")]
    [InlineData("mysql", "", "Storage:Provider is 'mysql': use sqlite (the default) or postgres.")]
    public async Task A_storage_setting_that_cannot_work_is_named_in_one_line(string provider, string connectionString, string expected)
    {
        var run = await BotProcess.RunAsync(
            [],
            environment: new Dictionary<string, string>
            {
                ["Storage__Provider"] = provider,
                ["Storage__ConnectionString"] = connectionString,
            });

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Configuration is not valid", run.Error, StringComparison.Ordinal);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
