using Bot.Knowledge.Analysis;

namespace Bot.Benchmarks.Corpus;

/// <summary>
/// Queries of 3–8 consecutive words drawn from the corpus' own sentences with a fixed seed, so every run and both
/// engines get the same list. A window of nothing but stop words is skipped: neither engine has anything to search.
/// </summary>
internal static class QuerySet
{
    public const int Seed = 20_240_607;

    public static IReadOnlyList<string> Draw(IReadOnlyList<BrownText> texts, int count, int seed = Seed)
    {
        var random = new Random(seed);
        var sentences = texts.SelectMany(text => text.Sentences).ToList();
        var queries = new List<string>(count);
        while (queries.Count < count)
        {
            var words = sentences[random.Next(sentences.Count)]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(word => word.Trim('"', ',', '.', ';', ':', '?', '!', '(', ')', '\''))
                .Where(word => word.Length > 0 && word.Any(char.IsLetter))
                .ToList();
            var length = random.Next(3, 9);
            if (words.Count < length)
            {
                continue;
            }

            var start = random.Next(words.Count - length + 1);
            var query = string.Join(' ', words.Skip(start).Take(length));
            if (TextAnalyzer.Shared.Analyze(query).Count > 0)
            {
                queries.Add(query);
            }
        }

        return queries;
    }
}
