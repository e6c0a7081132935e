
namespace Bot.Knowledge.Synonyms;

/// <summary>
/// Reads the synonym file (<c>knowledge/synonyms.txt</c>): one group a line, <c>a, b, c</c> for words that mean the
/// same, <c>a, b =&gt; c, d</c> for a one-way alias, <c>a, b ~&gt; c, d</c> for names that speak for others (a
/// paragraph naming c is not missing the name a), <c>#</c> for comments. The file's own header documents the format.
/// </summary>
public static class SynonymFile
{
    /// <summary>The file's name; the builder looks for it beside the articles folder.</summary>
    public const string FileName = "synonyms.txt";

    public static IReadOnlyList<SynonymEntry> Read(string path) => Parse(File.ReadAllText(path), Path.GetFileName(path));

    public static IReadOnlyList<SynonymEntry> Parse(string text, string name = FileName)
    {
        var entries = new List<SynonymEntry>();
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var speaksFor = line.IndexOf("~>", StringComparison.Ordinal);
            var arrow = speaksFor >= 0 ? speaksFor : line.IndexOf("=>", StringComparison.Ordinal);
            var left = Words(arrow < 0 ? line : line[..arrow]);
            var right = arrow < 0 ? null : Words(line[(arrow + 2)..]);
            if (left.Count == 0 || (right is null && left.Count < 2) || right is { Count: 0 })
            {
                throw new FormatException($"{name} line {lineNumber}: a group needs two or more words (\"a, b\"), a one-way alias (\"a => b\") or names that speak for others (\"a ~> b\").");
            }

            entries.Add(new SynonymEntry(left, right, speaksFor >= 0 ? true : null));
        }

        return entries;
    }

    private static List<string> Words(string list) =>
        list.Split(',').Select(word => word.Trim().ToLowerInvariant()).Where(word => word.Length > 0).Distinct(StringComparer.Ordinal).ToList();
}
