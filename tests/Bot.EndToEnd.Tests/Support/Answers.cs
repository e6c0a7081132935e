using System.Text.Json;
using FakeDiscord;

namespace Bot.EndToEnd.Tests.Support;

/// <summary>Reads what a Discord user would see in a reply the emulator recorded.</summary>
internal static class Answers
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    public static string Text(this VisibleMessage message) =>
        string.Join("\n", new[] { message.Content ?? string.Empty }.Concat(message.Embeds.SelectMany(EmbedTexts)));

    public static IReadOnlyList<string> CustomIds(this VisibleMessage message) =>
        message.Components
            .SelectMany(row => row.TryGetProperty("components", out var items) ? items.EnumerateArray() : Enumerable.Empty<JsonElement>())
            .Select(item => item.TryGetProperty("custom_id", out var id) ? id.GetString() : null)
            .OfType<string>()
            .ToList();

    public static string Embed(this VisibleMessage message, string property) =>
        message.Embeds.Count > 0 && message.Embeds[0].TryGetProperty(property, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    private static IEnumerable<string> EmbedTexts(JsonElement embed)
    {
        foreach (var name in new[] { "title", "description" })
        {
            if (embed.TryGetProperty(name, out var value))
            {
                yield return value.GetString() ?? string.Empty;
            }
        }

        if (embed.TryGetProperty("fields", out var fields))
        {
            foreach (var field in fields.EnumerateArray())
            {
                yield return field.GetProperty("name").GetString() ?? string.Empty;
                yield return field.GetProperty("value").GetString() ?? string.Empty;
            }
        }

        if (embed.TryGetProperty("footer", out var footer) && footer.TryGetProperty("text", out var text))
        {
            yield return text.GetString() ?? string.Empty;
        }
    }
}
