using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>Interactions by id and by token, and bot messages by id so a test can click their components.</summary>
internal sealed class InteractionStore(int? historyLimit = null)
{
    private readonly ConcurrentQueue<InteractionState> _added = new();
    private readonly ConcurrentDictionary<ulong, InteractionState> _byId = new();
    private readonly ConcurrentDictionary<string, InteractionState> _byToken = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ulong, JsonObject> _messages = new();

    public void Add(InteractionState state)
    {
        _byId[state.Id] = state;
        _byToken[state.Token] = state;
        if (historyLimit is not { } limit)
        {
            return;
        }

        // FakeDiscordOptions.HistoryLimit: the oldest interactions go, with the message each one showed.
        _added.Enqueue(state);
        while (_added.Count > limit && _added.TryDequeue(out var old))
        {
            _byId.TryRemove(old.Id, out _);
            _byToken.TryRemove(old.Token, out _);
            ulong shown;
            lock (old.Gate)
            {
                // A component's interaction acted on an earlier message, which is not this interaction's to forget.
                shown = old.SourceMessage is null ? old.OriginalId : 0;
            }

            if (shown != 0)
            {
                _messages.TryRemove(shown, out _);
            }
        }
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
