namespace FakeDiscord;

/// <summary>
/// What a dispatch's sender wants to hear: <see cref="Sending"/> just before each send of its frame, <see cref="Sent"/>
/// once after the first send completed. A bot can answer before the sender hears <see cref="Sent"/> (the send loop's
/// continuation waits for a busy thread pool), so an answer may lean on <see cref="Sending"/>.
/// </summary>
internal sealed record DispatchHooks(Action? Sending, Action? Sent);

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
internal sealed class GatewaySession(string id)
{
    public Lock Gate { get; } = new();

    public string Id { get; } = id;

    public int Sequence { get; set; }

    public List<DispatchedEvent> Log { get; } = [];

    public GatewayConnection? Connection { get; set; }

    public bool Invalidated { get; set; }
}
