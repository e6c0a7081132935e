namespace FakeDiscord;

/// <summary>Discord-shaped ids: milliseconds since the Discord epoch (2015) shifted left 22 bits, plus a counter (docs/reference.mdx).</summary>
internal static class Snowflakes
{
    private const long DiscordEpochMs = 1_420_070_400_000;
    private static long s_last;

    public static ulong Next()
    {
        var candidate = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - DiscordEpochMs) << 22;
        while (true)
        {
            var last = Interlocked.Read(ref s_last);
            var next = Math.Max(candidate, last + 1);
            if (Interlocked.CompareExchange(ref s_last, next, last) == last)
            {
                return (ulong)next;
            }
        }
    }
}
