using System.Text;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

/// <summary>
/// A question is read up to a bound (issue 19: a pasted 100 KB question took five minutes): the search answers its first
/// hundred words, exactly as it answers those words asked alone, and says that it cut the rest.
/// </summary>
public sealed class QuestionPrefixSpecs
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

    [Fact]
    public void A_100_KB_question_is_answered_as_its_first_hundred_words_and_the_result_says_so()
    {
        var question = "How much are North Korea's weapons shipments to Russia worth? " + ArticleText(100 * 1024);
        var searcher = new RankedSearcher(Knowledge);

        var whole = searcher.Search(question);
        var (prefix, wordsRead) = QuestionPrefix.Of(question);
        var opening = searcher.Search(prefix);

        Assert.Equal(QuestionPrefix.MaxWords, wordsRead);
        Assert.Equal(QuestionPrefix.MaxWords, prefix.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.StartsWith(prefix, question, StringComparison.Ordinal);
        Assert.True(whole.Truncated);
        Assert.Equal(QuestionPrefix.MaxWords, whole.WordsRead);
        Assert.False(opening.Truncated);
        Assert.Equal(question, whole.Question);
        Assert.Equal(Describe(opening), Describe(whole));
    }

    [Fact]
    public void A_question_of_several_sentences_is_read_whole()
    {
        // The longest question of the question set, twice over: 68 words.
        const string Longest = "According to the opening of the Bloomberg analysis, what development is presenting the Chinese president with a further predicament at a moment when Beijing is being pressed internationally to restrain its closest diplomatic associates?";
        var question = Longest + " " + Longest;

        var (read, wordsRead) = QuestionPrefix.Of(question);
        var result = new RankedSearcher(Knowledge).Search(question);

        Assert.Same(question, read);
        Assert.Null(wordsRead);
        Assert.False(result.Truncated);
    }

    [Fact]
    public void A_run_without_spaces_is_read_to_the_character_bound()
    {
        var question = "  " + string.Concat(Enumerable.Repeat("putin,kim;", 600));

        var (read, wordsRead) = QuestionPrefix.Of(question);
        var result = new RankedSearcher(Knowledge).Search(question);

        Assert.Equal(QuestionPrefix.MaxCharacters, read.Length);
        Assert.StartsWith("putin,kim;", read, StringComparison.Ordinal);
        Assert.Equal(1, wordsRead);
        Assert.Equal(1, result.WordsRead);
    }

    [Fact]
    public void Words_past_the_character_bound_are_cut_at_the_last_whole_word()
    {
        // Sixty words of twenty letters: the bound of characters comes before the bound of words.
        var question = string.Join(' ', Enumerable.Range(0, 60).Select(i => new string((char)('a' + (i % 26)), 20)));

        var (read, wordsRead) = QuestionPrefix.Of(question);

        Assert.Equal(47, wordsRead);
        Assert.Equal((47 * 21) - 1, read.Length);
        Assert.EndsWith(" " + new string((char)('a' + (46 % 26)), 20), read, StringComparison.Ordinal);
    }

    /// <summary>Everything a reply is made from, as text: records compare their lists by reference.</summary>
    private static string Describe(SearchResult result) =>
        $"{result.Answered} | missing {string.Join(", ", result.MissingWords)} | suggested {string.Join(", ", result.Suggestions)} | " +
        string.Join(" | ", result.Hits.Select(hit => $"{hit.Passage.Index} {hit.Score:R} [{string.Join(" ", hit.Highlights.Select(span => $"{span.Start}+{span.Length}"))}]"));

    /// <summary>The articles' paragraphs on one line, repeated to <paramref name="size"/> characters.</summary>
    private static string ArticleText(int size)
    {
        var text = new StringBuilder(size + 2048);
        while (text.Length < size)
        {
            foreach (var passage in Knowledge.Passages)
            {
                text.Append(passage.Text.ReplaceLineEndings(" ")).Append(' ');
            }
        }

        return text.ToString(0, size);
    }
}
