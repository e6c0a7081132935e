using System.Text.Json;
using System.Text.Json.Serialization;

namespace Bot.Discord.Models;

/// <summary>Source-generated serialisation of every wire model; Discord's JSON is snake_case.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnowflakeJsonConverter)])]
[JsonSerializable(typeof(GatewayPayload))]
[JsonSerializable(typeof(GatewaySendPayload))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(IdentifyData))]
[JsonSerializable(typeof(ResumeData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(GatewayBotResponse))]
[JsonSerializable(typeof(InteractionPayload))]
[JsonSerializable(typeof(MessageBody))]
[JsonSerializable(typeof(InteractionCallbackBody))]
[JsonSerializable(typeof(AutocompleteCallbackData))]
[JsonSerializable(typeof(List<ApplicationCommandPayload>))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(ApplicationPayload))]
[JsonSerializable(typeof(UserPayload))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(int?))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(string))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
