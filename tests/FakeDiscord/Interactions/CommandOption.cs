using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>
/// An option as it arrives in an interaction's <c>data.options</c> (docs/interactions--receiving-and-responding.mdx,
/// "Application Command Interaction Data Option Structure"): <c>{name, type, value}</c>, or <c>{name, type, options}</c> for
/// subcommands, with <c>focused</c> on the option being typed in an autocomplete.
/// </summary>
public sealed record CommandOption(string Name, int Type, JsonNode? Value = null, bool IsFocused = false, IReadOnlyList<CommandOption>? Options = null)
{
    public static CommandOption String(string name, string value) => new(name, 3, JsonValue.Create(value));

    public static CommandOption Integer(string name, long value) => new(name, 4, JsonValue.Create(value));

    public static CommandOption Boolean(string name, bool value) => new(name, 5, JsonValue.Create(value));

    public static CommandOption User(string name, ulong userId) => new(name, 6, JsonValue.Create(userId.ToString(CultureInfo.InvariantCulture)));

    public static CommandOption Number(string name, double value) => new(name, 10, JsonValue.Create(value));

    /// <summary>An attachment option: its value is the attachment's id, and the file is in the interaction's <c>resolved.attachments</c>.</summary>
    public static CommandOption Attachment(string name, FakeAttachment attachment) => new(name, 11, JsonValue.Create(attachment.Id.ToString(CultureInfo.InvariantCulture)));

    public static CommandOption Subcommand(string name, params CommandOption[] options) => new(name, 1, Options: options);

    public static CommandOption SubcommandGroup(string name, params CommandOption[] subcommands) => new(name, 2, Options: subcommands);

    /// <summary>The option the user is typing in an autocomplete; its value is the partial text, always a string on the wire.</summary>
    public static CommandOption Focused(string name, string partial, int type = 3) => new(name, type, JsonValue.Create(partial), IsFocused: true);

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["name"] = Name, ["type"] = Type };
        if (Value is not null)
        {
            json["value"] = Value.DeepClone();
        }

        if (Options is not null)
        {
            json["options"] = new JsonArray([.. Options.Select(o => (JsonNode)o.ToJson())]);
        }

        if (IsFocused)
        {
            json["focused"] = true;
        }

        return json;
    }
}
