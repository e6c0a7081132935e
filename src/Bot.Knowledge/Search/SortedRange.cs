using System.Numerics;

namespace Bot.Knowledge.Search;

/// <summary>Where a value lies in a sorted span: the first index holding it and the index after its last.</summary>
internal static class SortedRange
{
    public static (int Start, int End) Of<T>(ReadOnlySpan<T> sorted, T value)
        where T : IComparisonOperators<T, T, bool>
    {
        var (low, high) = (0, sorted.Length);
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] < value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        var end = low;
        while (end < sorted.Length && sorted[end] == value)
        {
            end++;
        }

        return (low, end);
    }
}
