using Bot.Discord.Abstractions;
using Bot.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Moderation;

/// <summary>The SQLite store behind moderation: one file, versioned schema, one transaction per change with its audit line.</summary>
public sealed class ModerationStoreSpecs
{
    private static readonly Snowflake Guild = ModerationHarness.Guild;
    private static readonly Snowflake OtherGuild = new(111_111_111_111_111_111);
    private static readonly Snowflake Moderator = new(1);

    [Fact]
    public async Task The_database_file_is_created_on_first_use_in_WAL_mode_with_every_schema_step_recorded()
    {
        await using var harness = new ModerationHarness();
        var database = harness.Services.GetRequiredService<SqliteDatabase>();

        await database.MigrateAsync(CancellationToken.None);

        Assert.True(File.Exists(Path.Combine(harness.Folder, "data", "bot.db")));
        await using var connection = await database.OpenAsync(CancellationToken.None);
        Assert.Equal("wal", await ScalarAsync(connection, "PRAGMA journal_mode;"));
        Assert.Equal("1,2", await ScalarAsync(connection, "SELECT group_concat(version) FROM (SELECT version FROM schema_version ORDER BY version);"));
    }

    [Fact]
    public async Task A_change_is_stored_with_its_audit_line_and_repeating_it_changes_nothing()
    {
        await using var harness = new ModerationHarness();
        var store = harness.Services.GetRequiredService<IModerationStore>();

        var first = await store.ApplyAsync(new ModerationChange.SetCooldown(30), Audit("cooldown", "cooldown 30 seconds", "spam"), CancellationToken.None);
        var repeat = await store.ApplyAsync(new ModerationChange.SetCooldown(30), Audit("cooldown", "cooldown 30 seconds", null), CancellationToken.None);
        var backToDefault = await store.ApplyAsync(new ModerationChange.SetCooldown(0), Audit("cooldown", "cooldown off", null), CancellationToken.None);
        var defaultOnFreshServer = await store.ApplyAsync(new ModerationChange.SetPrivateReplies(false), Audit("visibility", "replies public", null, OtherGuild), CancellationToken.None);
        var log = await store.AuditLogAsync(Guild, 10, CancellationToken.None);

        Assert.True(first);
        Assert.False(repeat);
        Assert.True(backToDefault);
        Assert.False(defaultOnFreshServer);
        Assert.Equal(["cooldown off", "cooldown 30 seconds"], log.Select(entry => entry.Details));
        Assert.Equal("spam", log[1].Reason);
        Assert.Empty(await store.AuditLogAsync(OtherGuild, 10, CancellationToken.None));
    }

    [Fact]
    public async Task Every_setting_is_kept_per_server_and_read_back_after_reopening_the_file()
    {
        await using var harness = new ModerationHarness();
        var store = harness.Services.GetRequiredService<IModerationStore>();
        await store.ApplyAsync(new ModerationChange.AllowChannel(new Snowflake(10)), Audit("channels allow", "allowed", null), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.DenyChannel(new Snowflake(11)), Audit("channels deny", "denied", null), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.BlockUser(new Snowflake(20), "flooding"), Audit("block", "blocked", "flooding"), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.SetCooldown(45), Audit("cooldown", "45", null), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.SetPrivateReplies(true), Audit("visibility", "private", null), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.SetModeratorRole(new Snowflake(30)), Audit("role set", "role", null), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.AddAlias("hermit kingdom", "north korea"), Audit("aliases add", "alias", null), CancellationToken.None);
        await store.ApplyAsync(new ModerationChange.SetCooldown(5), Audit("cooldown", "5", null, OtherGuild), CancellationToken.None);
        SqliteConnection.ClearAllPools();

        var reopened = new SqliteModerationStore(harness.Services.GetRequiredService<SqliteDatabase>());
        var settings = await reopened.LoadAsync(Guild, CancellationToken.None);
        var other = await reopened.LoadAsync(OtherGuild, CancellationToken.None);

        Assert.Equal([new Snowflake(10)], settings.AllowedChannels);
        Assert.Equal([new Snowflake(11)], settings.DeniedChannels);
        Assert.Equal((new Snowflake(20), "flooding", Moderator), (settings.Blocked[0].UserId, settings.Blocked[0].Reason, settings.Blocked[0].BlockedBy));
        Assert.Equal(45, settings.CooldownSeconds);
        Assert.True(settings.PrivateReplies);
        Assert.Equal(new Snowflake(30), settings.ModeratorRoleId);
        Assert.Equal(("hermit kingdom", "north korea"), (settings.Aliases[0].Term, settings.Aliases[0].Means));
        Assert.Equal(GuildModeration.Default(OtherGuild) with { CooldownSeconds = 5 }, other with { AllowedChannels = [], DeniedChannels = [], Blocked = [], Aliases = [] });
        Assert.Empty(other.Aliases);
    }

    [Fact]
    public async Task Retention_deletes_questions_older_than_the_cutoff_with_their_votes()
    {
        await using var harness = new ModerationHarness();
        var log = harness.Services.GetRequiredService<IQuestionLog>();
        var feedback = harness.Services.GetRequiredService<IFeedbackStore>();
        var reports = harness.Services.GetRequiredService<IQuestionReports>();
        var now = harness.Clock.GetUtcNow();
        var old = await log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "old question", false, null, now.AddDays(-100)), CancellationToken.None);
        await log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "new question", false, null, now.AddDays(-1)), CancellationToken.None);
        await feedback.RecordAsync(new FeedbackVote(old, new Snowflake(6), Helpful: false, now), CancellationToken.None);

        var deleted = await reports.DeleteAskedBeforeAsync(now.AddDays(-90), CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Null(await log.FindAsync(old, CancellationToken.None));
        Assert.Equal(["new question"], await reports.UnansweredAsync(Guild, now.AddDays(-365), 10, CancellationToken.None));
        Assert.Empty(await reports.NotHelpfulAsync(Guild, now.AddDays(-365), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Questions_still_being_written_are_counted_by_the_reports_and_found_by_votes()
    {
        await using var harness = new ModerationHarness();
        var log = harness.Services.GetRequiredService<IQuestionLog>();
        var feedback = harness.Services.GetRequiredService<IFeedbackStore>();
        var reports = harness.Services.GetRequiredService<IQuestionReports>();
        var now = harness.Clock.GetUtcNow();
        var writes = Enumerable.Range(1, 20)
            .Select(i => log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), $"question {i}", false, null, now, Id: 1000 + i), CancellationToken.None))
            .ToList();

        var vote = await feedback.RecordAsync(new FeedbackVote(1020, new Snowflake(6), Helpful: false, now), CancellationToken.None);
        var stats = await reports.StatsAsync(Guild, now.AddDays(-1), 5, CancellationToken.None);

        Assert.Equal(FeedbackOutcome.Recorded, vote);
        Assert.Equal(20, stats.Asked);
        Assert.Equal(Enumerable.Range(1001, 20).Select(id => (long)id), await Task.WhenAll(writes));
    }

    [Fact]
    public async Task A_question_the_table_refuses_fails_alone_and_the_questions_written_with_it_are_kept()
    {
        await using var harness = new ModerationHarness();
        var log = harness.Services.GetRequiredService<IQuestionLog>();
        var now = harness.Clock.GetUtcNow();
        await log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "first", false, null, now, Id: 7), CancellationToken.None);

        var before = log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "before", false, null, now, Id: 8), CancellationToken.None);
        var replayed = log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "first again", false, null, now, Id: 7), CancellationToken.None);
        var after = log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "after", false, null, now, Id: 9), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<StorageException>(() => replayed);
        Assert.Equal(19, Assert.IsType<SqliteException>(refused.InnerException).SqliteErrorCode); // SQLITE_CONSTRAINT: id 7 is taken
        Assert.Equal(new long[] { 8, 9 }, await Task.WhenAll(before, after));
        Assert.Equal(["first", "before", "after"], (await Task.WhenAll(new long[] { 7, 8, 9 }.Select(id => log.FindAsync(id, CancellationToken.None)))).Select(q => q?.Question));
    }

    private static AuditEntry Audit(string action, string details, string? reason, Snowflake? guild = null) =>
        new(guild ?? Guild, Moderator, action, details, reason, DateTimeOffset.UnixEpoch.AddYears(56));

    private static async Task<string?> ScalarAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
