using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace FakeDiscord;

/// <summary>
/// Which request bodies go through the OpenAPI schema (<see cref="FakeDiscordOptions.SchemaValidationEvery"/>). With 1
/// every body does. Above 1 (load runs only) a body is validated when its shape is new for its schema — property
/// names, nesting, array lengths, numbers and booleans, everything but the text of strings — and otherwise every
/// n-th time, because validation with NJsonSchema (the body re-serialised, parsed again, walked) costs more CPU per
/// interaction than the bot itself spends answering. Message limits, deadlines and rate limits are checked on every
/// request whatever this says.
/// </summary>
internal sealed class SchemaSample(int every)
{
    private readonly ConcurrentDictionary<string, byte> _shapes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<JsonSchema, StrongBox<long>> _counts = new(ReferenceEqualityComparer.Instance);
    private long _validated;
    private long _skipped;

    public long Validated => Interlocked.Read(ref _validated);

    public long Skipped => Interlocked.Read(ref _skipped);

    public bool ShouldValidate(JsonSchema schema, JsonNode? body)
    {
        if (every <= 1 || _shapes.TryAdd(Shape(schema, body), 0) || Interlocked.Increment(ref _counts.GetOrAdd(schema, _ => new StrongBox<long>()).Value) % every == 0)
        {
            Interlocked.Increment(ref _validated);
            return true;
        }

        Interlocked.Increment(ref _skipped);
        return false;
    }

    private static string Shape(JsonSchema schema, JsonNode? body)
    {
        var shape = new StringBuilder(256);
        // Schemas are built once per process (OpenApiSchemas caches them), so identity names them.
        shape.Append(RuntimeHelpers.GetHashCode(schema)).Append(':');
        Append(shape, body);
        return shape.ToString();
    }

    private static void Append(StringBuilder shape, JsonNode? node)
    {
        switch (node)
        {
            case null:
                shape.Append('n');
                break;
            case JsonObject obj:
                shape.Append('{');
                foreach (var (key, value) in obj)
                {
                    shape.Append(key).Append('=');
                    Append(shape, value);
                    shape.Append(',');
                }

                shape.Append('}');
                break;
            case JsonArray array:
                shape.Append('[');
                foreach (var item in array)
                {
                    Append(shape, item);
                    shape.Append(',');
                }

                shape.Append(']');
                break;
            case JsonValue value when value.TryGetValue<string>(out _):
                shape.Append('s');
                break;
            default:
                shape.Append(node.ToJsonString());
                break;
        }
    }
}
