using System.ComponentModel.DataAnnotations;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Hosting;

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

    /// <summary>The parsed <see cref="GuildId"/>; <c>null</c> when empty (validation reports one that is not a snowflake).</summary>
    public Snowflake? Guild => Snowflake.TryParse(GuildId?.Trim(), out var guild) ? guild : null;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Uri.TryCreate(ApiBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("Discord:ApiBaseUrl must be an absolute http or https URL.", [nameof(ApiBaseUrl)]);
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
    }

    /// <summary>Prints everything but the token, so the options can be logged safely.</summary>
    public override string ToString() =>
        $"DiscordOptions {{ Token = {(string.IsNullOrEmpty(Token) ? "(empty)" : "(hidden)")}, ApiBaseUrl = {ApiBaseUrl}, GuildId = {GuildId}, Intents = {Intents} }}";
}
