using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Tests.Moderation;
using Bot.Tests.Support;

namespace Bot.Tests;

/// <summary>An article added to the knowledge file with <c>knowledge add</c> answers after a moderator's <c>/mod reload</c> (issue 20).</summary>
public sealed class KnowledgeSegmentReloadSpecs
{
    private const string Question = "when will the northern harbour channel be dredged?";

    [Fact]
    public async Task An_added_article_answers_after_a_reload_and_a_removed_one_no_longer_does()
    {
        var folder = Directory.CreateTempSubdirectory("segment-reload-").FullName;
        var path = Path.Combine(folder, "knowledge.bin");
        File.Copy(RepositoryPaths.KnowledgeFile, path);
        await using var harness = new ModerationHarness(knowledgePath: path);
        var before = await harness.AskAsync(ModerationHarness.ServerModerator, Question);

        KnowledgeSegments.Add(path, [ArticleSource.Parse("harbour.txt", Encoding.UTF8.GetBytes(
            "---\nid: harbour-dredging\ntitle: Harbour dredging to start in spring\npublisher: Harbour Gazette\n---\n\n" +
            "The port authority will begin dredging the northern harbour channel in April, its director said on Monday.\n\n" +
            "The work will deepen the channel to fourteen metres so that the largest container ships can dock.\n"))]);
        var reloaded = await harness.ModAsync(ModerationHarness.ServerModerator, ModerationHarness.Sub("reload"));
        var after = await harness.AskAsync(ModerationHarness.ServerModerator, Question);
        KnowledgeSegments.Remove(path, ["harbour-dredging"]);
        await harness.ModAsync(ModerationHarness.ServerModerator, ModerationHarness.Sub("reload"));
        var removed = await harness.AskAsync(ModerationHarness.ServerModerator, Question);

        Assert.DoesNotContain("Harbour dredging", before.Content + string.Concat(before.Embeds.Select(embed => embed.Description + embed.Footer + embed.Title)), StringComparison.Ordinal);
        Assert.StartsWith("Reloaded: now answering from knowledge ", reloaded.Content, StringComparison.Ordinal);
        Assert.Contains("with 3 articles and 42 passages", reloaded.Content, StringComparison.Ordinal);
        Assert.StartsWith("The port authority will begin **dredging**", Assert.Single(after.Embeds).Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbour dredging", removed.Content + string.Concat(removed.Embeds.Select(embed => embed.Description + embed.Footer + embed.Title)), StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }
}
