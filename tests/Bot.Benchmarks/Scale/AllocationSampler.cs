using System.Diagnostics.Tracing;
using System.Globalization;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// What a stage allocates, by type: listens to the runtime's allocation ticks (one event about every 100 KB allocated,
/// naming the type of the object that crossed the line), so the counts are a sample in proportion to the bytes. No
/// profiler can be installed on this machine; the runtime reports this to any listener in the process.
/// </summary>
internal sealed class AllocationSampler : EventListener
{
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int AllocationTickEvent = 10;

    private readonly Dictionary<string, long> _bytesByType = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (eventData.EventId != AllocationTickEvent || eventData.Payload is null || eventData.PayloadNames is null)
        {
            return;
        }

        var type = eventData.PayloadNames.IndexOf("TypeName") is var t and >= 0 ? eventData.Payload[t] as string ?? "?" : "?";
        var amount = eventData.PayloadNames.IndexOf("AllocationAmount64") is var a and >= 0
            ? Convert.ToInt64(eventData.Payload[a], CultureInfo.InvariantCulture)
            : 0;
        lock (_gate)
        {
            _bytesByType[type] = _bytesByType.GetValueOrDefault(type) + amount;
        }
    }

    /// <summary>The types that took most of the sampled bytes since the last call, largest first, and forgets them.</summary>
    public string TakeSummary(int top = 8)
    {
        lock (_gate)
        {
            var total = Math.Max(1, _bytesByType.Values.Sum());
            var lines = _bytesByType.OrderByDescending(pair => pair.Value).Take(top)
                .Select(pair => string.Create(CultureInfo.InvariantCulture, $"    {100.0 * pair.Value / total,5:0.0}%  {pair.Key}"));
            var summary = string.Join(Environment.NewLine, lines);
            _bytesByType.Clear();
            return summary;
        }
    }
}
