using Bot.Commands;
using Bot.Tests.Moderation;

namespace Bot.Tests;

/// <summary>
/// <c>/ask</c> through the router, guards and storage as the program wires them. The refusals have their specs
/// elsewhere; these say that what a member types around a real question does not stop it being answered.
/// </summary>
public sealed class AskCommandSpecs
{
    [Theory]
    [InlineData("<@80351110224678912> what did Shen say?")]
    [InlineData("<@!80351110224678912> <@&165511591545143296> what did **Shen** say? <:mmLol:216154654256398347>")]
    [InlineData("@everyone what did Shen say <t:1618953630:R> in <#103735883630395392>?")]
    public async Task I_can_ask_a_question_at_someone_and_the_mention_does_not_stop_the_answer(string question)
    {
        await using var harness = new ModerationHarness();

        var reply = await harness.AskAsync(ModerationHarness.Ordinary, question);

        var embed = Assert.Single(reply.Embeds);
        Assert.Contains("a very dangerous situation", embed.Description, StringComparison.Ordinal);
        Assert.EndsWith("Financial Times · Why Xi Jinping is wary of Kim Jong Un’s embrace of Vladimir Putin · ¶9", embed.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", embed.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_question_around_a_real_one_is_shown_defused_and_still_answered_with_its_citation()
    {
        await using var harness = new ModerationHarness();

        var reply = await harness.AskAsync(ModerationHarness.Ordinary, "@everyone \u202E||How much are North Korea's weapons shipments to Russia worth?||\u200B");

        var embed = Assert.Single(reply.Embeds);
        Assert.DoesNotContain("@everyone", embed.Title, StringComparison.Ordinal);
        Assert.DoesNotContain('\u202E', embed.Title!);
        Assert.Contains("as much as $5.5 billion", embed.Description, StringComparison.Ordinal);
        Assert.EndsWith("[1] Bloomberg · Xi’s Balancing Act on Ukraine Disrupted by Putin\\-Kim Alliance · ¶10", embed.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void Mention_markup_is_taken_out_of_the_text_the_search_reads_and_other_angle_brackets_are_left()
    {
        var text = DiscordMarkdown.WithoutMentions("<@1> <@!2> <@&3> <#4> <:x:5> <a:y_z:6> <t:7> <t:8:R> </ask:9> <id:home> who is <Cha> a<b");

        Assert.Equal("who is <Cha> a<b", text.Trim());
    }
}
