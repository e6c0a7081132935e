using System.Globalization;

namespace Bot.Discord.Abstractions;

/// <summary>
/// A Discord id: a 64-bit number that travels as a string in JSON.
/// See ../shared/discord/docs/reference.mdx, "Snowflakes".
/// </summary>
public readonly record struct Snowflake(ulong Value) : IComparable<Snowflake>
{
    public static Snowflake Parse(string text) => new(ulong.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture));

    public static bool TryParse(string? text, out Snowflake snowflake)
    {
        var ok = ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value);
        snowflake = new Snowflake(value);
        return ok;
    }

    public int CompareTo(Snowflake other) => Value.CompareTo(other.Value);

    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
