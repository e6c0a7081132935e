namespace FakeDiscord;

/// <summary>Every request or payload the emulator rejected, as readable lines, so a test can assert there were none.</summary>
internal sealed class ViolationLog(string token)
{
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    public void Add(string line)
    {
        lock (_gate)
        {
            // The token never reaches anything a test prints.
            var redacted = token.Length == 0 ? line : line.Replace(token, "[redacted]", StringComparison.Ordinal);
            _lines.Add($"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {redacted}");
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
