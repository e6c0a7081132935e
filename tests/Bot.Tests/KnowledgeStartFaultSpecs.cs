using Bot.Tests.Support;

namespace Bot.Tests;

/// <summary>
/// The command line started on a knowledge file edited by hand, its checksum recomputed (issue 19): one line with the
/// reason and exit 1, where it used to die with a <see cref="KeyNotFoundException"/> or a <see cref="NullReferenceException"/>.
/// </summary>
public sealed class KnowledgeStartFaultSpecs
{
    [Theory]
    [InlineData("passage-of-a-missing-article", "passage 0 refers to an unknown article (number -1 of 2)")]
    [InlineData("synonym-group-empty", "synonym group 0 is empty or has a blank word")]
    [InlineData("passage-text-not-indexed", "has the term 'zanzibarg', which the term index lacks")]
    public async Task Asking_with_a_hand_edited_knowledge_file_gets_one_line_with_the_reason(string damage, string reason)
    {
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-edited-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, KnowledgeReloadFaultSpecs.Damage(await File.ReadAllBytesAsync(RepositoryPaths.KnowledgeFile), damage));

        var run = await BotProcess.RunAsync(["ask", "--knowledge", path, "How much are North Korea's weapons shipments to Russia worth?"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        var line = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(reason, line, StringComparison.Ordinal);
        Assert.Contains("knowledge build", line, StringComparison.Ordinal);
        File.Delete(path);
    }
}
