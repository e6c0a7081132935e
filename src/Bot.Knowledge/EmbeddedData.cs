namespace Bot.Knowledge;

/// <summary>
/// The data files built into this library (word lists, the English frequencies, the irregular verbs): one reader for
/// all of them, so each file follows the same rules: one entry a line, blank lines and <c>#</c> comments skipped.
/// </summary>
internal static class EmbeddedData
{
    /// <summary>The entry lines of the embedded file <paramref name="resourceName"/> ("Bot.Knowledge.Quotes.person-nouns.txt").</summary>
    public static List<string> Lines(string resourceName)
    {
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"The embedded data file {resourceName} is missing from Bot.Knowledge.");
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                lines.Add(line);
            }
        }

        return lines;
    }
}
