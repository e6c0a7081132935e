using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Knowledge.Ranking;

namespace Bot.Benchmarks.Scale;

/// <summary>
/// <c>scale ... --answers DIR</c>: every query's full answer (passages, scores to the last bit, highlights, missing
/// words, suggestions) written to a file per corpus, so two builds of the search can be diffed on the same corpus and
/// queries; and the slowest queries, the ones behind p99, with their times.
/// </summary>
internal static class AnswerDump
{
    private const int Slowest = 15;

    public static void Write(RankedSearcher searcher, IReadOnlyList<string> queries, int maxResults, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var text = new StringBuilder();
        var times = new List<(double Microseconds, string Query)>(queries.Count);
        foreach (var query in queries)
        {
            var result = searcher.Search(query, maxResults);
            text.Append(CultureInfo.InvariantCulture, $"{query}\t{(result.Answered ? "answered" : "declined")}\tmissing: {string.Join(", ", result.MissingWords)}\tsuggested: {string.Join(" | ", result.Suggestions)}\n");
            foreach (var hit in result.Hits)
            {
                var highlights = string.Join(' ', hit.Highlights.Select(span => string.Create(CultureInfo.InvariantCulture, $"{span.Start}+{span.Length}")));
                text.Append(CultureInfo.InvariantCulture, $"\t{hit.Passage.Article.Id}#{hit.Passage.Number}\t{hit.Score:R}\t{highlights}\n");
            }

            // The best of three, so the list names queries that are slow, not ones that met a collection.
            var best = double.MaxValue;
            for (var i = 0; i < 3; i++)
            {
                var start = Stopwatch.GetTimestamp();
                searcher.Search(query, maxResults);
                best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalMicroseconds);
            }

            times.Add((best, query));
        }

        File.WriteAllText(path, text.ToString());
        Console.WriteLine($"answers written to {path}; the slowest queries (best of 3):");
        foreach (var (microseconds, query) in times.OrderByDescending(time => time.Microseconds).Take(Slowest))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {microseconds,9:0.0} µs  {query}"));
        }
    }
}
