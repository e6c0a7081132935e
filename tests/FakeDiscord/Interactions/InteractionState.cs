using System.Globalization;
using System.Text.Json.Nodes;

namespace FakeDiscord;

/// <summary>Where an interaction's reply stands (docs/interactions--receiving-and-responding.mdx, "Responding to an Interaction").</summary>
internal enum ReplyState
{
    /// <summary>No callback yet.</summary>
    None,

    /// <summary>Type 5 or 6: "thinking…" until the bot edits @original or sends a follow-up.</summary>
    Deferred,

    /// <summary>Type 4 or 7, or a deferral that has since been edited.</summary>
    Visible,

    /// <summary>Types 1, 8, 9: acknowledged, no message.</summary>
    NoMessage,

    Deleted,
}

/// <summary>Everything the emulator knows about one interaction; all mutation goes through <see cref="Gate"/>.</summary>
internal sealed class InteractionState(ulong id, string token, int type, JsonObject payload, JsonObject? sourceMessage)
{
    public Lock Gate { get; } = new();

    public ulong Id { get; } = id;

    public string Token { get; } = token;

    /// <summary>Interaction type: 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE (docs/interactions--receiving-and-responding.mdx).</summary>
    public int Type { get; } = type;

    public JsonObject Payload { get; } = payload;

    /// <summary>For components: the message holding the clicked component, which types 6 and 7 edit.</summary>
    public JsonObject? SourceMessage { get; } = sourceMessage;

    public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;

    /// <summary>When the INTERACTION_CREATE was first written to the bot's socket; the 3 s deadline and the 15 min token run from here.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }

    /// <summary>When the latest send of the frame began; the bot may answer before that send's completion is seen.</summary>
    public DateTimeOffset? SendingAt { get; private set; }

    public InteractionCallback? Callback { get; set; }

    /// <summary>The shard whose gateway session the INTERACTION_CREATE was put in (null over HTTP, or not yet routed).</summary>
    public int? Shard { get; private set; }

    public void MarkRouted(int shard)
    {
        lock (Gate)
        {
            Shard = shard;
        }
    }

    public ReplyState Reply { get; set; }

    public ulong OriginalId { get; set; }

    /// <summary>The reply as a message object: content, embeds, components, flags.</summary>
    public JsonObject Original { get; set; } = [];

    public int Edits { get; set; }

    public List<RecordedMessage> Followups { get; } = [];

    public TaskCompletionSource<InteractionCallback> CallbackReceived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Whether it was POSTed to the bot's interactions endpoint rather than sent over the gateway.</summary>
    public bool OverHttp { get; init; }

    /// <summary>Over HTTP: the status the bot's endpoint answered with (0 when the request failed), once it did.</summary>
    public TaskCompletionSource<int> HttpAnswered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource<VisibleMessage> OriginalVisible { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CountSignal FollowupSignal { get; } = new("follow-up");

    public CountSignal EditSignal { get; } = new("edit of @original");

    /// <summary>Just before a send of the INTERACTION_CREATE frame.</summary>
    public void MarkSending()
    {
        lock (Gate)
        {
            SendingAt = DateTimeOffset.UtcNow;
        }
    }

    /// <summary>When the deadline runs from: once sent, the send's end; while the first send is in flight, its start.</summary>
    public DateTimeOffset? DeadlineFrom => DispatchedAt ?? SendingAt;

    public void MarkDispatched()
    {
        lock (Gate)
        {
            DispatchedAt ??= DateTimeOffset.UtcNow;
        }
    }

    private static readonly string[] s_editableFields = ["content", "embeds", "components", "attachments", "poll", "allowed_mentions"];

    /// <summary>The message after an edit: fields present in <paramref name="body"/> replace the old ones, absent ones stay.</summary>
    public static JsonObject Merge(JsonObject message, JsonObject body)
    {
        var merged = message.DeepClone().AsObject();
        foreach (var field in s_editableFields)
        {
            if (body.TryGetPropertyValue(field, out var value))
            {
                merged[field] = value?.DeepClone();
            }
        }

        return merged;
    }

    /// <summary>
    /// Applies a message body (callback data, PATCH or first follow-up after a deferral) to the reply; call under
    /// <see cref="Gate"/>, then <see cref="AnnounceOriginal"/> once the message can be found by its components.
    /// </summary>
    public void ApplyToOriginal(JsonObject body, bool isEdit)
    {
        Original = Merge(Original, body);

        // Flags are fixed by the first response; later edits cannot make a reply ephemeral (docs: "Edit Original Interaction Response").
        if (!isEdit && body["flags"] is JsonValue flags)
        {
            Original["flags"] = flags.DeepClone();
        }

        if (isEdit)
        {
            Edits++;
        }

        Reply = ReplyState.Visible;
    }

    /// <summary>
    /// Tells the test waiting for the reply (or an edit of it) that it is there; call under <see cref="Gate"/> after the
    /// message is remembered, so that a click on its buttons straight after finds it.
    /// </summary>
    public void AnnounceOriginal(bool isEdit)
    {
        OriginalVisible.TrySetResult(Visible());
        if (isEdit)
        {
            EditSignal.Increment();
        }
    }

    public VisibleMessage Visible()
    {
        var element = JsonNodes.Element(Original);
        return new VisibleMessage(
            OriginalId,
            (string?)Original["content"],
            Elements(element, "embeds"),
            Elements(element, "components"),
            Original["flags"] is JsonValue f && f.TryGetValue<long>(out var flags) ? flags : 0,
            Edits);
    }

    /// <summary>The reply as Discord's message object, for GET @original and follow-up answers.</summary>
    public JsonObject MessageObject(ulong messageId, JsonObject body, JsonObject botUser, ulong applicationId)
    {
        var message = new JsonObject
        {
            ["id"] = messageId.ToString(CultureInfo.InvariantCulture),
            ["type"] = Type == 3 ? 0 : 20,
            ["channel_id"] = Payload["channel_id"]?.DeepClone(),
            ["author"] = botUser,
            ["content"] = body["content"]?.DeepClone() ?? "",
            ["embeds"] = body["embeds"]?.DeepClone() ?? new JsonArray(),
            ["components"] = body["components"]?.DeepClone() ?? new JsonArray(),
            ["attachments"] = new JsonArray(),
            ["mentions"] = new JsonArray(),
            ["mention_roles"] = new JsonArray(),
            ["mention_everyone"] = false,
            ["pinned"] = false,
            ["tts"] = false,
            ["timestamp"] = CreatedAt.ToString("yyyy-MM-ddTHH:mm:ss.ffffffzzz", CultureInfo.InvariantCulture),
            ["edited_timestamp"] = null,
            ["flags"] = body["flags"]?.DeepClone() ?? 0,
            ["application_id"] = applicationId.ToString(CultureInfo.InvariantCulture),
            ["webhook_id"] = applicationId.ToString(CultureInfo.InvariantCulture),
            ["interaction_metadata"] = new JsonObject
            {
                ["id"] = Id.ToString(CultureInfo.InvariantCulture),
                ["type"] = Type,
                ["user"] = (Payload["member"]?["user"] ?? Payload["user"])?.DeepClone(),
            },
        };
        return message;
    }

    private static System.Text.Json.JsonElement[] Elements(System.Text.Json.JsonElement body, string name) =>
        body.TryGetProperty(name, out var array) && array.ValueKind == System.Text.Json.JsonValueKind.Array ? [.. array.EnumerateArray()] : [];
}
