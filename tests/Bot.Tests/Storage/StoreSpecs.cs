using Bot.Discord.Abstractions;
using Bot.Storage;
using Bot.Tests.Moderation;
using Bot.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>
/// The stores behind moderation, the question log, the reports and the cooldown, with the same assertions on every
/// provider: SQLite, and PostgreSQL when its specs run (see <see cref="TestStorage.Providers"/>).
/// </summary>
public sealed class StoreSpecs
{
    private static readonly Snowflake Guild = ModerationHarness.Guild;
    private static readonly Snowflake General = ModerationHarness.General;
    private static readonly Snowflake OtherGuild = new(111_111_111_111_111_111);
    private static readonly Snowflake Moderator = new(1);

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task A_change_is_stored_with_its_audit_line_and_repeating_it_changes_nothing(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var store = stores.Moderation;

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

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task Every_change_that_changes_nothing_says_so(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var store = stores.Moderation;
        ModerationChange[] changes =
        [
            new ModerationChange.AllowChannel(new Snowflake(10)),
            new ModerationChange.DenyChannel(new Snowflake(11)),
            new ModerationChange.BlockUser(new Snowflake(20), "flooding"),
            new ModerationChange.SetPrivateReplies(true),
            new ModerationChange.SetModeratorRole(new Snowflake(30)),
            new ModerationChange.AddAlias("hermit kingdom", "north korea"),
        ];

        var firstTime = new List<bool>();
        var secondTime = new List<bool>();
        foreach (var change in changes)
        {
            firstTime.Add(await store.ApplyAsync(change, Audit("change", change.ToString(), null), CancellationToken.None));
        }

        foreach (var change in changes)
        {
            secondTime.Add(await store.ApplyAsync(change, Audit("change", change.ToString(), null), CancellationToken.None));
        }

        var reblockForAnotherReason = await store.ApplyAsync(new ModerationChange.BlockUser(new Snowflake(20), "spam"), Audit("block", "again", "spam"), CancellationToken.None);
        var undo = new[]
        {
            await store.ApplyAsync(new ModerationChange.UnblockUser(new Snowflake(20)), Audit("unblock", "u", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.UnblockUser(new Snowflake(20)), Audit("unblock", "u", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.RemoveAlias("hermit kingdom"), Audit("aliases remove", "a", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.RemoveAlias("hermit kingdom"), Audit("aliases remove", "a", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.SetModeratorRole(null), Audit("role clear", "r", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.SetModeratorRole(null), Audit("role clear", "r", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.ResetChannels(), Audit("channels reset", "c", null), CancellationToken.None),
            await store.ApplyAsync(new ModerationChange.ResetChannels(), Audit("channels reset", "c", null), CancellationToken.None),
        };

        Assert.All(firstTime, Assert.True);
        Assert.All(secondTime, Assert.False);
        Assert.True(reblockForAnotherReason);
        Assert.Equal([true, false, true, false, true, false, true, false], undo);
        Assert.Equal(GuildModeration.Default(Guild) with { PrivateReplies = true }, await store.LoadAsync(Guild, CancellationToken.None) with { AllowedChannels = [], DeniedChannels = [], Blocked = [], Aliases = [] });
        Assert.Equal(changes.Length + 5, (await store.AuditLogAsync(Guild, 100, CancellationToken.None)).Count);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task Every_setting_is_kept_per_server_and_read_back_by_a_process_started_afterwards(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using (var harness = new ModerationHarness(storage.Settings))
        {
            var store = harness.Services.GetRequiredService<IModerationStore>();
            await store.ApplyAsync(new ModerationChange.AllowChannel(new Snowflake(10)), Audit("channels allow", "allowed", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.DenyChannel(new Snowflake(11)), Audit("channels deny", "denied", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.BlockUser(new Snowflake(20), "flooding"), Audit("block", "blocked", "flooding"), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.SetCooldown(45), Audit("cooldown", "45", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.SetPrivateReplies(true), Audit("visibility", "private", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.SetModeratorRole(new Snowflake(30)), Audit("role set", "role", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.AddAlias("hermit kingdom", "north korea"), Audit("aliases add", "alias", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.AddAlias("Rocket man", "kim jong un"), Audit("aliases add", "alias", null), CancellationToken.None);
            await store.ApplyAsync(new ModerationChange.SetCooldown(5), Audit("cooldown", "5", null, OtherGuild), CancellationToken.None);
        }

        SqliteConnection.ClearAllPools();
        await using var restarted = new ModerationHarness(storage.Settings);
        var reopened = restarted.Services.GetRequiredService<IModerationStore>();
        var settings = await reopened.LoadAsync(Guild, CancellationToken.None);
        var other = await reopened.LoadAsync(OtherGuild, CancellationToken.None);

        Assert.Equal([new Snowflake(10)], settings.AllowedChannels);
        Assert.Equal([new Snowflake(11)], settings.DeniedChannels);
        Assert.Equal((new Snowflake(20), "flooding", Moderator), (settings.Blocked[0].UserId, settings.Blocked[0].Reason, settings.Blocked[0].BlockedBy));
        Assert.Equal(Audit("x", "x", null).At, settings.Blocked[0].BlockedAt);
        Assert.Equal(45, settings.CooldownSeconds);
        Assert.True(settings.PrivateReplies);
        Assert.Equal(new Snowflake(30), settings.ModeratorRoleId);
        Assert.Equal([("Rocket man", "kim jong un"), ("hermit kingdom", "north korea")], settings.Aliases.Select(alias => (alias.Term, alias.Means)));
        Assert.Equal(GuildModeration.Default(OtherGuild) with { CooldownSeconds = 5 }, other with { AllowedChannels = [], DeniedChannels = [], Blocked = [], Aliases = [] });
        Assert.Empty(other.Aliases);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task Retention_deletes_questions_older_than_the_cutoff_with_their_votes(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var (log, feedback, reports, now) = (stores.Log, stores.Feedback, stores.Reports, stores.Now);
        var old = await log.RecordAsync(Asked("old question", now.AddDays(-100)), CancellationToken.None);
        await log.RecordAsync(Asked("new question", now.AddDays(-1)), CancellationToken.None);
        await feedback.RecordAsync(new FeedbackVote(old, new Snowflake(6), Helpful: false, now), CancellationToken.None);

        var deleted = await reports.DeleteAskedBeforeAsync(now.AddDays(-90), CancellationToken.None);

        Assert.Equal(1, deleted);
        Assert.Null(await log.FindAsync(old, CancellationToken.None));
        Assert.Equal(["new question"], await reports.UnansweredAsync(Guild, now.AddDays(-365), 10, CancellationToken.None));
        Assert.Empty(await reports.NotHelpfulAsync(Guild, now.AddDays(-365), 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task Questions_still_being_written_are_counted_by_the_reports_and_found_by_votes(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var (log, feedback, reports, now) = (stores.Log, stores.Feedback, stores.Reports, stores.Now);
        var writes = Enumerable.Range(1, 20)
            .Select(i => log.RecordAsync(Asked($"question {i}", now, 1000 + i), CancellationToken.None))
            .ToList();

        var vote = await feedback.RecordAsync(new FeedbackVote(1020, new Snowflake(6), Helpful: false, now), CancellationToken.None);
        var stats = await reports.StatsAsync(Guild, now.AddDays(-1), 5, CancellationToken.None);

        Assert.Equal(FeedbackOutcome.Recorded, vote);
        Assert.Equal(20, stats.Asked);
        Assert.Equal(Enumerable.Range(1001, 20).Select(id => (long)id), await Task.WhenAll(writes));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task A_question_the_table_refuses_fails_alone_and_the_questions_written_with_it_are_kept(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var (log, now) = (stores.Log, stores.Now);
        await log.RecordAsync(Asked("first", now, 7), CancellationToken.None);

        var before = log.RecordAsync(Asked("before", now, 8), CancellationToken.None);
        var replayed = log.RecordAsync(Asked("first again", now, 7), CancellationToken.None);
        var after = log.RecordAsync(Asked("after", now, 9), CancellationToken.None);

        var refused = await Assert.ThrowsAnyAsync<Exception>(() => replayed);
        Assert.True(TestStorage.IsDuplicateKey(refused), refused.ToString()); // id 7 is taken
        Assert.Equal(new long[] { 8, 9 }, await Task.WhenAll(before, after));
        Assert.Equal(["first", "before", "after"], (await Task.WhenAll(new long[] { 7, 8, 9 }.Select(id => log.FindAsync(id, CancellationToken.None)))).Select(q => q?.Question));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task A_vote_is_recorded_changed_or_left_as_it_was_and_one_on_an_unknown_question_is_refused(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var (log, feedback, now) = (stores.Log, stores.Feedback, stores.Now);
        var question = await log.RecordAsync(new QuestionRecord(Guild, General, new Snowflake(5), "asked", true, "FT · Xi · ¶1", now), CancellationToken.None);

        var outcomes = new[]
        {
            await feedback.RecordAsync(new FeedbackVote(question, new Snowflake(6), Helpful: true, now), CancellationToken.None),
            await feedback.RecordAsync(new FeedbackVote(question, new Snowflake(6), Helpful: true, now), CancellationToken.None),
            await feedback.RecordAsync(new FeedbackVote(question, new Snowflake(6), Helpful: false, now), CancellationToken.None),
            await feedback.RecordAsync(new FeedbackVote(question, new Snowflake(7), Helpful: false, now), CancellationToken.None),
            await feedback.RecordAsync(new FeedbackVote(question + 1000, new Snowflake(6), Helpful: true, now), CancellationToken.None),
        };
        var found = await log.FindAsync(question, CancellationToken.None);

        Assert.Equal([FeedbackOutcome.Recorded, FeedbackOutcome.Unchanged, FeedbackOutcome.Changed, FeedbackOutcome.Recorded, FeedbackOutcome.UnknownQuestion], outcomes);
        Assert.Equal(new QuestionRecord(Guild, General, new Snowflake(5), "asked", true, "FT · Xi · ¶1", now, question), found);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task The_reports_count_questions_answers_askers_votes_and_the_busiest_channels(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var (log, feedback, reports, now) = (stores.Log, stores.Feedback, stores.Reports, stores.Now);
        var (a, b) = (new Snowflake(100), new Snowflake(200));
        var answered = await log.RecordAsync(new QuestionRecord(Guild, a, new Snowflake(5), "answered in a", true, "cite", now.AddHours(-3)), CancellationToken.None);
        await log.RecordAsync(new QuestionRecord(Guild, a, new Snowflake(6), "unanswered in a", false, null, now.AddHours(-2)), CancellationToken.None);
        await log.RecordAsync(new QuestionRecord(Guild, b, new Snowflake(5), "unanswered in b", false, null, now.AddHours(-1)), CancellationToken.None);
        await log.RecordAsync(new QuestionRecord(Guild, null, new Snowflake(5), "in no channel", true, "cite", now.AddHours(-1)), CancellationToken.None);
        await log.RecordAsync(new QuestionRecord(OtherGuild, a, new Snowflake(5), "another server", false, null, now), CancellationToken.None);
        await log.RecordAsync(new QuestionRecord(Guild, a, new Snowflake(5), "too old", false, null, now.AddDays(-10)), CancellationToken.None);
        foreach (var (voter, helpful) in new[] { (7UL, false), (8UL, false), (9UL, true) })
        {
            await feedback.RecordAsync(new FeedbackVote(answered, new Snowflake(voter), helpful, now), CancellationToken.None);
        }

        var since = now.AddDays(-1);
        var stats = await reports.StatsAsync(Guild, since, 2, CancellationToken.None);
        var unanswered = await reports.UnansweredAsync(Guild, since, 10, CancellationToken.None);
        var notHelpful = await reports.NotHelpfulAsync(Guild, since, 10, CancellationToken.None);

        Assert.Equal((4, 2, 2, 1, 2), (stats.Asked, stats.Answered, stats.Askers, stats.Helpful, stats.NotHelpful));
        Assert.Equal([new ChannelCount(a, 2), new ChannelCount(null, 1)], stats.BusiestChannels);
        Assert.Equal(["unanswered in b", "unanswered in a"], unanswered);
        Assert.Equal([new VotedAnswer("answered in a", "cite", 1, 2, now.AddHours(-3))], notHelpful);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task The_cooldown_records_an_ask_once_per_period_and_of_many_asks_at_once_lets_exactly_one_through(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var (cooldowns, now) = (stores.Cooldowns, stores.Now);
        var minute = TimeSpan.FromMinutes(1);
        var (member, other) = (new Snowflake(5), new Snowflake(6));

        var first = await cooldowns.TryAskAsync(Guild, member, now, minute, CancellationToken.None);
        var tooSoon = await cooldowns.TryAskAsync(Guild, member, now.AddSeconds(20), minute, CancellationToken.None);
        var elsewhere = await cooldowns.TryAskAsync(OtherGuild, member, now.AddSeconds(20), minute, CancellationToken.None);
        var someoneElse = await cooldowns.TryAskAsync(Guild, other, now.AddSeconds(20), minute, CancellationToken.None);
        var shorterCooldown = await cooldowns.TryAskAsync(Guild, member, now.AddSeconds(30), TimeSpan.FromSeconds(30), CancellationToken.None);
        var atOnce = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => cooldowns.TryAskAsync(Guild, member, now.AddMinutes(5), minute, CancellationToken.None).AsTask()));

        Assert.Equal(TimeSpan.Zero, first);
        Assert.Equal(TimeSpan.FromSeconds(40), tooSoon);
        Assert.Equal(TimeSpan.Zero, elsewhere);
        Assert.Equal(TimeSpan.Zero, someoneElse);
        Assert.Equal(TimeSpan.Zero, shorterCooldown);
        Assert.Single(atOnce, wait => wait == TimeSpan.Zero);
        Assert.All(atOnce.Where(wait => wait != TimeSpan.Zero), wait => Assert.Equal(minute, wait));
    }

    /// <summary>An unanswered question member 5 asked outside any channel.</summary>
    private static QuestionRecord Asked(string question, DateTimeOffset at, long id = 0) => new(Guild, null, new Snowflake(5), question, false, null, at, id);

    private static AuditEntry Audit(string action, string details, string? reason, Snowflake? guild = null) =>
        new(guild ?? Guild, Moderator, action, details, reason, DateTimeOffset.UnixEpoch.AddYears(56));
}
