namespace FakeDiscord;

/// <summary>Every request or payload the emulator rejected, as readable lines, so a test can assert there were none.</summary>
internal sealed class ViolationLog
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public void Add(string line)
    {
        lock (_gate)
        {
            _lines.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    public IReadOnlyList<string> Snapshot()
    {
        lock (_gate)
        {
            return [.. _lines];
        }
    }
}
