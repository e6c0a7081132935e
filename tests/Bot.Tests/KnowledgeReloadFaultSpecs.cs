using Bot.Answering;
using Bot.Knowledge.Index;
using Bot.Knowledge.Synonyms;
using Bot.Tests.Moderation;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests;

/// <summary>
/// A knowledge file damaged while the bot runs: a reload refuses it with the reason and the command that fixes it,
/// and the knowledge already loaded keeps answering.
/// </summary>
public sealed class KnowledgeReloadFaultSpecs
{
    public static TheoryData<string, string> Damages => new()
    {
        { "truncated", "is truncated or damaged (its footer is missing)" },
        { "corrupt", "is corrupt (checksum mismatch in its section '" },
        { "wrong-version", "has format version 99, this bot reads version 4" },
        { "empty", "is not a knowledge file (format 'none'" },

        // Edited, the checksums recomputed the way the writer computes them (issue 19).
        { "passage-of-a-missing-article", "passage 0 refers to an unknown article (number -1 of 2)" },
        { "synonym-group-empty", "synonym group 0 is empty or has a blank word" },
        { "passage-text-not-indexed", "has the term 'zanzibarg', which the term index lacks" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_file_at_reload_is_refused_and_the_loaded_knowledge_keeps_answering(string damage, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-{damage}-{Guid.NewGuid():N}.bin");
        var good = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);
        File.WriteAllBytes(path, good);
        var provider = new KnowledgeProvider(Options.Create(new KnowledgeOptions { Path = path }), NullLogger<KnowledgeProvider>.Instance);
        var loaded = provider.Current.Checksum;

        File.WriteAllBytes(path, Damage(good, damage));
        var refused = Assert.Throws<KnowledgeFileException>(provider.Reload);

        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", refused.Message, StringComparison.Ordinal);
        Assert.Equal(loaded, provider.Current.Checksum);
        Assert.Contains(provider.Searcher.Search("How much are North Korea's weapons shipments to Russia worth?").Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));

        File.WriteAllBytes(path, good);
        Assert.Equal(loaded, provider.Reload().Checksum);
        File.Delete(path);
    }

    [Fact]
    public void A_damaged_file_at_start_fails_the_first_question_with_the_reason_not_a_crash()
    {
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-start-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, Damage(File.ReadAllBytes(RepositoryPaths.KnowledgeFile), "corrupt"));
        var provider = new KnowledgeProvider(Options.Create(new KnowledgeOptions { Path = path }), NullLogger<KnowledgeProvider>.Instance);

        var refused = Assert.Throws<KnowledgeFileException>(() => provider.Current);

        Assert.Contains(path, refused.Message, StringComparison.Ordinal);
        Assert.Contains("checksum mismatch", refused.Message, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public async Task A_moderator_reloading_a_hand_edited_file_is_told_the_reason()
    {
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-edited-{Guid.NewGuid():N}.bin");
        var good = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);
        File.WriteAllBytes(path, good);
        await using var harness = new ModerationHarness(knowledgePath: path);
        await harness.AskAsync(ModerationHarness.ServerModerator, "How much are North Korea's weapons shipments to Russia worth?");

        File.WriteAllBytes(path, Damage(good, "passage-text-not-indexed"));
        var refused = await harness.ModAsync(ModerationHarness.ServerModerator, ModerationHarness.Sub("reload"));
        var answer = await harness.AskAsync(ModerationHarness.ServerModerator, "How much are North Korea's weapons shipments to Russia worth?");

        Assert.StartsWith("The knowledge file was refused: ", refused.Content, StringComparison.Ordinal);
        Assert.Contains("has the term 'zanzibarg', which the term index lacks", refused.Content, StringComparison.Ordinal);
        Assert.Contains("keeps answering", refused.Content, StringComparison.Ordinal);
        Assert.Contains("$5.5 billion", Assert.Single(answer.Embeds).Description, StringComparison.Ordinal);
        File.Delete(path);
    }

    internal static byte[] Damage(byte[] good, string damage)
    {
        switch (damage)
        {
            case "passage-of-a-missing-article":
                return Edited(good, payload => payload with { Passages = [payload.Passages[0] with { Article = "no-such-article" }, .. payload.Passages.Skip(1)] });
            case "synonym-group-empty":
                return Edited(good, payload => payload with { Synonyms = [new SynonymEntry([]), .. payload.Synonyms!.Skip(1)] });
            case "passage-text-not-indexed":
                // Same length, so the sentences still fit: only the words differ from what the index holds.
                return Edited(good, payload => payload with { Passages = [payload.Passages[0] with { Text = "Zanzibar" + payload.Passages[0].Text[8..] }, .. payload.Passages.Skip(1)] });
            case "truncated":
                return good[..(good.Length * 2 / 3)];
            case "empty":
                return [];
            case "corrupt":
                // A letter in the middle of the file: not the bytes its section's checksum was made of.
                var flipped = (byte[])good.Clone();
                var at = Array.IndexOf(flipped, (byte)'e', good.Length / 2);
                flipped[at] = (byte)'a';
                return flipped;
            default:
                var versioned = (byte[])good.Clone();
                BitConverter.TryWriteBytes(versioned.AsSpan(1 + KnowledgeFile.Format.Length, 4), 99);
                return versioned;
        }
    }

    /// <summary>The file with <paramref name="edit"/> made to what it holds, written again: the checksums recomputed.</summary>
    private static byte[] Edited(byte[] good, Func<KnowledgePayload, KnowledgePayload> edit) =>
        KnowledgeFile.Serialize(edit(KnowledgeFile.Parse(good, "good").ToPayload()));
}
