using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace FakeDiscord;

/// <summary>
/// Application-command rules from docs/interactions--application-commands.mdx ("Application Command Naming",
/// "Application Command Option Structure", "Registering a Command").
/// </summary>
internal static partial class CommandRules
{
    /// <summary>
    /// The docs' pattern is <c>^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$</c>; .NET has no <c>\p{sc=…}</c>, so the
    /// Devanagari and Thai Unicode blocks stand in for the scripts.
    /// </summary>
    [GeneratedRegex(@"^[-_'\p{L}\p{N}\p{IsDevanagari}\p{IsThai}]{1,32}$")]
    private static partial Regex ChatInputName();

    public static void Check(JsonArray commands, ErrorTree errors)
    {
        var seen = new HashSet<(int, string)>();
        for (var i = 0; i < commands.Count; i++)
        {
            string[] at = [i.ToString(CultureInfo.InvariantCulture)];
            if (commands[i] is not JsonObject command)
            {
                continue;
            }

            var type = (int?)command["type"] ?? 1;
            var name = (string?)command["name"] ?? "";
            if (!seen.Add((type, name)))
            {
                errors.Add([.. at, "name"], "APPLICATION_COMMAND_NAME_ALREADY_EXISTS", "Application command names must be unique");
            }

            if (type == 1)
            {
                CheckName(name, errors, [.. at, "name"]);
                CheckDescription(command["description"], errors, [.. at, "description"]);
            }
            else if (name.Length is < 1 or > 32)
            {
                errors.Add([.. at, "name"], "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.");
            }
            else if ((string?)command["description"] is { Length: > 0 })
            {
                // USER and MESSAGE commands show no description; Discord wants it empty.
                errors.Add([.. at, "description"], "APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION", "Context menu commands cannot have description");
            }

            if (command["default_member_permissions"] is JsonValue permissions
                && !(permissions.TryGetValue<string>(out var digits) ? ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out _) : permissions.TryGetValue<long>(out _)))
            {
                errors.Add([.. at, "default_member_permissions"], "BASE_TYPE_INVALID", "Must be a permission bit set as a string of digits.");
            }

            if (command["options"] is JsonArray options)
            {
                if (type != 1 && options.Count > 0)
                {
                    errors.Add([.. at, "options"], "APPLICATION_COMMAND_OPTIONS_NOT_ALLOWED", "Context menu commands cannot have options");
                }

                CheckOptions(options, depth: 0, errors, [.. at, "options"]);
            }

            if (type == 1 && CountCharacters(command) > 8000)
            {
                errors.Add(at, "APPLICATION_COMMAND_TOO_LARGE", "Command exceeds maximum size (8000)");
            }
        }

        Count(commands, 1, 100, "CHAT_INPUT", errors);
        Count(commands, 2, 15, "USER", errors);
        Count(commands, 3, 15, "MESSAGE", errors);
    }

    private static void Count(JsonArray commands, int type, int max, string label, ErrorTree errors)
    {
        if (commands.Count(c => ((int?)c?["type"] ?? 1) == type) > max)
        {
            errors.Add([], "APPLICATION_COMMANDS_MAX_EXCEEDED", $"Maximum number of {label} application commands reached ({max})");
        }
    }

    private static void CheckName(string name, ErrorTree errors, IReadOnlyList<string> path)
    {
        if (!ChatInputName().IsMatch(name))
        {
            errors.Add(path, "APPLICATION_COMMAND_INVALID_NAME", $"Command name is invalid: \"{name}\"");
        }
        else if (!string.Equals(name, name.ToLowerInvariant(), StringComparison.Ordinal))
        {
            // Lowercase variants must be used where a letter has one (docs: "Application Command Naming").
            errors.Add(path, "APPLICATION_COMMAND_INVALID_NAME", $"Command name must be lowercase: \"{name}\"");
        }
    }

    private static void CheckDescription(JsonNode? description, ErrorTree errors, IReadOnlyList<string> path)
    {
        var text = (string?)description ?? "";
        if (text.Length is < 1 or > 100)
        {
            errors.Add(path, "BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.");
        }
    }

    private static void CheckOptions(JsonArray options, int depth, ErrorTree errors, IReadOnlyList<string> path)
    {
        if (options.Count > 25)
        {
            errors.Add(path, "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var sawOptional = false;
        for (var i = 0; i < options.Count; i++)
        {
            string[] at = [.. path, i.ToString(CultureInfo.InvariantCulture)];
            if (options[i] is not JsonObject option)
            {
                continue;
            }

            var type = (int?)option["type"] ?? 0;
            var name = (string?)option["name"] ?? "";
            CheckName(name, errors, [.. at, "name"]);
            CheckDescription(option["description"], errors, [.. at, "description"]);
            if (!names.Add(name))
            {
                errors.Add([.. at, "name"], "APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique");
            }

            var required = (bool?)option["required"] ?? false;
            if (required && sawOptional)
            {
                errors.Add([.. at, "required"], "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options");
            }

            sawOptional |= !required && type > 2;

            if (option["choices"] is JsonArray choices)
            {
                if (choices.Count > 25)
                {
                    errors.Add([.. at, "choices"], "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.");
                }

                if ((bool?)option["autocomplete"] == true && choices.Count > 0)
                {
                    errors.Add([.. at, "autocomplete"], "APPLICATION_COMMAND_AUTOCOMPLETE_INVALID", "Autocomplete cannot be set with choices");
                }
            }

            if (type is 1 or 2)
            {
                // A group holds subcommands, a subcommand holds plain options; nothing nests deeper (docs: "Subcommands and Subcommand Groups").
                var allowedDepth = type == 2 ? 0 : 1;
                if (depth > allowedDepth)
                {
                    errors.Add([.. at, "type"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommands cannot be nested this deep");
                }

                if (option["options"] is JsonArray inner)
                {
                    if (type == 2 && inner.Any(o => (int?)o?["type"] != 1))
                    {
                        errors.Add([.. at, "options"], "APPLICATION_COMMAND_OPTION_TYPE_INVALID", "Subcommand groups may only contain subcommands");
                    }

                    CheckOptions(inner, depth + 1, errors, [.. at, "options"]);
                }
            }
        }
    }

    private static int CountCharacters(JsonNode? node) => node switch
    {
        JsonObject obj => obj.Sum(p => p.Key is "name" or "description" or "value" ? Length(p.Value) : CountCharacters(p.Value)),
        JsonArray array => array.Sum(CountCharacters),
        _ => 0,
    };

    private static int Length(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s.Length : 0;
}
