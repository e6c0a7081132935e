using System.Diagnostics;
using System.Globalization;
using System.Text;
using Bot.Benchmarks.Scale;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Benchmarks.Questions;

/// <summary>
/// <c>long-question [--sizes 236,1000,6000,20000,102400] [--runs 5] [--typos] [--knowledge FILE]</c>: how long one search takes on
/// a question of each size, made of the articles' own paragraphs (every word known), cut at a space; with <c>--typos</c>, every
/// word of four letters or more has one letter changed (seeded), so the search looks for a correction of each.
/// Issue 19: a 100 KB question took 312 s; Discord's option limit is 6,000 characters. The median of the runs is
/// printed, with the first (cold) run beside it.
/// </summary>
internal static class LongQuestionCommand
{
    public static int Run(Arguments arguments)
    {
        var sizes = (arguments.Option("--sizes") ?? "236,1000,6000,20000,102400").Split(',').Select(size => int.Parse(size, CultureInfo.InvariantCulture)).ToList();
        var runs = int.Parse(arguments.Option("--runs") ?? "5", CultureInfo.InvariantCulture);
        var knowledge = KnowledgeBase.Load(arguments.Option("--knowledge") ?? Path.Combine(RepositoryRoot.Path, "knowledge", "knowledge.bin"));
        var searcher = new RankedSearcher(knowledge);
        searcher.Search("How many soldiers did North Korea send?");
        Console.WriteLine($"Machine: {Machine.Describe()}");
        foreach (var size in sizes)
        {
            var question = QuestionOf(knowledge, size, arguments.Flag("--typos"));
            var times = new List<double>(runs);
            SearchResult? result = null;
            for (var run = 0; run < runs; run++)
            {
                var started = Stopwatch.GetTimestamp();
                result = searcher.Search(question);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            var sorted = times.Order().ToList();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{question.Length,7} characters ({question.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length,6} words): median {sorted[sorted.Count / 2],9:0.000} ms, first {times[0],9:0.000} ms, " +
                $"answered {result!.Answered}, truncated {result.Truncated}; load average {Machine.LoadAverage}"));
        }

        return 0;
    }

    /// <summary>The articles' paragraphs one after another, on one line, as often as needed, cut at the last space before <paramref name="size"/>.</summary>
    private static string QuestionOf(KnowledgeBase knowledge, int size, bool typos)
    {
        var text = new StringBuilder(size + 1024);
        var random = new Random(19);
        while (text.Length < size)
        {
            foreach (var passage in knowledge.Passages)
            {
                foreach (var word in passage.Text.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
                {
                    var chars = word.ToCharArray();
                    if (typos && chars.Length >= 4 && chars.All(char.IsLetter))
                    {
                        chars[random.Next(1, chars.Length)] = (char)('a' + random.Next(26));
                    }

                    text.Append(chars).Append(' ');
                }
            }
        }

        var cut = text.ToString(0, size);
        var space = cut.LastIndexOf(' ');
        return (space > 0 ? cut[..space] : cut).Trim();
    }
}
