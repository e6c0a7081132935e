using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>Interactions by id and by token, and bot messages by id so a test can click their components.</summary>
internal sealed class InteractionStore
{
    private readonly ConcurrentDictionary<ulong, InteractionState> _byId = new();
    private readonly ConcurrentDictionary<string, InteractionState> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, JsonObject> _messages = new();

    public void Add(InteractionState state)
    {
        _byId[state.Id] = state;
        _byToken[state.Token] = state;
    }

    public InteractionState? ById(ulong id) => _byId.GetValueOrDefault(id);

    public InteractionState? ByToken(string token) => _byToken.GetValueOrDefault(token);

    public void RememberMessage(ulong id, JsonObject message) => _messages[id] = message;

    public void ForgetMessage(ulong id) => _messages.TryRemove(id, out _);

    public JsonObject? Message(ulong id) => _messages.TryGetValue(id, out var message) ? message.DeepClone().AsObject() : null;

    /// <summary>The newest bot message carrying a component with <paramref name="customId"/>.</summary>
    public (ulong Id, JsonObject Message)? MessageWithComponent(string customId) =>
        _messages.OrderByDescending(m => m.Key).Where(m => HasCustomId(m.Value["components"], customId))
            .Select(m => ((ulong, JsonObject)?)(m.Key, m.Value.DeepClone().AsObject())).FirstOrDefault();

    private static bool HasCustomId(JsonNode? node, string customId) => node switch
    {
        JsonArray array => array.Any(item => HasCustomId(item, customId)),
        JsonObject obj => (string?)obj["custom_id"] == customId || HasCustomId(obj["components"], customId) || HasCustomId(obj["accessory"], customId),
        _ => false,
    };
}
