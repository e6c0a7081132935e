namespace Bot.Knowledge.Articles;

/// <summary>A stretch of text by offset and length (UTF-16 code units).</summary>
public readonly record struct TextSpan(int Start, int Length)
{
    public int End => Start + Length;

    public string Of(string text) => text.Substring(Start, Length);
}
