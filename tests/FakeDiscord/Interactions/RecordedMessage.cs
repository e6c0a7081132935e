using System.Text.Json;
using System.Text.Json.Nodes;

namespace FakeDiscord;

public enum MessageSource
{
    /// <summary>The <c>data</c> of an interaction callback (types 4 and 7).</summary>
    Callback,

    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/@original</c>.</summary>
    OriginalEdit,

    /// <summary><c>POST /webhooks/{app}/{token}</c>.</summary>
    Followup,

    /// <summary><c>PATCH /webhooks/{app}/{token}/messages/{id}</c> on a follow-up.</summary>
    FollowupEdit,
}

/// <summary>A message body the bot sent and Discord accepted, parsed for assertions.</summary>
public sealed record RecordedMessage(
    ulong InteractionId,
    MessageSource Source,
    DateTimeOffset Time,
    string? Content,
    IReadOnlyList<JsonElement> Embeds,
    IReadOnlyList<JsonElement> Components,
    long? Flags,
    JsonElement? AllowedMentions,
    JsonElement Body)
{
    public bool IsEphemeral => ((Flags ?? 0) & 64) != 0;

    public bool AllowedMentionsPresent => AllowedMentions is { ValueKind: JsonValueKind.Object };

    /// <summary>
    /// True when <c>allowed_mentions</c> pings nobody: <c>parse</c> empty or absent and no <c>users</c>/<c>roles</c>
    /// (docs/resources--message.mdx, "Allowed Mentions Object").
    /// </summary>
    public bool AllowedMentionsEmpty =>
        AllowedMentions is { ValueKind: JsonValueKind.Object } mentions
        && IsEmptyArray(mentions, "parse") && IsEmptyArray(mentions, "users") && IsEmptyArray(mentions, "roles");

    internal static RecordedMessage From(ulong interactionId, MessageSource source, JsonObject body)
    {
        var element = JsonSerializer.SerializeToElement(body);
        return new RecordedMessage(
            interactionId,
            source,
            DateTimeOffset.UtcNow,
            (string?)body["content"],
            Elements(element, "embeds"),
            Elements(element, "components"),
            body["flags"] is JsonValue f && f.TryGetValue<long>(out var flags) ? flags : null,
            element.TryGetProperty("allowed_mentions", out var am) && am.ValueKind != JsonValueKind.Null ? am : null,
            element);
    }

    private static JsonElement[] Elements(JsonElement body, string name) =>
        body.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? [.. array.EnumerateArray()] : [];

    private static bool IsEmptyArray(JsonElement mentions, string name) =>
        !mentions.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null
        || (list.ValueKind == JsonValueKind.Array && list.GetArrayLength() == 0);
}

/// <summary>What the user sees as the interaction's reply right now (after any deferral and edits).</summary>
public sealed record VisibleMessage(
    ulong Id,
    string? Content,
    IReadOnlyList<JsonElement> Embeds,
    IReadOnlyList<JsonElement> Components,
    long Flags,
    int Edits)
{
    public bool IsEphemeral => (Flags & 64) != 0;
}

/// <summary>The bot's interaction callback as received.</summary>
public sealed record InteractionCallback(int Type, JsonElement? Data, TimeSpan Latency, DateTimeOffset ReceivedAt);

internal static class JsonNodes
{
    public static JsonElement Element(JsonNode? node) => JsonSerializer.SerializeToElement(node);
}
