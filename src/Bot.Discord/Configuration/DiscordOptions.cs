using System.ComponentModel.DataAnnotations;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Configuration;

/// <summary>
/// The <c>Discord</c> configuration section. <see cref="Token"/> is a secret: it is left out of
/// <see cref="ToString"/> and never written to a log line or an exception message.
/// </summary>
public sealed record DiscordOptions : IValidatableObject
{
    public const string SectionName = "Discord";

    /// <summary>The bot token from the developer portal (sent as <c>Authorization: Bot &lt;token&gt;</c>).</summary>
    [Required(ErrorMessage = "Discord:Token is required.")]
    public string Token { get; init; } = "";

    /// <summary>REST base URL; the loopback emulator in the end-to-end tests replaces it.</summary>
    public string ApiBaseUrl { get; init; } = "https://discord.com/api/v10";

    /// <summary>
    /// Discord's CDN, where uploaded attachments are stored: the only place attachments are downloaded from (the loopback
    /// emulator in the end-to-end tests replaces it). See docs/reference.mdx, "Image Formatting", CDN endpoints.
    /// </summary>
    public string CdnBaseUrl { get; init; } = "https://cdn.discordapp.com";

    /// <summary>When set, commands are published to this guild (instant) instead of globally.</summary>
    public string? GuildId { get; init; }

    /// <summary>Gateway intents; 0 because the bot only serves interactions (docs/events--gateway.mdx, "Gateway Intents").</summary>
    public int Intents { get; init; }

    /// <summary>How long a handler may take before the client defers on its behalf (Discord allows 3 s).</summary>
    public TimeSpan AutoDeferAfter { get; init; } = TimeSpan.FromSeconds(2.5);

    /// <summary>
    /// REST connections to Discord at most (<c>SocketsHttpHandler.MaxConnectionsPerServer</c>); more requests wait their
    /// turn. Unbounded, an overloaded bot opened 6,007 (issue 19), which Discord treats as abuse. 64 requests in flight
    /// at Discord's ~0.1 s a request carry about 640 a second, more than two cores answer.
    /// </summary>
    public int MaxRestConnections { get; init; } = 64;

    /// <summary>
    /// How many shards the guilds are split into; unset: the <c>shards</c> that <c>GET /gateway/bot</c> recommends.
    /// Every process of one bot must use the same count (docs/events--gateway.mdx, "Sharding").
    /// </summary>
    public int? ShardCount { get; init; }

    /// <summary>Which shard ids this process runs: <c>0-3</c>, <c>0,2</c>, <c>0-1,4</c>; empty: every shard.</summary>
    public string? Shards { get; init; }

    /// <summary><c>gateway</c> (default): a websocket per shard. <c>http</c>: Discord POSTs interactions to <see cref="Http"/>.</summary>
    public string Mode { get; init; } = GatewayMode;

    /// <summary>The application's public key (developer portal, General Information; 64 hex digits): verifies HTTP interactions.</summary>
    public string? PublicKey { get; init; }

    /// <summary>The HTTP interactions endpoint (<c>Discord:Http:*</c>), used in http mode.</summary>
    public DiscordHttpOptions Http { get; init; } = new();

    public const string GatewayMode = "gateway";

    public const string HttpMode = "http";

    /// <summary>Whether interactions come over HTTP rather than the gateway.</summary>
    public bool IsHttpMode => string.Equals(Mode?.Trim(), HttpMode, StringComparison.OrdinalIgnoreCase);

    /// <summary>The parsed <see cref="Shards"/>; every shard when it cannot be read (validation reports that).</summary>
    public ShardSelection ShardSelection => ShardSelection.TryParse(Shards, out var selection, out _) ? selection : ShardSelection.All;

    /// <summary>The parsed <see cref="GuildId"/>; <c>null</c> when empty (validation reports one that is not a snowflake).</summary>
    public Snowflake? Guild => Snowflake.TryParse(GuildId?.Trim(), out var guild) ? guild : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Discord:ApiBaseUrl must be an absolute http or https URL.", [nameof(ApiBaseUrl)]);
        }

        if (!Uri.TryCreate(CdnBaseUrl, UriKind.Absolute, out var cdn) || (cdn.Scheme != Uri.UriSchemeHttp && cdn.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Discord:CdnBaseUrl must be an absolute http or https URL.", [nameof(CdnBaseUrl)]);
        }

        if (!string.IsNullOrWhiteSpace(GuildId) && !Snowflake.TryParse(GuildId.Trim(), out _))
        {
            yield return new ValidationResult("Discord:GuildId must be a snowflake (a decimal number) when set.", [nameof(GuildId)]);
        }

        if (Intents < 0)
        {
            yield return new ValidationResult("Discord:Intents must not be negative.", [nameof(Intents)]);
        }

        if (MaxRestConnections is < 1 or > 1024)
        {
            yield return new ValidationResult("Discord:MaxRestConnections must be between 1 and 1024.", [nameof(MaxRestConnections)]);
        }

        if (AutoDeferAfter <= TimeSpan.Zero || AutoDeferAfter >= TimeSpan.FromSeconds(3))
        {
            yield return new ValidationResult("Discord:AutoDeferAfter must be between 0 and 3 seconds.", [nameof(AutoDeferAfter)]);
        }

        foreach (var problem in ShardProblems().Concat(ModeProblems()))
        {
            yield return problem;
        }
    }

    private IEnumerable<ValidationResult> ShardProblems()
    {
        if (ShardCount is < 1 or > ShardSelection.MaxShards)
        {
            yield return new ValidationResult($"Discord:ShardCount must be between 1 and {ShardSelection.MaxShards} when set (it is {ShardCount}).", [nameof(ShardCount)]);
        }

        if (!ShardSelection.TryParse(Shards, out var selection, out var problem))
        {
            yield return new ValidationResult(problem, [nameof(Shards)]);
        }
        else if (ShardCount is >= 1 and <= ShardSelection.MaxShards && selection.Resolve(ShardCount.Value, out problem) is null)
        {
            yield return new ValidationResult(problem, [nameof(Shards)]);
        }
    }

    private IEnumerable<ValidationResult> ModeProblems()
    {
        if (!IsHttpMode && !string.Equals(Mode?.Trim(), GatewayMode, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"Discord:Mode must be gateway or http (it is \"{Mode}\").", [nameof(Mode)]);
            yield break;
        }

        if (!IsHttpMode)
        {
            yield break;
        }

        if (!DiscordHttpOptions.IsPublicKey(PublicKey))
        {
            yield return new ValidationResult("Discord:PublicKey must be the application's public key (64 hex digits, developer portal → General Information) in http mode.", [nameof(PublicKey)]);
        }

        foreach (var problem in Http.Problems())
        {
            yield return new ValidationResult(problem, [nameof(Http)]);
        }
    }

    /// <summary>Prints everything but the token, so the options can be logged safely.</summary>
    public override string ToString() =>
        $"DiscordOptions {{ Token = {(string.IsNullOrEmpty(Token) ? "(empty)" : "(hidden)")}, ApiBaseUrl = {ApiBaseUrl}, GuildId = {GuildId}, Intents = {Intents}, Mode = {Mode}, ShardCount = {ShardCount}, Shards = {Shards} }}";
}
