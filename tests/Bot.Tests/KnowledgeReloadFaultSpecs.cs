using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Bot.Answering;
using Bot.Knowledge.Index;
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
        { "truncated", "is not valid JSON" },
        { "corrupt", "is corrupt (checksum mismatch)" },
        { "wrong-version", "has format version 99, this bot reads version" },
        { "empty", "is not valid JSON" },

        // Edited by hand, the checksum recomputed the way the writer computes it (issue 19).
        { "passage-of-a-missing-article", "passage 0 refers to an unknown article 'no-such-article'" },
        { "synonym-group-null", "synonym group 0 is null, empty or has a blank or null word" },
        { "passage-text-not-indexed", "has the term 'zanzibarg', which the term index lacks" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_damaged_file_at_reload_is_refused_and_the_loaded_knowledge_keeps_answering(string damage, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-{damage}-{Guid.NewGuid():N}.json");
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
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-start-{Guid.NewGuid():N}.json");
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
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-edited-{Guid.NewGuid():N}.json");
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
                return Edited(good, payload => payload["passages"]![0]!["article"] = "no-such-article");
            case "synonym-group-null":
                return Edited(good, payload => payload["synonyms"]![0] = null);
            case "passage-text-not-indexed":
                // Same length, so the sentences still fit: only the words differ from what the index holds.
                return Edited(good, payload => payload["passages"]![0]!["text"] = "Zanzibar" + ((string)payload["passages"]![0]!["text"]!)[8..]);
            case "truncated":
                return good[..(good.Length * 2 / 3)];
            case "empty":
                return [];
            case "corrupt":
                var flipped = (byte[])good.Clone();
                // A letter inside the payload's passages: still valid JSON, but not the bytes the checksum was made of.
                var at = Array.IndexOf(flipped, (byte)'e', good.Length / 2);
                flipped[at] = (byte)'a';
                return flipped;
            default:
                var text = Encoding.UTF8.GetString(good);
                var version = $"\"version\":{KnowledgeFile.Version}";
                var index = text.IndexOf(version, StringComparison.Ordinal);
                return Encoding.UTF8.GetBytes(text[..index] + "\"version\":99" + text[(index + version.Length)..]);
        }
    }

    /// <summary>The file with <paramref name="edit"/> made to its payload and the checksum of the new payload's bytes.</summary>
    private static byte[] Edited(byte[] good, Action<JsonObject> edit)
    {
        var payload = JsonNode.Parse(good)!["payload"]!.AsObject();
        edit(payload);
        var payloadBytes = Encoding.UTF8.GetBytes(payload.ToJsonString());
        var checksum = Convert.ToHexStringLower(SHA256.HashData(payloadBytes));
        return [.. Encoding.UTF8.GetBytes($"{{\"format\":\"{KnowledgeFile.Format}\",\"version\":{KnowledgeFile.Version},\"checksum\":\"{checksum}\",\"payload\":"), .. payloadBytes, .. "}\n"u8];
    }
}
