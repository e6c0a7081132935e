using System.Globalization;

namespace Bot.Discord.Configuration;

/// <summary>
/// Which shard ids a process runs, from <c>Discord:Shards</c>: ids and ranges such as <c>0-3</c>, <c>0,2</c> or
/// <c>0-1,4</c>; empty means every shard. The ids are checked against the shard count once it is known (configured, or
/// recommended by <c>GET /gateway/bot</c>).
/// </summary>
public sealed record ShardSelection
{
    /// <summary>A bound on ids and counts, so a typo such as <c>0-99999999</c> is refused instead of opening that many sockets.</summary>
    public const int MaxShards = 65_536;

    private readonly IReadOnlyList<(int From, int To)> ranges;

    private ShardSelection(IReadOnlyList<(int From, int To)> ranges) => this.ranges = ranges;

    /// <summary>Every shard of whatever count is in force.</summary>
    public static ShardSelection All { get; } = new([]);

    public bool IsAll => ranges.Count == 0;

    /// <summary>The highest id named, or null for <see cref="All"/>.</summary>
    public int? Highest => IsAll ? null : ranges.Max(range => range.To);

    /// <summary>Reads <c>Discord:Shards</c>; <paramref name="problem"/> says what is wrong in a way an operator can act on.</summary>
    public static bool TryParse(string? text, out ShardSelection selection, out string? problem)
    {
        selection = All;
        problem = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var ranges = new List<(int, int)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var bounds = part.Split('-', StringSplitOptions.TrimEntries);
            if (bounds.Length is < 1 or > 2 || !TryId(bounds[0], out var from) || !TryId(bounds[^1], out var to))
            {
                problem = $"Discord:Shards must be shard ids and ranges such as 0-3 or 0,2 (\"{part}\" is neither).";
                return false;
            }

            if (to < from)
            {
                problem = $"Discord:Shards has the range {part}, which runs backwards; write {to}-{from}.";
                return false;
            }

            ranges.Add((from, to));
        }

        selection = new ShardSelection(ranges);
        return true;
    }

    /// <summary>The ids to run for <paramref name="count"/> shards, in order; null with a problem when one is out of range.</summary>
    public IReadOnlyList<int>? Resolve(int count, out string? problem)
    {
        problem = null;
        if (IsAll)
        {
            return Enumerable.Range(0, count).ToList();
        }

        if (Highest >= count)
        {
            problem = $"Discord:Shards names shard {Highest}, but there are {count} shards (ids 0 to {count - 1}).";
            return null;
        }

        return ranges.SelectMany(range => Enumerable.Range(range.From, range.To - range.From + 1)).Distinct().Order().ToList();
    }

    public override string ToString() => IsAll ? "all" : string.Join(",", ranges.Select(r => r.From == r.To ? $"{r.From}" : $"{r.From}-{r.To}"));

    private static bool TryId(string text, out int id) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id < MaxShards;
}
