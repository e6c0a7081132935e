using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>
/// A Discord user who invokes commands (docs/resources--user.md "User Object", trimmed to what bots read), with the
/// server roles their member object lists when they invoke one in a server.
/// </summary>
public sealed record FakeUser(ulong Id, string Username, string? GlobalName = null, bool Bot = false, IReadOnlyList<ulong>? Roles = null)
{
    public static FakeUser Default { get; } = new(53_908_232_506_183_680, "mason", "Mason");

    public JsonObject ToJson() => new()
    {
        ["id"] = Id.ToString(CultureInfo.InvariantCulture),
        ["username"] = Username,
        ["discriminator"] = "0",
        ["global_name"] = GlobalName,
        ["avatar"] = null,
        ["bot"] = Bot,
        ["public_flags"] = 0,
    };
}
