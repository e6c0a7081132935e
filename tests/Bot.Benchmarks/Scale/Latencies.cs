using System.Diagnostics;
using System.Globalization;

namespace Bot.Benchmarks.Scale;

/// <summary>Per-call timings in microseconds, with nearest-rank percentiles.</summary>
internal sealed class Latencies
{
    private readonly List<double> _micros = [];

    public int Count => _micros.Count;

    public void Add(long startTimestamp, long endTimestamp) =>
        _micros.Add((endTimestamp - startTimestamp) * 1_000_000.0 / Stopwatch.Frequency);

    public void AddMicroseconds(double micros) => _micros.Add(micros);

    public void CopyTo(Latencies other) => other._micros.AddRange(_micros);

    public double Percentile(double p)
    {
        if (_micros.Count == 0)
        {
            return double.NaN;
        }

        var sorted = _micros.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public double Max => _micros.Count == 0 ? double.NaN : _micros.Max();

    public double Mean => _micros.Count == 0 ? double.NaN : _micros.Average();

    public static string Format(double micros) =>
        micros >= 10_000 ? (micros / 1000).ToString("0", CultureInfo.InvariantCulture) + " ms"
        : micros >= 1000 ? (micros / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " ms"
        : micros.ToString("0.0", CultureInfo.InvariantCulture) + " µs";
}

/// <summary>The machine a figure was measured on, printed with every report.</summary>
internal static class Machine
{
    public static string Describe()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "n/a";
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores, {memory:0} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()}, " +
            $".NET {Environment.Version}, load average {load}");
    }

    public static string LoadAverage => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
