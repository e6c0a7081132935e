using Bot.Discord.Abstractions;
using Bot.Storage;
using Bot.Tests.Moderation;
using Bot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Tests.Storage;

/// <summary>
/// The store of each server's own articles, with the same assertions on every provider: SQLite, and PostgreSQL when its
/// specs run (see <see cref="TestStorage.Providers"/>).
/// </summary>
public sealed class ArticleStoreSpecs
{
    private static readonly Snowflake Guild = ModerationHarness.Guild;
    private static readonly Snowflake OtherGuild = new(111_111_111_111_111_111);
    private static readonly ArticleLimits Roomy = new(500, 50L * 1024 * 1024);

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task An_added_article_is_stored_with_its_audit_line_for_its_server_only(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var store = stores.Articles;

        var outcome = await store.AddAsync(Guild, Article("ferry-times", "sha-1"), Roomy, Audit("added ({article})"), CancellationToken.None);
        var library = await store.LoadAsync(Guild, CancellationToken.None);
        var other = await store.LoadAsync(OtherGuild, CancellationToken.None);
        var log = await stores.Moderation.AuditLogAsync(Guild, 10, CancellationToken.None);

        Assert.Equal(new ArticleAddOutcome.Added("ferry-times"), outcome);
        var stored = Assert.Single(library.Articles);
        Assert.Equal("ferry-times", stored.Info.Id);
        Assert.Equal("Ferry times", stored.Info.Title);
        Assert.Contains("The ferry leaves at seven.", stored.Source);
        Assert.True(library.ShippedArticles);
        Assert.Equal(1, library.Revision);
        Assert.Empty(other.Articles);
        Assert.Equal(0, other.Revision);
        Assert.Equal("added (ferry-times)", Assert.Single(log).Details);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task A_duplicate_is_refused_a_taken_id_gets_a_number_and_the_limits_hold(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var store = stores.Articles;
        var tight = new ArticleLimits(2, 10_000);

        await store.AddAsync(Guild, Article("ferry-times", "sha-1"), tight, Audit("added"), CancellationToken.None);
        var duplicate = await store.AddAsync(Guild, Article("other-name", "sha-1"), tight, Audit("added"), CancellationToken.None);
        var sameId = await store.AddAsync(Guild, Article("ferry-times", "sha-2"), tight, Audit("added"), CancellationToken.None);
        var third = await store.AddAsync(Guild, Article("more", "sha-3"), tight, Audit("added"), CancellationToken.None);
        var tooLong = await store.AddAsync(OtherGuild, Article("long", "sha-4", bytes: 20_000), tight, Audit("added", OtherGuild), CancellationToken.None);
        var sameTextElsewhere = await store.AddAsync(OtherGuild, Article("ferry-times", "sha-1"), tight, Audit("added", OtherGuild), CancellationToken.None);
        var library = await store.LoadAsync(Guild, CancellationToken.None);

        Assert.Equal(new ArticleAddOutcome.Duplicate("ferry-times", "Ferry times"), duplicate);
        Assert.Equal(new ArticleAddOutcome.Added("ferry-times-2"), sameId);
        Assert.Equal(new ArticleAddOutcome.TooMany(2), third);
        Assert.Equal(new ArticleAddOutcome.TooMuchText(0, 10_000), tooLong);
        Assert.Equal(new ArticleAddOutcome.Added("ferry-times"), sameTextElsewhere);
        Assert.Equal(["ferry-times", "ferry-times-2"], library.Articles.Select(article => article.Info.Id));
        Assert.Contains("id: ferry-times-2\n", library.Articles[1].Source);
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task Remove_and_the_shipped_setting_count_revisions_and_say_when_nothing_changed(string provider)
    {
        await using var stores = await FreshStores.CreateAsync(provider);
        var store = stores.Articles;
        await store.AddAsync(Guild, Article("ferry-times", "sha-1"), Roomy, Audit("added"), CancellationToken.None);

        var removed = await store.RemoveAsync(Guild, "ferry-times", Audit("removed"), CancellationToken.None);
        var again = await store.RemoveAsync(Guild, "ferry-times", Audit("removed"), CancellationToken.None);
        var alreadyOn = await store.SetShippedAsync(Guild, true, Audit("on"), CancellationToken.None);
        var off = await store.SetShippedAsync(Guild, false, Audit("off"), CancellationToken.None);
        var offOnFreshServer = await store.SetShippedAsync(OtherGuild, false, Audit("off", OtherGuild), CancellationToken.None);
        var library = await store.LoadAsync(Guild, CancellationToken.None);
        var log = await stores.Moderation.AuditLogAsync(Guild, 10, CancellationToken.None);

        Assert.True(removed);
        Assert.False(again);
        Assert.False(alreadyOn);
        Assert.True(off);
        Assert.True(offOnFreshServer);
        Assert.Empty(library.Articles);
        Assert.False(library.ShippedArticles);
        Assert.Equal(3, library.Revision);
        Assert.Equal(3, await store.RevisionAsync(Guild, CancellationToken.None));
        Assert.Equal(["off", "removed", "added"], log.Select(entry => entry.Details));
    }

    [Theory]
    [MemberData(nameof(TestStorage.Providers), MemberType = typeof(TestStorage))]
    public async Task Two_processes_adding_at_once_cannot_pass_the_article_limit_together(string provider)
    {
        await using var storage = await TestStorage.CreateAsync(provider);
        await using var first = new ModerationHarness(storage.Settings);
        await using var second = new ModerationHarness(provider == "sqlite" ? null : storage.Settings);
        var stores = provider == "sqlite"
            ? [first.Services.GetRequiredService<IArticleStore>(), first.Services.GetRequiredService<IArticleStore>()]
            : new[] { first.Services.GetRequiredService<IArticleStore>(), second.Services.GetRequiredService<IArticleStore>() };
        var limit = new ArticleLimits(5, 1_000_000);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 12).Select(n => Task.Run(() => stores[n % 2].AddAsync(Guild, Article($"a-{n}", $"sha-{n}"), limit, Audit("added"), CancellationToken.None))));
        var library = await stores[0].LoadAsync(Guild, CancellationToken.None);

        Assert.Equal(5, outcomes.Count(outcome => outcome is ArticleAddOutcome.Added));
        Assert.Equal(7, outcomes.Count(outcome => outcome is ArticleAddOutcome.TooMany));
        Assert.Equal(5, library.Articles.Count);
    }

    private static GuildArticle Article(string id, string sha, int bytes = 100)
    {
        var source = $"---\nid: {id}\ntitle: Ferry times\n---\nThe ferry leaves at seven.\n";
        return new GuildArticle(new GuildArticleInfo(id, "Ferry times", $"{id}.txt", 1, bytes, new Snowflake(1), DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)), source, sha);
    }

    private static AuditEntry Audit(string details, Snowflake? guild = null) =>
        new(guild ?? Guild, new Snowflake(1), "articles add", details, null, DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
}
