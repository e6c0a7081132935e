using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>
/// Registered application commands, global and per guild, with bulk-overwrite semantics: commands missing from a PUT are
/// deleted, a known name keeps its id, a new name is a create that counts against 200 a day
/// (docs/interactions--application-commands.mdx, "Registering a Command").
/// </summary>
public sealed class CommandStore
{
    private readonly Lock _gate = new();
    private readonly ulong _applicationId;
    private readonly Dictionary<ulong, List<JsonObject>> _byGuild = [];
    private readonly CountSignal _overwrites = new("command overwrite");
    private List<JsonObject> _global = [];
    private int _creates;

    internal CommandStore(ulong applicationId) => _applicationId = applicationId;

    /// <summary>Commands created (new names) across all overwrites: each counts against Discord's 200 creates a day.</summary>
    public int CreateCount => Volatile.Read(ref _creates);

    public int OverwriteCount => _overwrites.Count;

    public IReadOnlyList<JsonElement> Global
    {
        get
        {
            lock (_gate)
            {
                return [.. _global.Select(JsonNodes.Element)];
            }
        }
    }

    public IReadOnlyList<JsonElement> ForGuild(ulong guildId)
    {
        lock (_gate)
        {
            return _byGuild.TryGetValue(guildId, out var list) ? [.. list.Select(JsonNodes.Element)] : [];
        }
    }

    public Task WaitForOverwriteAsync(TimeSpan? timeout = null, int count = 1, CancellationToken cancellationToken = default) =>
        _overwrites.WaitAsync(count, timeout ?? TimeSpan.FromSeconds(10), cancellationToken);

    internal JsonArray List(ulong? guildId)
    {
        lock (_gate)
        {
            var list = guildId is { } g ? _byGuild.GetValueOrDefault(g) ?? [] : _global;
            return new JsonArray([.. list.Select(c => (JsonNode)c.DeepClone())]);
        }
    }

    internal JsonArray Overwrite(ulong? guildId, JsonArray definitions)
    {
        JsonArray result;
        lock (_gate)
        {
            var existing = guildId is { } g ? _byGuild.GetValueOrDefault(g) ?? [] : _global;
            var next = new List<JsonObject>();
            foreach (var definition in definitions.OfType<JsonObject>())
            {
                var type = (int?)definition["type"] ?? 1;
                var name = (string?)definition["name"];
                var previous = existing.FirstOrDefault(c => (int?)c["type"] == type && (string?)c["name"] == name);
                if (previous is null)
                {
                    _creates++;
                }

                next.Add(Stored(definition, type, previous, guildId));
            }

            if (guildId is { } guild)
            {
                _byGuild[guild] = next;
            }
            else
            {
                _global = next;
            }

            result = new JsonArray([.. next.Select(c => (JsonNode)c.DeepClone())]);
        }

        _overwrites.Increment();
        return result;
    }

    /// <summary>Finds a command by name as a user in <paramref name="guildId"/> would see it: guild commands first, then global.</summary>
    internal JsonObject? Find(ulong? guildId, string name, int type)
    {
        lock (_gate)
        {
            var guildCommands = guildId is { } g ? _byGuild.GetValueOrDefault(g) ?? [] : [];
            return guildCommands.Concat(_global).FirstOrDefault(c => (string?)c["name"] == name && (int?)c["type"] == type)?.DeepClone().AsObject();
        }
    }

    internal string Describe()
    {
        lock (_gate)
        {
            var names = _global.Select(c => (string?)c["name"]).Concat(_byGuild.SelectMany(kv => kv.Value.Select(c => $"{c["name"]} (guild {kv.Key})")));
            return string.Join(", ", names) is { Length: > 0 } text ? text : "none";
        }
    }

    /// <summary>The command object Discord answers with (docs: "Application Command Object").</summary>
    private JsonObject Stored(JsonObject definition, int type, JsonObject? previous, ulong? guildId)
    {
        var stored = definition.DeepClone().AsObject();
        stored["id"] = previous?["id"]?.DeepClone() ?? Snowflakes.Next().ToString(CultureInfo.InvariantCulture);
        stored["application_id"] = _applicationId.ToString(CultureInfo.InvariantCulture);
        stored["version"] = Snowflakes.Next().ToString(CultureInfo.InvariantCulture);
        stored["type"] = type;
        stored["description"] ??= "";
        stored["default_member_permissions"] = definition["default_member_permissions"] is JsonValue p
            ? (p.TryGetValue<string>(out var s) ? s : p.ToJsonString())
            : null;
        stored["nsfw"] ??= false;
        if (guildId is { } guild)
        {
            stored["guild_id"] = guild.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            stored["contexts"] ??= null;
            stored["integration_types"] ??= new JsonArray(0);
        }

        return stored;
    }
}
