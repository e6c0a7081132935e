using System.Text.Json;

namespace Bot.Discord.Rest;

/// <summary>
/// Flattens the nested <c>errors</c> of a 50035 "Invalid Form Body" answer into readable lines,
/// e.g. <c>embeds.0.description: Must be 4096 or fewer in length.</c> (docs/reference.mdx, "Error Messages").
/// </summary>
internal static class DiscordErrors
{
    public static IReadOnlyList<string> Flatten(JsonElement? errors)
    {
        var lines = new List<string>();
        if (errors is { ValueKind: JsonValueKind.Object } tree)
        {
            Walk(tree, "", lines);
        }

        return lines;
    }

    private static void Walk(JsonElement node, string path, List<string> lines)
    {
        foreach (var property in node.EnumerateObject())
        {
            if (property.NameEquals("_errors") && property.Value.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in property.Value.EnumerateArray())
                {
                    var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                    var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                    lines.Add($"{(path.Length == 0 ? "(body)" : path)}: {message ?? code ?? "invalid"}");
                }
            }
            else if (property.Value.ValueKind == JsonValueKind.Object)
            {
                Walk(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}", lines);
            }
        }
    }
}
