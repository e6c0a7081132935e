using Bot.Storage;
using Bot.Tests.Moderation;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>What only the SQLite provider does: one file beside the bot, in WAL mode, with its schema steps recorded.</summary>
public sealed class SqliteStorageSpecs
{
    [Fact]
    public async Task The_database_file_is_created_on_first_use_in_WAL_mode_with_every_schema_step_recorded()
    {
        await using var harness = new ModerationHarness();
        var database = harness.Services.GetRequiredService<SqliteDatabase>();

        await database.MigrateAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(harness.Folder, "data", "bot.db")));
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal("1,2,3", await ScalarAsync(connection, "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version);"));
    }

    [Fact]
    public async Task Without_a_provider_setting_the_bot_keeps_its_SQLite_file_and_its_cooldowns_in_memory()
    {
        await using var harness = new ModerationHarness();

        Assert.IsType<SqliteModerationStore>(harness.Services.GetRequiredService<IModerationStore>());
        Assert.IsType<SqliteQuestionLog>(harness.Services.GetRequiredService<IQuestionLog>());
        Assert.IsType<InMemoryAskCooldowns>(harness.Services.GetRequiredService<IAskCooldowns>());
        Assert.True(harness.Services.GetRequiredService<IChangeFeed>().IsLive);
    }

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
