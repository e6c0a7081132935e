namespace FakeDiscord;

/// <summary>
/// What a dispatch's sender wants to hear: <see cref="Sending"/> just before each send of its frame, <see cref="Sent"/>
/// once after the first send completed. A bot can answer before the sender hears <see cref="Sent"/> (the send loop's
/// continuation waits for a busy thread pool), so an answer may lean on <see cref="Sending"/>. <see cref="Routed"/> hears
/// the shard whose session the event was put in.
/// </summary>
internal sealed record DispatchHooks(Action? Sending, Action? Sent, Action<int>? Routed = null);

/// <summary>One dispatch as sent: its sequence number and bytes, kept so a RESUME can replay it.</summary>
internal sealed class DispatchedEvent(int sequence, string name, byte[] frame, DispatchHooks? onSent)
{
    public int Sequence { get; } = sequence;

    public string Name { get; } = name;

    public byte[] Frame { get; } = frame;

    public DispatchHooks? OnSent { get; } = onSent;

    public bool Sent { get; set; }
}

/// <summary>A gateway session from READY until it is invalidated; survives dropped connections so RESUME can pick it up.</summary>
internal sealed class GatewaySession(string id, int shardId = 0, int shardCount = 1)
{
    public Lock Gate { get; } = new();

    public string Id { get; } = id;

    /// <summary>The <c>shard</c> of its IDENTIFY, <c>[0, 1]</c> when it had none: which guilds' events it gets.</summary>
    public int ShardId { get; } = shardId;

    public int ShardCount { get; } = shardCount;

    public int Sequence { get; set; }

    public List<DispatchedEvent> Log { get; } = [];

    public GatewayConnection? Connection { get; set; }

    public bool Invalidated { get; set; }
}
