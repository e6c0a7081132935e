using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>
/// Message limits Discord enforces beyond what the OpenAPI schema says (docs/resources--message.mdx "Embed Limits",
/// docs/components--reference.mdx). Over a limit Discord answers 400 (50035) and the user sees nothing.
/// </summary>
internal static class MessageRules
{
    private const int IsComponentsV2 = 1 << 15;

    /// <summary>Flags a bot may set on an interaction reply: SUPPRESS_EMBEDS, EPHEMERAL, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2.</summary>
    private const long AllowedFlags = 4 | 64 | 4096 | IsComponentsV2;

    public static void Check(JsonObject? message, ErrorTree errors, IReadOnlyList<string> prefix)
    {
        if (message is null)
        {
            return;
        }

        if (message["content"] is JsonValue content && content.TryGetValue<string>(out var text) && text.Length > 2000)
        {
            errors.Add([.. prefix, "content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length.");
        }

        if (message["flags"] is JsonValue flagsValue && flagsValue.TryGetValue<long>(out var flags) && (flags & ~AllowedFlags) != 0)
        {
            errors.Add([.. prefix, "flags"], "MESSAGE_FLAGS_INVALID", $"Flags {flags & ~AllowedFlags} cannot be set on a message sent by an application.");
        }

        if (message["embeds"] is JsonArray embeds)
        {
            CheckEmbeds(embeds, errors, [.. prefix, "embeds"]);
        }

        if (message["components"] is JsonArray components)
        {
            var componentsV2 = message["flags"] is JsonValue f && f.TryGetValue<long>(out var bits) && (bits & IsComponentsV2) != 0;
            CheckComponents(components, componentsV2, errors, [.. prefix, "components"]);
        }
    }

    /// <summary>Discord refuses a message with nothing to show: code 50006 "Cannot send an empty message".</summary>
    public static bool IsEmpty(JsonObject? message) =>
        message is null
        || (IsBlank(message["content"]) && IsBlank(message["embeds"]) && IsBlank(message["components"])
            && IsBlank(message["attachments"]) && IsBlank(message["poll"]) && IsBlank(message["sticker_ids"]));

    private static bool IsBlank(JsonNode? node) => node switch
    {
        null => true,
        JsonArray a => a.Count == 0,
        JsonValue v when v.TryGetValue<string>(out var s) => string.IsNullOrWhiteSpace(s),
        _ => false,
    };

    private static void CheckEmbeds(JsonArray embeds, ErrorTree errors, IReadOnlyList<string> path)
    {
        if (embeds.Count > 10)
        {
            errors.Add(path, "BASE_TYPE_MAX_LENGTH", "Must be 10 or fewer in length.");
        }

        var total = 0;
        for (var i = 0; i < embeds.Count; i++)
        {
            if (embeds[i] is not JsonObject embed)
            {
                continue;
            }

            string[] at = [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            total += Limit(embed["title"], 256, errors, [.. at, "title"]);
            total += Limit(embed["description"], 4096, errors, [.. at, "description"]);
            total += Limit(embed["footer"]?["text"], 2048, errors, [.. at, "footer", "text"]);
            total += Limit(embed["author"]?["name"], 256, errors, [.. at, "author", "name"]);
            if (embed["fields"] is JsonArray fields)
            {
                if (fields.Count > 25)
                {
                    errors.Add([.. at, "fields"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
                }

                for (var j = 0; j < fields.Count; j++)
                {
                    string[] fieldAt = [.. at, "fields", j.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                    total += Limit(fields[j]?["name"], 256, errors, [.. fieldAt, "name"], required: true);
                    total += Limit(fields[j]?["value"], 1024, errors, [.. fieldAt, "value"], required: true);
                }
            }
        }

        if (total > 6000)
        {
            errors.Add(path, "MAX_EMBED_SIZE_EXCEEDED", $"Embed size exceeds maximum size of 6000 (was {total}).");
        }
    }

    private static int Limit(JsonNode? node, int max, ErrorTree errors, IReadOnlyList<string> path, bool required = false)
    {
        var text = node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
        if (text is null)
        {
            if (required)
            {
                errors.Add(path, "BASE_TYPE_REQUIRED", "This field is required");
            }

            return 0;
        }

        if (text.Length > max)
        {
            errors.Add(path, "BASE_TYPE_MAX_LENGTH", $"Must be {max} or fewer in length.");
        }
        else if (required && text.Length == 0)
        {
            errors.Add(path, "BASE_TYPE_REQUIRED", "This field is required");
        }

        return text.Length;
    }

    private static void CheckComponents(JsonArray components, bool componentsV2, ErrorTree errors, IReadOnlyList<string> path)
    {
        var customIds = new HashSet<string>(StringComparer.Ordinal);
        if (!componentsV2 && components.Count > 5)
        {
            errors.Add(path, "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
        }

        for (var i = 0; i < components.Count; i++)
        {
            string[] rowAt = [.. path, i.ToString(System.Globalization.CultureInfo.InvariantCulture)];
            if (components[i] is not JsonObject row)
            {
                continue;
            }

            if (!componentsV2 && (int?)row["type"] != 1)
            {
                errors.Add([.. rowAt, "type"], "COMPONENT_LAYOUT_INVALID", "Top-level components must be action rows unless IS_COMPONENTS_V2 is set.");
            }

            if (row["components"] is not JsonArray children)
            {
                continue;
            }

            if (children.Count > 5)
            {
                errors.Add([.. rowAt, "components"], "BASE_TYPE_MAX_LENGTH", "Must be 5 or fewer in length.");
            }

            for (var j = 0; j < children.Count; j++)
            {
                if (children[j] is JsonObject child)
                {
                    CheckInteractive(child, customIds, errors, [.. rowAt, "components", j.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                }
            }
        }
    }

    private static void CheckInteractive(JsonObject component, HashSet<string> customIds, ErrorTree errors, IReadOnlyList<string> path)
    {
        var isLinkOrPremium = (int?)component["type"] == 2 && (int?)component["style"] is 5 or 6;
        var customId = component["custom_id"] is JsonValue v && v.TryGetValue<string>(out var id) ? id : null;
        if (customId is null && !isLinkOrPremium)
        {
            errors.Add([.. path, "custom_id"], "BASE_TYPE_REQUIRED", "This field is required");
        }
        else if (customId is not null && isLinkOrPremium)
        {
            errors.Add([.. path, "custom_id"], "COMPONENT_CUSTOM_ID_NOT_ALLOWED", "Link buttons cannot have a custom_id.");
        }
        else if (customId is not null && (customId.Length is < 1 or > 100))
        {
            errors.Add([.. path, "custom_id"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
        }
        else if (customId is not null && !customIds.Add(customId))
        {
            errors.Add([.. path, "custom_id"], "COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated");
        }

        if ((int?)component["style"] == 5 && component["url"] is null)
        {
            errors.Add([.. path, "url"], "BASE_TYPE_REQUIRED", "This field is required");
        }

        if (component["label"] is JsonValue label && label.TryGetValue<string>(out var text) && text.Length > 80)
        {
            errors.Add([.. path, "label"], "BASE_TYPE_MAX_LENGTH", "Must be 80 or fewer in length.");
        }
    }
}
