using System.Text;
using Bot.Answering;
using Bot.Knowledge.Index;
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

    private static byte[] Damage(byte[] good, string damage)
    {
        switch (damage)
        {
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
}
