namespace FakeDiscord;

/// <summary>
/// TCP connections the bot opened to the emulator (REST and gateway alike), counted at Kestrel's connection layer:
/// how many are open now, the most open at once since <see cref="ResetPeak"/>, and how many were ever opened. Discord
/// treats a flood of connections as abuse, so a bot under load must keep these bounded.
/// </summary>
public sealed class ConnectionCounter
{
    private int _open;
    private int _peak;
    private long _opened;

    public int Open => Volatile.Read(ref _open);

    public int Peak => Volatile.Read(ref _peak);

    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>Starts a new peak from the connections open now, so a test measures only what follows.</summary>
    public void ResetPeak() => Volatile.Write(ref _peak, Open);

    internal void OnOpened()
    {
        Interlocked.Increment(ref _opened);
        var open = Interlocked.Increment(ref _open);
        int peak;
        while (open > (peak = Volatile.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, open, peak) != peak)
        {
        }
    }

    internal void OnClosed() => Interlocked.Decrement(ref _open);

    public override string ToString() => $"{Opened} opened, at most {Peak} open at once, {Open} open now";
}
