using System.Text;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

public sealed class KnowledgeFileSpecs
{
    [Fact]
    public void Building_twice_gives_byte_identical_files()
    {
        var first = KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles));
        var second = KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles));

        Assert.Equal(first, second);
    }

    [Fact]
    public void The_file_is_an_envelope_whose_checksum_is_of_the_payload_bytes_exactly_as_written()
    {
        var file = KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles));

        // The envelope before the payload is ASCII, so character and byte offsets agree there.
        var text = Encoding.UTF8.GetString(file);
        var payloadStart = text.IndexOf(",\"payload\":", StringComparison.Ordinal) + ",\"payload\":".Length;
        var payload = file.AsSpan(payloadStart, file.Length - payloadStart - "}\n".Length);
        Assert.Matches("^\\{\"format\":\"article-bot-knowledge\",\"version\":3,\"checksum\":\"[0-9a-f]{64}\",\"payload\":\\{", text);
        Assert.EndsWith("}}\n", text, StringComparison.Ordinal);
        Assert.Equal(KnowledgeFile.Parse(file, "built").Checksum, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(payload)));
        Assert.Contains($"\"checksum\":\"{KnowledgeFile.Parse(file, "built").Checksum}\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_committed_knowledge_file_is_current_with_the_articles()
    {
        var built = KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles));
        var committed = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);

        Assert.True(
            built.AsSpan().SequenceEqual(committed),
            "knowledge/knowledge.json is stale: run `dotnet run --project src/Bot -- knowledge build` and commit it.");
    }

    [Fact]
    public void The_file_records_version_analyzer_sources_articles_passages_and_terms()
    {
        var contents = KnowledgeFile.Read(RepositoryPaths.KnowledgeFile);
        var payload = contents.Payload;

        Assert.Equal(TextAnalyzer.Version, payload.Analyzer.Version);
        Assert.Equal([1.2, 0.75], new[] { payload.Analyzer.K1, payload.Analyzer.B });
        Assert.Equal(["bloomberg-xi-balancing-act.txt", "ft-xi-wary-of-kim-putin.txt"], payload.Sources.Select(source => source.File));
        Assert.All(payload.Sources, source => Assert.Matches("^[0-9a-f]{64}$", source.Sha256));
        Assert.Contains("weapon", payload.Terms.Keys);
        Assert.Equal(payload.Articles.Sum(article => article.Paragraphs), payload.Passages.Count);
    }

    [Fact]
    public void Opening_the_knowledge_analyses_no_passage_and_an_answer_only_the_articles_it_scores()
    {
        // The two articles, and twenty more about gardening that no question here is about.
        var gardening = Enumerable.Range(1, 20).Select(n => ArticleSource.Parse(
            $"garden-{n:00}.txt",
            Encoding.UTF8.GetBytes($"---\nid: garden-{n:00}\ntitle: Tomatoes, part {n}\n---\nTomatoes want sun and water, week {n}.\n\nPrune the side shoots of the vines.\n")));
        var sources = Directory.EnumerateFiles(RepositoryPaths.Articles, "*.txt").Select(ArticleSource.Read).Concat(gardening);
        var knowledge = KnowledgeBase.FromPayload(KnowledgeBuilder.Build(sources));
        var searcher = new Bot.Knowledge.Ranking.RankedSearcher(knowledge);
        var opened = knowledge.PassageIndex.Passages.Made;

        var answer = searcher.Search("How much are North Korea's weapons shipments to Russia worth?");

        Assert.Equal(0, opened);
        Assert.Contains(answer.Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));
        Assert.InRange(knowledge.PassageIndex.Passages.Made, 1, 40);
    }

    [Fact]
    public void A_citation_names_publisher_title_and_paragraph()
    {
        var knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

        var passage = knowledge.FindPassage("ft-xi-wary-of-kim-putin", 9)!;

        Assert.Equal("Financial Times · Why Xi Jinping is wary of Kim Jong Un’s embrace of Vladimir Putin · ¶9", passage.Citation);
        Assert.Equal("“North Korea has unnecessarily put China in a very dangerous situation,” Shen said.", passage.Text);
    }

    [Fact]
    public void A_missing_file_is_named_with_the_command_that_builds_it()
    {
        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Read("/nonexistent/knowledge.json"));

        Assert.Contains("/nonexistent/knowledge.json", problem.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all", "is not valid JSON")]
    [InlineData("{\"format\":\"something-else\",\"version\":1,\"checksum\":\"x\",\"payload\":{}}", "is not a knowledge file")]
    [InlineData("{\"format\":\"article-bot-knowledge\",\"version\":99,\"checksum\":\"x\",\"payload\":{}}", "format version 99")]
    [InlineData("{\"format\":\"article-bot-knowledge\",\"version\":3,\"checksum\":\"00\",\"payload\":{}}", "checksum mismatch")]
    public void A_corrupt_or_incompatible_file_gets_one_clear_error(string content, string expected)
    {
        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Parse(Encoding.UTF8.GetBytes(content), "bad.json"));

        Assert.Contains("'bad.json'", problem.Message, StringComparison.Ordinal);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);

        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Parse(bytes[..(bytes.Length / 2)], "half.json"));

        Assert.Contains("'half.json'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_whose_references_are_broken_is_refused_even_with_a_matching_checksum()
    {
        var payload = KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles);
        var broken = payload with { Terms = new Dictionary<string, int[]> { ["ghost"] = [payload.Passages.Count + 5, 1] } };

        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Parse(KnowledgeFile.Serialize(broken), "broken.json"));

        Assert.Contains("ghost", problem.Message, StringComparison.Ordinal);
    }
}
