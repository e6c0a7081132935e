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
    public void Articles_whose_files_are_not_in_the_order_of_their_ids_give_the_same_file_and_the_same_corpus_words()
    {
        // The builder tallies the corpus words as articles arrive, in their files' order, when that is their ids' order,
        // and counts them in a pass of its own when it is not: both must give the same names, surface words and acronyms.
        var sources = Directory.EnumerateFiles(RepositoryPaths.Articles, "*.txt").Select(ArticleSource.Read)
            .Concat(Enumerable.Range(1, 3).Select(n => ArticleSource.Parse(
                $"garden-{n}.txt",
                Encoding.UTF8.GetBytes($"---\nid: garden-{n}\ntitle: Tomatoes, part {n}\n---\nThe Royal Horticultural Society says Tomatoes want sun, week {n}.\n\nPrune the side shoots, said Alan Titchmarsh.\n"))))
            .ToList();
        var inOrder = sources.OrderBy(source => ArticleParser.Parse(source).Id, StringComparer.Ordinal).ToList();
        var reversed = Enumerable.Reverse(inOrder).ToList();

        var built = KnowledgeBuilder.Build(inOrder);
        var rebuilt = KnowledgeBuilder.Build(reversed);

        Assert.Equal(KnowledgeFile.Serialize(built), KnowledgeFile.Serialize(rebuilt));
        Assert.Contains(built.Words!.Acronyms, acronym => acronym.Terms.Contains("rhs"));
        Assert.True(built.Words.SurfaceWords.ContainsKey("tomatoes"));
    }

    [Fact]
    public void The_file_is_a_header_sections_and_a_footer_that_names_the_build_by_the_sha256_of_what_it_follows()
    {
        var file = KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles));

        var footer = file.Length - KnowledgeFileLayout.FooterLength;
        Assert.Equal([(byte)21, .. "article-bot-knowledge"u8, 4, 0, 0, 0], file[..KnowledgeFileLayout.HeaderLength]);
        Assert.Equal("ABKF4END"u8.ToArray(), file[^8..]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.AsSpan(0, footer))), KnowledgeFile.Parse(file, "built").Checksum);
        Assert.Equal(KnowledgeFile.Parse(file, "built").Checksum, KnowledgeFile.ChecksumOf(file));
    }

    [Fact]
    public void The_committed_knowledge_file_is_current_with_the_articles()
    {
        var built = KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles));
        var committed = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);

        Assert.True(
            built.AsSpan().SequenceEqual(committed),
            "knowledge/knowledge.bin is stale: run `dotnet run --project src/Bot -- knowledge build` and commit it.");
    }

    [Fact]
    public void The_file_records_version_analyzer_sources_articles_passages_and_terms()
    {
        var contents = KnowledgeFile.Read(RepositoryPaths.KnowledgeFile);
        var payload = contents.ToPayload();

        Assert.Equal(TextAnalyzer.Version, payload.Analyzer.Version);
        Assert.Equal([1.2, 0.75], new[] { payload.Analyzer.K1, payload.Analyzer.B });
        Assert.Equal(["bloomberg-xi-balancing-act.txt", "ft-xi-wary-of-kim-putin.txt"], payload.Sources.Select(source => source.File));
        Assert.All(payload.Sources, source => Assert.Matches("^[0-9a-f]{64}$", source.Sha256));
        Assert.Contains("weapon", payload.Terms.Keys);
        Assert.Equal(payload.Articles.Sum(article => article.Paragraphs), payload.Passages.Count);
        Assert.Equal(KnowledgeFile.Serialize(payload), File.ReadAllBytes(RepositoryPaths.KnowledgeFile));
    }

    [Fact]
    public void Opening_the_file_reads_no_passage_text_and_no_postings_and_an_answer_reads_only_what_it_needs()
    {
        // The two articles, and twenty more about gardening that no question here is about.
        var gardening = Enumerable.Range(1, 20).Select(n => ArticleSource.Parse(
            $"garden-{n:00}.txt",
            Encoding.UTF8.GetBytes($"---\nid: garden-{n:00}\ntitle: Tomatoes, part {n}\n---\nTomatoes want sun and water, week {n}.\n\nPrune the side shoots of the vines.\n")));
        var sources = Directory.EnumerateFiles(RepositoryPaths.Articles, "*.txt").Select(ArticleSource.Read).Concat(gardening);
        var path = Path.Combine(Path.GetTempPath(), $"knowledge-{Guid.NewGuid():N}.bin");
        KnowledgeFile.Write(path, KnowledgeBuilder.Build(sources));
        try
        {
            var knowledge = KnowledgeBase.Load(path);
            var opened = (knowledge.PassagesRead.Texts, knowledge.Index.PostingListsRead);

            var answer = new Bot.Knowledge.Ranking.RankedSearcher(knowledge).Search("How much are North Korea's weapons shipments to Russia worth?");

            Assert.Equal((0, 0), opened);
            Assert.Contains(answer.Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));
            Assert.Equal(80, knowledge.Passages.Count);
            Assert.InRange(knowledge.PassagesRead.Texts, 1, 40);
            Assert.InRange(knowledge.Index.PostingListsRead, 1, knowledge.Index.Terms.Count / 4);
        }
        finally
        {
            File.Delete(path);
        }
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
        var opened = knowledge.PassageIndex.Passages.MadeCount;

        var answer = searcher.Search("How much are North Korea's weapons shipments to Russia worth?");

        Assert.Equal(0, opened);
        Assert.Contains(answer.Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));
        Assert.InRange(knowledge.PassageIndex.Passages.MadeCount, 1, 40);
    }

    [Fact]
    public void A_large_file_is_read_as_searches_need_it_and_one_overwritten_in_place_under_the_bot_is_refused_not_misread()
    {
        var renamedOver = Path.Combine(Path.GetTempPath(), $"knowledge-{Guid.NewGuid():N}.bin");
        var overwritten = Path.Combine(Path.GetTempPath(), $"knowledge-{Guid.NewGuid():N}.bin");
        File.Copy(RepositoryPaths.KnowledgeFile, renamedOver);
        File.Copy(RepositoryPaths.KnowledgeFile, overwritten);
        try
        {
            // Read as a file too large to hold in memory is: its texts and postings stay in the file.
            var kept = KnowledgeBase.FromContents(KnowledgeFile.Read(renamedOver, readWholeUpTo: 0));
            var changed = KnowledgeBase.FromContents(KnowledgeFile.Read(overwritten, readWholeUpTo: 0));
            var answer = new Bot.Knowledge.Ranking.RankedSearcher(kept).Search("How much are North Korea's weapons shipments to Russia worth?");
            var shouted = HandEditedKnowledgeSpecs.Edited(payload => payload with { Passages = [.. payload.Passages.Select(p => p with { Text = p.Text.ToUpperInvariant() })] });

            // Renamed over, as the builder writes: the open file is still the one loaded, and keeps answering.
            File.WriteAllBytes(renamedOver + ".new", shouted);
            File.Move(renamedOver + ".new", renamedOver, overwrite: true);
            var afterRename = new Bot.Knowledge.Ranking.RankedSearcher(kept).Search("Who is Victor Cha?");

            // Overwritten in place: what a search reads next is not what was loaded, and it says so in one line.
            File.WriteAllBytes(overwritten, shouted);
            var refused = Assert.Throws<KnowledgeFileException>(() => new Bot.Knowledge.Ranking.RankedSearcher(changed).Search("Who is Victor Cha?"));

            Assert.Contains(answer.Hits, hit => hit.Passage.Text.Contains("$5.5 billion", StringComparison.Ordinal));
            Assert.Contains(afterRename.Hits, hit => hit.Passage.Text.Contains("Victor Cha", StringComparison.Ordinal));
            Assert.Equal(
                $"Knowledge file '{overwritten}' changed while the bot was reading it (replace it by renaming a new file over it, as knowledge build does, then reload); {KnowledgeFileException.RebuildHint}",
                refused.Message);
        }
        finally
        {
            File.Delete(renamedOver);
            File.Delete(overwritten);
        }
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
        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Read("/nonexistent/knowledge.bin"));

        Assert.Contains("/nonexistent/knowledge.bin", problem.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not a knowledge file at all", "is not a knowledge file (format 'none'")]
    [InlineData("{\"format\":\"something-else\",\"version\":1,\"checksum\":\"x\",\"payload\":{}}", "is not a knowledge file (format 'something-else'")]
    [InlineData("{\"format\":\"article-bot-knowledge\",\"version\":3,\"checksum\":\"00\",\"payload\":{}}", "has format version 3 (JSON), this bot reads version 4")]
    [InlineData("\u0015article-bot-knowledge\u0063\0\0\0", "has format version 99")]
    [InlineData("\u0015article-bot-knowledge\u0004\0\0\0", "is truncated")]
    public void A_corrupt_or_incompatible_file_gets_one_clear_error(string content, string expected)
    {
        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Parse(Encoding.UTF8.GetBytes(content), "bad.bin"));

        Assert.Contains("'bad.bin'", problem.Message, StringComparison.Ordinal);
        Assert.Contains(expected, problem.Message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_is_refused()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);

        foreach (var length in new[] { bytes.Length / 2, bytes.Length - 1, 40 })
        {
            var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Parse(bytes[..length], "half.bin"));

            Assert.Contains("'half.bin' is truncated", problem.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("\n", problem.Message, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string> Sections => [.. KnowledgeFileLayout.SectionNames, "footer"];

    [Theory]
    [MemberData(nameof(Sections))]
    public void A_byte_flipped_anywhere_is_refused_at_load_as_a_checksum_mismatch(string section)
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.KnowledgeFile);
        var at = At(bytes, section);
        bytes[at] ^= 0x20;
        var path = Path.Combine(Path.GetTempPath(), $"flipped-{Guid.NewGuid():N}.bin");
        File.WriteAllBytes(path, bytes);
        try
        {
            var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeBase.Load(path));

            Assert.Equal(
                $"Knowledge file '{path}' is corrupt (checksum mismatch in its {(section == "footer" ? "footer" : $"section '{section}'")}); {KnowledgeFileException.RebuildHint}",
                problem.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A byte in the middle of a section, where the footer says the section is.</summary>
    private static int At(byte[] file, string section)
    {
        var footer = file.Length - KnowledgeFileLayout.FooterLength;
        if (section == "footer")
        {
            return footer + 3;
        }

        var s = Array.IndexOf(KnowledgeFileLayout.SectionNames, section);
        var offset = BitConverter.ToInt64(file, footer + (s * 24));
        var length = BitConverter.ToInt64(file, footer + (s * 24) + 8);
        Assert.True(length > 0, $"the section '{section}' is empty");
        return (int)(offset + (length / 2));
    }

    [Fact]
    public void A_file_whose_references_are_broken_is_refused_even_with_a_matching_checksum()
    {
        var payload = KnowledgeBuilder.BuildFromDirectory(RepositoryPaths.Articles);
        var broken = payload with { Terms = new Dictionary<string, int[]> { ["ghost"] = [payload.Passages.Count + 5, 1] } };

        var problem = Assert.Throws<KnowledgeFileException>(() => KnowledgeFile.Parse(KnowledgeFile.Serialize(broken), "broken.bin"));

        Assert.Contains($"term 'ghost' points at passage {payload.Passages.Count + 5}, which does not exist", problem.Message, StringComparison.Ordinal);
    }
}
