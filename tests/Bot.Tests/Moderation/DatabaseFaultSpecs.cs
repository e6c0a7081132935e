using System.Security.Cryptography;
using Bot.Discord.Abstractions;
using Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using static Bot.Tests.Moderation.ModerationHarness;

namespace Bot.Tests.Moderation;

/// <summary>
/// Members and moderators when the database fails under them (issue 19): another program holding it, or pages of
/// the settings tables damaged. They are told what is wrong in plain words, never "Something went wrong"; the log
/// says how to recover; the bot changes nothing in a damaged file.
/// </summary>
public sealed class DatabaseFaultSpecs
{
    private const string Question = "How many troops did North Korea send?";

    [Fact]
    public async Task A_moderator_is_told_the_database_is_busy_and_to_try_again_while_another_program_holds_it()
    {
        await using var harness = new ModerationHarness();
        await harness.ModAsync(ServerModerator, Sub("cooldown"));

        MessageReply refused;
        await using (var other = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync();

            refused = await harness.ModAsync(ServerModerator, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "30")));
        }

        var retried = await harness.ModAsync(ServerModerator, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "30")));

        Assert.Equal("The bot's database is busy: another program is writing to it. Please try again in a moment.", refused.Content);
        Assert.True(refused.Ephemeral);
        Assert.StartsWith("Done.", retried.Content, StringComparison.Ordinal);
        Assert.Contains(harness.Log.Lines, line => line.StartsWith("Warning", StringComparison.Ordinal) && line.Contains("is busy while saving a moderation change", StringComparison.Ordinal));
        Assert.DoesNotContain(harness.Log.Lines, line => line.Contains("   at ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_the_settings_pages_are_damaged_members_and_moderators_are_told_the_log_says_how_to_recover_and_nothing_is_lost()
    {
        var before = new ModerationHarness();
        await before.ModAsync(ServerModerator, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "30")));
        await before.ModAsync(ServerModerator, Sub("block", Option("user", CommandOptionType.User, "444000000000000004"), Option("reason", CommandOptionType.String, "spam")));
        await before.AskAsync(Ordinary, Question);
        await using var after = await before.RestartAsync();
        var path = after.DatabasePath;
        await DatabaseDamage.DamageTableAsync(path, "guild_settings");
        var damaged = await HashAsync(path);

        var member = await after.AskAsync(Ordinary, Question);
        var moderator = await after.ModAsync(ServerModerator, Sub("cooldown", Option("seconds", CommandOptionType.Integer, "10")));

        Assert.All([member, moderator], reply =>
        {
            Assert.StartsWith("I can't read this server's settings or my records: the bot's database is damaged", reply.Content, StringComparison.Ordinal);
            Assert.Contains("Moderators: ask whoever runs the bot to restore the database from a backup or to reset it", reply.Content, StringComparison.Ordinal);
            Assert.True(reply.Ephemeral);
        });
        var logged = Assert.Single(after.Log.Lines.Where(line => line.StartsWith("Error", StringComparison.Ordinal)).Take(1));
        Assert.Contains($"The database '{path}' is damaged", logged, StringComparison.Ordinal);
        Assert.Contains("while reading this server's settings", logged, StringComparison.Ordinal);
        Assert.Contains($"sqlite3 '{path}' .recover", logged, StringComparison.Ordinal);
        Assert.DoesNotContain(after.Log.Lines, line => line.Contains("   at ", StringComparison.Ordinal));

        // Nothing the file still holds was touched: the same bytes, and the undamaged tables read as before.
        SqliteConnection.ClearAllPools();
        Assert.Equal(damaged, await HashAsync(path));
        Assert.Equal("spam", await ScalarAsync(path, "SELECT reason FROM blocked_users WHERE user_id = 444000000000000004;"));
        Assert.Equal(Question, await ScalarAsync(path, "SELECT question FROM questions;"));
    }

    private static async Task<string> HashAsync(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexString(await SHA256.HashDataAsync(file));
    }

    private static async Task<object?> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }
}
