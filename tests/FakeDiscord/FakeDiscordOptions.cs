namespace FakeDiscord;

/// <summary>How the emulator behaves. Defaults are Discord's own numbers; tests shrink the timings.</summary>
public sealed record FakeDiscordOptions
{
    /// <summary>The only bot token the emulator accepts (REST <c>Authorization: Bot …</c> and gateway IDENTIFY).</summary>
    public string Token { get; init; } = "FAKE.bot-token.for-tests";

    public ulong ApplicationId { get; init; } = 1_100_000_000_000_000_001;

    public string BotUsername { get; init; } = "ArticleBot";

    /// <summary>op 10 HELLO <c>heartbeat_interval</c>; Discord sends 41250 (docs/events--gateway.mdx).</summary>
    public int HeartbeatIntervalMs { get; init; } = 41_250;

    /// <summary>An interaction must be answered this soon after dispatch (docs/interactions--receiving-and-responding.mdx: 3 s).</summary>
    public TimeSpan CallbackDeadline { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>The interaction token works on the webhook endpoints this long (15 min).</summary>
    public TimeSpan InteractionTokenLifetime { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>A connection that has not sent IDENTIFY or RESUME by then is closed with 4003.</summary>
    public TimeSpan IdentifyTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether RESUME is honoured at all; when false every RESUME gets op 9 <c>d: false</c>.</summary>
    public bool AllowResume { get; init; } = true;

    /// <summary>Whether a successful RESUME replays the dispatches the bot missed (Discord does).</summary>
    public bool ResumeReplay { get; init; } = true;

    /// <summary>Gateway send limit: 120 events per connection per 60 s, else close 4008 (docs/events--gateway.mdx).</summary>
    public int GatewaySendLimit { get; init; } = 120;

    public TimeSpan GatewaySendWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Privileged intents enabled for the application in the developer portal; others close with 4014.</summary>
    public long EnabledPrivilegedIntents { get; init; }

    /// <summary>Answer 429 when a per-route bucket or the global 50/s limit is exhausted, as Discord does.</summary>
    public bool EnforceRateLimits { get; init; } = true;

    /// <summary>
    /// 1 (the default, and what every test uses): every request body is validated against Discord's OpenAPI schema.
    /// n above 1 is for load runs only: a body is validated when its shape (property names, nesting, array lengths,
    /// numbers and booleans; not the text of strings) is new for its route's schema, and otherwise every n-th one.
    /// Message limits (content, embeds, components, flags), empty messages, the callback deadline, repeated callbacks
    /// and rate limits are still enforced on every request. NJsonSchema validation cost the emulator more CPU per
    /// interaction than the bot spends answering, so on a shared machine it, not the bot, set the measured rate.
    /// </summary>
    public int SchemaValidationEvery { get; init; } = 1;

    /// <summary>
    /// null (the default, and what every test uses): the emulator remembers every interaction, message, request and
    /// dispatched event for the whole run. A number (load runs only): past that many interactions, the oldest are
    /// forgotten with their messages, and the request log, recorded messages and the session's replay log keep only that
    /// many newest entries (a quarter more between trims). A long soak otherwise grew the emulator by about 40 KB per
    /// interaction, 300,000 of them in a 10-minute soak at 500/s; an interaction
    /// forgotten while the bot still edits it would be answered as unknown (10062), which a load run reports.
    /// </summary>
    public int? HistoryLimit { get; init; }

    /// <summary>Requests per window for every per-route bucket the emulator invents.</summary>
    public int RouteBucketLimit { get; init; } = 5;

    public TimeSpan RouteBucketWindow { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Bot-authorised requests per second before a global 429 (docs/topics--rate-limits.mdx: 50).</summary>
    public int GlobalRequestsPerSecond { get; init; } = 50;

    /// <summary>
    /// Discord only dispatches commands the bot registered. <c>Send…CommandAsync</c> waits this long for the
    /// bot to register the command, then throws, so a test cannot drive a command the bot never declared.
    /// </summary>
    public TimeSpan CommandRegistrationWait { get; init; } = TimeSpan.FromSeconds(5);

    public bool RequireRegisteredCommands { get; init; } = true;

    /// <summary>
    /// <c>GET /gateway/bot</c>'s recommended <c>shards</c>. Discord routes a guild's events to the session of shard
    /// <c>(guild_id &gt;&gt; 22) % count</c> and events without a guild to shard 0 (docs/events--gateway.mdx, "Sharding").
    /// </summary>
    public int Shards { get; init; } = 1;

    /// <summary>
    /// <c>session_start_limit.max_concurrency</c>: IDENTIFYs of shards with the same <c>shard_id % max_concurrency</c> must be
    /// 5 s apart; a sharded IDENTIFY sooner is a violation and gets op 9, as Discord answers it.
    /// </summary>
    public int MaxConcurrency { get; init; } = 1;

    /// <summary>The bot is in too many guilds for fewer shards than <see cref="Shards"/>: such an IDENTIFY is closed with 4011.</summary>
    public bool RequireSharding { get; init; }

    /// <summary>The guild and channel interactions come from unless a test names others.</summary>
    public ulong GuildId { get; init; } = 290_926_798_626_357_999;

    public ulong ChannelId { get; init; } = 645_027_906_669_510_667;
}
