using Bot.EndToEnd.Tests.Support;
using Bot.Tests.Support;
using FakeDiscord;
using Microsoft.Data.Sqlite;
using static Bot.EndToEnd.Tests.Support.ModerationDriver;

namespace Bot.EndToEnd.Tests;

/// <summary>
/// The real host in Discord when its database fails under it (issue 19): held by another program, or with damaged
/// settings pages. The person is told privately what is wrong, not "Something went wrong"; the log tells the operator
/// how to recover.
/// </summary>
/// <remarks>Runs alone, as <see cref="FaultSpecs"/> do: it reads the bot's log.</remarks>
[Collection(FaultSpecs.Alone)]
public sealed class DatabaseFaultSpecs
{
    [Fact]
    public async Task Mod_says_the_database_is_busy_and_to_try_again_while_another_program_holds_it()
    {
        await using var discord = await FakeDiscordServer.StartAsync();
        await using var bot = await RunningBot.StartAsync(discord);
        await discord.Commands.WaitForOverwriteAsync(Answers.Patience);
        await discord.ModAsync(Sub("cooldown"));

        VisibleMessage refused;
        await using (var other = new SqliteConnection($"Data Source={bot.DatabasePath};Pooling=False"))
        {
            await other.OpenAsync();
            await using var exclusive = other.CreateCommand();
            exclusive.CommandText = "BEGIN EXCLUSIVE;";
            await exclusive.ExecuteNonQueryAsync();

            refused = await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30)));
        }

        var retried = await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30)));

        Assert.Equal("The bot's database is busy: another program is writing to it. Please try again in a moment.", refused.Text());
        Assert.True(refused.IsEphemeral);
        Assert.StartsWith("Done.", retried.Text(), StringComparison.Ordinal);
        Assert.Empty(discord.Violations);
    }

    [Fact]
    public async Task With_damaged_settings_pages_members_and_moderators_are_told_and_the_log_says_how_to_recover()
    {
        var database = Path.Combine(Path.GetTempPath(), $"bot-e2e-{Guid.NewGuid():N}.db");
        await using (var discord = await FakeDiscordServer.StartAsync())
        await using (var bot = await RunningBot.StartAsync(discord, database))
        {
            await discord.Commands.WaitForOverwriteAsync(Answers.Patience);
            await discord.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 30)));
        }

        SqliteConnection.ClearAllPools();
        await DatabaseDamage.DamageTableAsync(database, "guild_settings");
        using var log = new BotLog();
        await using var again = await FakeDiscordServer.StartAsync();
        await using var restarted = await RunningBot.StartAsync(again, database, log.Settings);
        await again.Commands.WaitForOverwriteAsync(Answers.Patience);

        var member = await again.AskAsync(TroopsQuestion);
        var moderator = await again.ModAsync(Sub("cooldown", CommandOption.Integer("seconds", 10)));

        Assert.All([member, moderator], reply =>
        {
            Assert.StartsWith("I can't read this server's settings or my records: the bot's database is damaged", reply.Text(), StringComparison.Ordinal);
            Assert.Contains("Moderators: ask whoever runs the bot to restore the database from a backup or to reset it", reply.Text(), StringComparison.Ordinal);
            Assert.True(reply.IsEphemeral);
        });
        var logged = log.Read();
        Assert.Contains($"The database '{database}' is damaged", logged, StringComparison.Ordinal);
        Assert.Contains($"sqlite3 '{database}' .recover", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("Something went wrong", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", logged, StringComparison.Ordinal);
        Assert.Empty(again.Violations);
    }
}
