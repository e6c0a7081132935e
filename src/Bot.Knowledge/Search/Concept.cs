namespace Bot.Knowledge.Search;

/// <summary>One way a concept can appear in a passage: a run of terms, and how much a match through it counts.</summary>
internal readonly record struct Alternative(int[] TermIds, double Weight);

/// <summary>
/// A thing the question asks about ("north korea", "soldiers"), as the question wrote it, with every way the articles
/// may say it. <see cref="Weight"/> is how telling it is (its idf, as the first pass scores it); an unknown concept has
/// no alternatives.
/// </summary>
internal sealed record Concept(string Surface, Alternative[] Alternatives, double Weight)
{
    public bool Known => Alternatives.Length > 0;
}
