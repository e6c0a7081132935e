using System.Text.Json;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Models;

/// <summary>
/// An application command as sent in a bulk overwrite and as read back from <c>GET</c>.
/// See docs/interactions--application-commands.mdx, "Application Command Object", and
/// <c>ApplicationCommandUpdateRequest</c> in openapi.json.
/// </summary>
internal sealed record ApplicationCommandPayload(
    string Name,
    string? Description,
    int? Type,
    IReadOnlyList<CommandOptionPayload>? Options,
    JsonElement? DefaultMemberPermissions,
    IReadOnlyList<int>? Contexts,
    Snowflake? Id = null);

/// <summary>See docs/interactions--application-commands.mdx, "Application Command Option Structure".</summary>
internal sealed record CommandOptionPayload(
    int Type,
    string Name,
    string Description,
    bool? Required,
    bool? Autocomplete,
    IReadOnlyList<ChoiceBody>? Choices,
    int? MinLength,
    int? MaxLength,
    JsonElement? MinValue,
    JsonElement? MaxValue,
    IReadOnlyList<CommandOptionPayload>? Options);

/// <summary>An error answer. See docs/reference.mdx, "Error Messages", and docs/topics--rate-limits.mdx.</summary>
internal sealed record DiscordErrorBody(int? Code, string? Message, JsonElement? Errors, double? RetryAfter, bool? Global);

/// <summary>The application object from <c>GET /applications/@me</c> (only what the bot reads).</summary>
internal sealed record ApplicationPayload(Snowflake Id, string? Name, string? VerifyKey = null);
