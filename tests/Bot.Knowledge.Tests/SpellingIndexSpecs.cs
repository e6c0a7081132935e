using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

/// <summary>
/// A word the articles lack is read as the known word one typo away: a letter missing, extra, wrong, or two swapped.
/// Words written for the test, not the articles' own.
/// </summary>
public sealed class SpellingIndexSpecs
{
    private static readonly string[] Known = ["harbour", "harbours", "dredging", "ferry", "berry", "merry", "lighthouse", "book", "boot", "tide"];

    [Theory]
    [InlineData("harbor", "harbour")] // a letter missing
    [InlineData("dreddging", "dredging")] // a letter extra
    [InlineData("lighthoise", "lighthouse")] // a letter wrong
    [InlineData("tdie", "tide")] // two swapped
    public void A_word_one_typo_from_a_single_known_word_is_read_as_it(string typed, string meant)
    {
        var spelling = new SpellingIndex(Known);

        Assert.True(spelling.TryOnlyNear(typed, out var only));
        Assert.Equal(meant, only);
        Assert.Equal([meant], spelling.Near(typed));
    }

    [Fact]
    public void Every_known_word_one_edit_away_is_near_in_order_and_two_edits_are_not()
    {
        var spelling = new SpellingIndex(Known);

        Assert.Equal(["berry", "ferry", "merry"], spelling.Near("xerry"));
        Assert.Equal(["book", "boot"], spelling.Near("boo"));
        Assert.Empty(spelling.Near("harb"));
        Assert.Empty(spelling.Near("fairy"));
    }

    [Fact]
    public void Among_several_near_words_the_one_used_far_more_is_taken_and_otherwise_none()
    {
        var uses = new Dictionary<string, int> { ["berry"] = 1, ["ferry"] = 9, ["merry"] = 2 };
        var dominant = new SpellingIndex(Known, frequency: word => uses.GetValueOrDefault(word));
        var even = new SpellingIndex(Known, frequency: _ => 1);

        Assert.True(dominant.TryOnlyNear("xerry", out var taken));
        Assert.Equal("ferry", taken);
        Assert.False(even.TryOnlyNear("xerry", out _));
    }

    [Fact]
    public void A_known_word_is_not_near_itself_and_words_with_one_term_count_once()
    {
        var spelling = new SpellingIndex(Known, term: word => word.TrimEnd('s'));

        Assert.Equal(["harbours"], spelling.Near("harbour"));
        Assert.True(spelling.TryOnlyNear("harboura", out var only));
        Assert.Equal("harbour", only);
    }
}
