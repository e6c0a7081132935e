using Bot.Discord.Abstractions;
using Bot.Storage;

namespace Bot.Tests.Storage;

/// <summary>The SQLite deployment's cooldown, kept in memory: it forgets members whose cooldown has long run out.</summary>
public sealed class InMemoryAskCooldownsSpecs
{
    private static readonly Snowflake Guild = new(1);

    private static readonly DateTimeOffset Start = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_busy_server_forgets_members_who_asked_over_an_hour_ago_but_not_the_recent_ones()
    {
        var cooldowns = new InMemoryAskCooldowns();
        var minute = TimeSpan.FromMinutes(1);
        for (var user = 1; user <= InMemoryAskCooldowns.PruneAbove + 5; user++)
        {
            await cooldowns.TryAskAsync(Guild, new Snowflake((ulong)user), Start, minute, CancellationToken.None);
        }

        var remembered = cooldowns.Remembered;
        var later = Start.AddHours(2);
        var recent = new Snowflake(999_999);
        await cooldowns.TryAskAsync(Guild, recent, later, minute, CancellationToken.None);
        var again = await cooldowns.TryAskAsync(Guild, recent, later.AddSeconds(1), minute, CancellationToken.None);

        Assert.Equal(InMemoryAskCooldowns.PruneAbove + 5, remembered);
        Assert.Equal(1, cooldowns.Remembered);
        Assert.Equal(TimeSpan.FromSeconds(59), again);
    }

    [Fact]
    public async Task Members_still_within_the_longest_cooldown_are_kept_when_the_map_is_pruned()
    {
        var cooldowns = new InMemoryAskCooldowns();
        for (var user = 1; user <= InMemoryAskCooldowns.PruneAbove + 5; user++)
        {
            await cooldowns.TryAskAsync(Guild, new Snowflake((ulong)user), Start, TimeSpan.FromMinutes(1), CancellationToken.None);
        }

        // Half an hour on: a long cooldown set by a moderator may still hold for every one of them.
        await cooldowns.TryAskAsync(Guild, new Snowflake(999_999), Start.AddMinutes(30), TimeSpan.FromMinutes(1), CancellationToken.None);

        Assert.Equal(InMemoryAskCooldowns.PruneAbove + 6, cooldowns.Remembered);
    }
}
