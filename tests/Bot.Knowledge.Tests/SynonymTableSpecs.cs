using Bot.Knowledge.Analysis;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Tests;

/// <summary>What the synonym table gives a question's phrase: the other ways of saying it, analysed like the articles.</summary>
public sealed class SynonymTableSpecs
{
    private static readonly TextAnalyzer Analyzer = TextAnalyzer.Shared;

    [Fact]
    public void A_group_matches_its_other_phrases_and_the_longest_phrase_wins()
    {
        var table = SynonymTable.Create([new SynonymEntry(["north korea", "dprk"]), new SynonymEntry(["korea", "korean peninsula"])], Analyzer);

        var (length, alternatives) = table.LongestMatch(Terms("north korea missile"));

        Assert.Equal(2, length);
        Assert.Equal([Terms("dprk")], alternatives);
        Assert.Empty(table.LongestMatch(Terms("missile")).Alternatives);
        Assert.Equal(0, table.LongestMatch(Terms("missile")).Length);
    }

    [Fact]
    public void A_one_way_entry_matches_its_targets_and_not_the_other_way_round()
    {
        var table = SynonymTable.Create([new SynonymEntry(["aacu"], ["American Assembly of Columbia University", "aacu"])], Analyzer);

        var (length, alternatives) = table.LongestMatch(Terms("aacu"));

        Assert.Equal(1, length);
        Assert.Equal([Terms("American Assembly of Columbia University")], alternatives);
        Assert.Equal(0, table.LongestMatch(Terms("american assembly")).Length);
    }

    [Fact]
    public void Searches_that_first_ask_for_a_phrase_at_the_same_time_all_get_its_alternatives_whole()
    {
        // A one-way entry's targets are analysed when first asked for: every thread must see them complete, and the same.
        var entries = Enumerable.Range(0, 200)
            .Select(i => new SynonymEntry([$"zq{i}"], [$"Alpha Bravo Number{i} Institute", $"Charlie Delta{i}"]))
            .ToList();
        var table = SynonymTable.Create(entries, Analyzer);
        var seen = new IReadOnlyList<string[]>[8][];
        Parallel.For(0, 8, thread =>
        {
            seen[thread] = [.. Enumerable.Range(0, 200).Select(i => table.LongestMatch(Terms($"zq{i}")).Alternatives)];
        });

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal([Terms($"Alpha Bravo Number{i} Institute"), Terms($"Charlie Delta{i}")], seen[0][i]);
            Assert.All(seen, answers => Assert.Same(seen[0][i], answers[i]));
        }
    }

    private static string[] Terms(string text) => [.. Analyzer.Analyze(text).Select(token => token.Term)];
}
