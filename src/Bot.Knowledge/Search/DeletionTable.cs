using System.IO.Hashing;
using System.Runtime.InteropServices;

namespace Bot.Knowledge.Search;

/// <summary>
/// Every known word filed under itself and each of its one-letter deletions (the SymSpell idea), as one array of the keys'
/// 64-bit hashes, sorted, beside the words. No string is made per key: for the 50,000 words of 500 Brown texts the table
/// is a few megabytes made in tens of milliseconds, where a dictionary of half a million key strings took 0.6 s and
/// 100 MB on the first question with a typo. Two keys sharing a hash only add a candidate; callers check each
/// candidate's edit distance.
/// </summary>
internal sealed class DeletionTable
{
    private const int StackWord = 64;

    private readonly ulong[] _keys;
    private readonly string[] _words;

    public DeletionTable(IEnumerable<string> words)
    {
        var keys = new List<ulong>();
        var owners = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[StackWord];
        foreach (var word in words)
        {
            if (!seen.Add(word))
            {
                continue;
            }

            var scratch = word.Length <= StackWord ? buffer : new char[word.Length];
            var previous = 0UL;
            for (var deleted = -1; deleted < word.Length; deleted++)
            {
                var hash = Hash(Key(word, deleted, scratch));

                // Deleting either letter of a double gives the same key ("bok" of "book"), one after the other: filed once.
                if (deleted >= 0 && hash == previous)
                {
                    continue;
                }

                previous = hash;
                keys.Add(hash);
                owners.Add(word);
            }
        }

        // Sorted by key; under one key the words keep the order they came in, so candidates come in a stable order.
        _keys = [.. keys];
        var order = Enumerable.Range(0, _keys.Length).ToArray();
        Array.Sort(_keys, order);
        for (var start = 0; start < _keys.Length;)
        {
            var end = start + 1;
            while (end < _keys.Length && _keys[end] == _keys[start])
            {
                end++;
            }

            Array.Sort(order, start, end - start);
            start = end;
        }

        _words = [.. order.Select(index => owners[index])];
    }

    /// <summary>
    /// The known words filed under any key of <paramref name="word"/> (itself, then each deletion in turn), in that order;
    /// a word filed under several keys comes once per key, and one of a key sharing a hash, rarely, too.
    /// </summary>
    public List<string> CandidatesNear(string word)
    {
        var candidates = new List<string>();
        Span<char> scratch = word.Length <= StackWord ? stackalloc char[word.Length] : new char[word.Length];
        for (var deleted = -1; deleted < word.Length; deleted++)
        {
            var (start, end) = SortedRange.Of<ulong>(_keys, Hash(Key(word, deleted, scratch)));
            candidates.AddRange(_words.AsSpan(start, end - start));
        }

        return candidates;
    }

    /// <summary>The word itself when <paramref name="deleted"/> is negative, else the word without that letter, in <paramref name="scratch"/>.</summary>
    private static ReadOnlySpan<char> Key(string word, int deleted, Span<char> scratch)
    {
        if (deleted < 0)
        {
            return word;
        }

        word.AsSpan(0, deleted).CopyTo(scratch);
        word.AsSpan(deleted + 1).CopyTo(scratch[deleted..]);
        return scratch[..(word.Length - 1)];
    }

    private static ulong Hash(ReadOnlySpan<char> key) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key));
}
