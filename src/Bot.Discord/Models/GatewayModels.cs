using System.Text.Json;

namespace Bot.Discord.Models;

/// <summary>A payload as received. See docs/events--gateway-events.mdx, "Payload Structure".</summary>
internal sealed record GatewayPayload(int Op, JsonElement D, int? S, string? T);

/// <summary>A payload as sent; <c>d</c> is always written, even when it is <c>null</c> (a first heartbeat).</summary>
internal sealed record GatewaySendPayload(int Op, JsonElement D);

/// <summary>See docs/events--gateway-events.mdx, "Hello".</summary>
internal sealed record HelloData(int HeartbeatInterval);

/// <summary>See docs/events--gateway-events.mdx, "Identify"; <c>shard</c> is <c>[shard_id, num_shards]</c>.</summary>
internal sealed record IdentifyData(string Token, IdentifyProperties Properties, int Intents, IReadOnlyList<int>? Shard = null)
{
    public override string ToString() => $"IdentifyData {{ Token = (hidden), Intents = {Intents}, Shard = [{string.Join(", ", Shard ?? [])}] }}";
}

/// <summary>See docs/events--gateway-events.mdx, "Identify Connection Properties".</summary>
internal sealed record IdentifyProperties(string Os, string Browser, string Device);

/// <summary>See docs/events--gateway-events.mdx, "Resume".</summary>
internal sealed record ResumeData(string Token, string SessionId, int? Seq)
{
    public override string ToString() => $"ResumeData {{ Token = (hidden), SessionId = {SessionId}, Seq = {Seq} }}";
}

/// <summary>See docs/events--gateway-events.mdx, "Ready".</summary>
internal sealed record ReadyData(string SessionId, string ResumeGatewayUrl, ReadyApplication Application, UserPayload? User);

internal sealed record ReadyApplication(Bot.Discord.Abstractions.Snowflake Id);

/// <summary>See docs/events--gateway.mdx, "Get Gateway Bot".</summary>
internal sealed record GatewayBotResponse(string Url, int? Shards, SessionStartLimit? SessionStartLimit);

internal sealed record SessionStartLimit(int Total, int Remaining, int ResetAfter, int MaxConcurrency);
