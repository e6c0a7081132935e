using Bot.Discord.Abstractions;

namespace Bot.Discord.Gateway;

/// <summary>
/// One shard of the bot's guilds: IDENTIFY sends it as <c>shard: [id, count]</c>, and Discord sends a guild's events to
/// shard <c>(guild_id &gt;&gt; 22) % count</c>, events without a guild (DMs) to shard 0 (docs/events--gateway.mdx, "Sharding").
/// </summary>
public readonly record struct GatewayShard(int Id, int Count)
{
    /// <summary>One connection for every guild: what a bot in fewer than 2,500 guilds may run.</summary>
    public static GatewayShard Single => new(0, 1);

    /// <summary>The shard Discord sends <paramref name="guild"/>'s events to; 0 for DMs.</summary>
    public static int For(Snowflake? guild, int count) =>
        guild is { } id ? (int)((id.Value >> 22) % (ulong)count) : 0;

    /// <summary>
    /// The identify bucket: shards with the same key may not identify within 5 s of each other
    /// (docs/events--gateway.mdx, "Max Concurrency": <c>rate_limit_key = shard_id % max_concurrency</c>).
    /// </summary>
    public int RateLimitKey(int maxConcurrency) => Id % Math.Max(maxConcurrency, 1);

    /// <summary>"2/4": how the logs name it.</summary>
    public override string ToString() => $"{Id}/{Count}";
}
