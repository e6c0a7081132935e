using Bot.Answering;
using Bot.Commands;
using Bot.Discord.Abstractions;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;
using Bot.Tests.Support;

namespace Bot.Tests;

public sealed class AnswerReplySpecs
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

    private static Embed Reply(string question, bool ephemeral = false) =>
        Assert.Single(AnswerReplyBuilder.Build(new RankedSearcher(Knowledge).Search(question, 3), Knowledge.Version, ephemeral).Embeds);

    [Fact]
    public void The_answer_embed_quotes_the_best_passage_with_its_citation_and_lists_more_as_fields()
    {
        var embed = Reply("How much are North Korea's weapons shipments to Russia worth?");

        Assert.Equal("Q: How much are North Korea's weapons shipments to Russia worth?", embed.Title);
        Assert.Contains("as much as $5.5 billion", embed.Description, StringComparison.Ordinal);
        Assert.EndsWith("[1] Bloomberg · Xi’s Balancing Act on Ukraine Disrupted by Putin\\-Kim Alliance · ¶10", embed.Description, StringComparison.Ordinal);
        Assert.InRange(embed.Fields.Count, 1, 2);
        Assert.StartsWith("[2] ", embed.Fields[0].Name, StringComparison.Ordinal);
        Assert.Contains("knowledge " + Knowledge.Version, embed.Footer, StringComparison.Ordinal);
    }

    [Fact]
    public void A_hostile_question_is_shown_escaped_short_and_without_a_live_mention()
    {
        var question = "@everyone **bold** <@123> " + new string('x', 6000) + "\u200B";

        var embed = Reply(question);

        Assert.True(embed.Title!.Length <= 256, $"title is {embed.Title.Length} characters");
        Assert.DoesNotContain("@everyone", embed.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("<@123>", embed.Title, StringComparison.Ordinal);
        Assert.Contains("\\*\\*bold\\*\\*", embed.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void A_question_the_articles_do_not_cover_says_so_plainly()
    {
        var embed = Reply("best lasagna recipe");

        Assert.StartsWith("The articles don't say.", embed.Description, StringComparison.Ordinal);
        Assert.Empty(embed.Fields);
    }

    [Fact]
    public void The_reply_to_a_pasted_essay_says_only_its_first_words_were_read()
    {
        var question = "How much are North Korea's weapons shipments to Russia worth? " + string.Join(' ', Enumerable.Repeat("and what else happened then", 2000));
        var result = new RankedSearcher(Knowledge).Search(question, 3);

        var embed = Assert.Single(AnswerReplyBuilder.Build(result, Knowledge.Version, ephemeral: false).Embeds);
        var text = AnswerText.Render(result);

        Assert.StartsWith("Only the first 100 words of the question were read. · ", embed.Footer, StringComparison.Ordinal);
        Assert.StartsWith("Only the first 100 words of the question were read." + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains("\"wordsRead\":100", AnswerJson.From(result).ToJsonLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_reply_to_a_question_read_whole_says_nothing_about_its_length()
    {
        var result = new RankedSearcher(Knowledge).Search("How much are North Korea's weapons shipments to Russia worth?", 3);

        var embed = Assert.Single(AnswerReplyBuilder.Build(result, Knowledge.Version, ephemeral: false).Embeds);

        Assert.StartsWith("Sources: ", embed.Footer, StringComparison.Ordinal);
        Assert.DoesNotContain("were read", AnswerText.Render(result), StringComparison.Ordinal);
        Assert.DoesNotContain("wordsRead", AnswerJson.From(result).ToJsonLine(), StringComparison.Ordinal);
    }

    [Fact]
    public void Truncation_cuts_at_a_word_and_never_splits_an_emoji()
    {
        Assert.Equal("alpha beta…", DiscordMarkdown.Truncate("alpha beta gamma delta", 14));
        var emoji = new string('a', 9) + "😀😀";

        var cut = DiscordMarkdown.Truncate(emoji, 11);

        Assert.False(char.IsHighSurrogate(cut[^2]) && !char.IsLowSurrogate(cut[^1]));
        Assert.True(cut.Length <= 11);
    }
}
