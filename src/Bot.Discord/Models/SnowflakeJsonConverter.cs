using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Bot.Discord.Abstractions;

namespace Bot.Discord.Models;

/// <summary>
/// Snowflakes travel as strings because JavaScript cannot hold 64-bit integers
/// (docs/reference.mdx, "Snowflakes"); numbers are accepted on input too.
/// </summary>
internal sealed class SnowflakeJsonConverter : JsonConverter<Snowflake>
{
    public override Snowflake Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String when Snowflake.TryParse(reader.GetString(), out var snowflake) => snowflake,
        JsonTokenType.Number when reader.TryGetUInt64(out var value) => new Snowflake(value),
        _ => throw new JsonException($"Expected a snowflake, found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, Snowflake value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Value.ToString(CultureInfo.InvariantCulture));
}
