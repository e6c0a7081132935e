using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests;

/// <summary>Growing a built knowledge file one article at a time (issue 20): segments, removals, the merge, and crashes.</summary>
public sealed class KnowledgeSegmentsSpecs : IDisposable
{
    private static readonly (string Id, string Title, string Body)[] Harbour =
    [
        ("harbour-dredging", "Harbour dredging to start in spring", """
            The port authority will begin dredging the northern harbour channel in April, its director Ines Varga said on Monday.

            The work will deepen the channel to fourteen metres so that container ships of the newest class can dock at the quay.

            "We have waited eleven years for this permit," Varga said. Fishermen fear the silt will drive away the herring shoals.
            """),
        ("ferry-timetable", "Ferry timetable cut over winter", """
            The island ferry will sail twice a day instead of five times from November until March, the operator Skerry Lines announced.

            Skerry Lines blamed the price of diesel, which has risen by a third since last winter.

            Islanders said the cut leaves pupils stranded after evening classes on the mainland.
            """),
        ("lighthouse-museum", "Old lighthouse opens as a museum", """
            The decommissioned lighthouse at Gannet Point opened as a maritime museum on Saturday after a restoration costing 2.4 million euros.

            Visitors can climb the 112 steps to the lantern room, where the original Fresnel lens has been polished and relit.

            The curator, Tomas Lind, said the museum expects twenty thousand visitors in its first season.
            """),
    ];

    private static readonly (string Id, string Title, string Body) Regatta =
        ("regatta-record", "Regatta draws record entries", """
            A record 340 yachts have entered this year's harbour regatta, the sailing club said, beating the old record of 290 set in 1998.

            The race will start from the lighthouse at Gannet Point and finish at the container quay.

            "The wind forecast is perfect," said the race officer, Mara Quist, adding that the herring boats will keep clear of the course.
            """);

    private static readonly string[] Questions =
    [
        "when does the dredging start", "how deep will the channel be", "why did skerry lines cut the ferry",
        "how many steps does the lighthouse have", "how many yachts entered the regatta", "what did the race officer say about the wind",
        "who is the curator", "what do fishermen fear", "where does the race finish", "how much did the restoration cost",
    ];

    private readonly string _folder = Directory.CreateTempSubdirectory("segments-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string KnowledgePath => Path.Combine(_folder, "knowledge.bin");

    [Fact]
    public void A_file_with_an_added_article_searches_as_a_rebuild_with_it_would()
    {
        var combined = SegmentedContents.Combine([Contents(Harbour), Contents([Regatta])], []);

        AssertSameIndex(Contents([.. Harbour, Regatta]), combined);
        Assert.Equal(Answers(Rebuilt([.. Harbour, Regatta])), Answers(KnowledgeBase.FromContents(combined)));
    }

    [Fact]
    public void A_removed_article_is_gone_from_the_statistics_and_its_words_from_the_terms()
    {
        var combined = SegmentedContents.Combine([Contents([.. Harbour, Regatta])], ["ferry-timetable"]);

        AssertSameIndex(Contents([Harbour[0], Harbour[2], Regatta]), combined);
        Assert.Equal(-1, combined.TermId("diesel"));
        Assert.Equal(Answers(Rebuilt([Harbour[0], Harbour[2], Regatta])), Answers(KnowledgeBase.FromContents(combined)));
    }

    [Fact]
    public void An_added_article_with_a_known_id_replaces_the_old_one()
    {
        var corrected = Harbour[1] with { Body = "The island ferry keeps all five daily sailings this winter after a grant from the county, Skerry Lines said." };

        var knowledge = KnowledgeBase.Load(Written(Harbour)).With(Rebuilt([corrected]));

        AssertSameIndex(Contents([Harbour[0], corrected, Harbour[2]]), (SegmentedContents)knowledge.File);
        Assert.Equal(1, knowledge.FindArticle("ferry-timetable")!.ParagraphCount);
        Assert.Contains("grant", new RankedSearcher(knowledge).Search("why does the ferry keep its sailings").Hits[0].Passage.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_server_article_combined_with_a_file_that_has_segments_searches_as_a_rebuild_of_all_would()
    {
        var path = Written(Harbour.Skip(1));
        KnowledgeSegments.Add(path, [Source(Regatta)]);
        KnowledgeSegments.Remove(path, ["lighthouse-museum"]);

        var server = KnowledgeBase.Load(path).With(Rebuilt([Harbour[0]]));

        AssertSameIndex(Contents([Harbour[0], Harbour[1], Regatta]), (SegmentedContents)server.File);
        Assert.Equal(Answers(Rebuilt([Harbour[0], Harbour[1], Regatta])), Answers(server));
    }

    [Fact]
    public void Adding_to_a_file_writes_a_segment_beside_it_and_merging_writes_what_a_rebuild_writes()
    {
        var path = Written(Harbour);

        var change = KnowledgeSegments.Add(path, [Source(Regatta)]);

        Assert.Equal([("regatta-record", "Regatta draws record entries", 3, false)], change.Added);
        Assert.Single(Directory.GetFiles(_folder, "knowledge.bin.*.seg"));
        Assert.Equal(Answers(Rebuilt([.. Harbour, Regatta])), Answers(KnowledgeBase.Load(path)));

        Assert.True(KnowledgeSegments.Merge(path));

        Assert.Equal(KnowledgeFile.Serialize(KnowledgeBuilder.Build(Harbour.Append(Regatta).Select(Source))), File.ReadAllBytes(path));
        Assert.Equal(["knowledge.bin", "knowledge.bin.segments.lock"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_reload_after_an_addition_keeps_the_opened_archive_and_a_reload_after_a_rebuild_does_not()
    {
        var path = Written(Harbour);
        var before = KnowledgeBase.FromContents(KnowledgeFile.Read(path, readWholeUpTo: 0));
        var small = KnowledgeBase.Load(path);

        KnowledgeSegments.Add(path, [Source(Regatta)]);
        var added = before.Reopen(path);
        var smallAdded = small.Reopen(path);
        KnowledgeFile.Write(path, KnowledgeBuilder.Build(Harbour.Take(2).Select(Source)));
        var rebuilt = added.Reopen(path);

        // An archive read from the disk as searches need it is kept; a file small enough to be read whole is read again.
        Assert.Same(before.File, ((SegmentedContents)added.File).Parts[0]);
        Assert.NotSame(small.File, ((SegmentedContents)smallAdded.File).Parts[0]);
        Assert.Equal("Regatta draws record entries", added.FindArticle("regatta-record")?.Title);
        Assert.NotSame(before.File, rebuilt.File);
        Assert.Equal(["ferry-timetable", "harbour-dredging"], rebuilt.Articles.Select(article => article.Id));
    }

    [Fact]
    public void Removing_marks_the_article_in_the_segments_file_and_an_unknown_id_is_refused()
    {
        var path = Written([.. Harbour, Regatta]);

        KnowledgeSegments.Remove(path, ["lighthouse-museum"]);
        var refused = Assert.Throws<KnowledgeBuildException>(() => KnowledgeSegments.Remove(path, ["no-such-article"]));

        Assert.Contains("removed lighthouse-museum", File.ReadAllText(KnowledgeSegments.SegmentsPath(path)), StringComparison.Ordinal);
        Assert.Null(KnowledgeBase.Load(path).FindArticle("lighthouse-museum"));
        Assert.Equal($"Knowledge '{path}' has no article 'no-such-article' (/sources lists the article ids).", refused.Message);
    }

    [Fact]
    public void A_crash_before_the_segments_file_is_renamed_leaves_the_previous_knowledge_and_the_next_change_removes_the_orphan()
    {
        var path = Written(Harbour);
        File.WriteAllBytes(path + ".0123456789abcdef.seg", KnowledgeFile.Serialize(KnowledgeBuilder.Build([Source(Regatta)])));
        File.WriteAllText(KnowledgeSegments.SegmentsPath(path) + ".tmp", "article-bot-segm");

        Assert.Equal(["ferry-timetable", "harbour-dredging", "lighthouse-museum"], KnowledgeBase.Load(path).Articles.Select(article => article.Id));

        KnowledgeSegments.Remove(path, ["ferry-timetable"]);
        Assert.Empty(Directory.GetFiles(_folder, "knowledge.bin.*.seg"));
    }

    [Fact]
    public void A_crash_after_the_merge_renamed_its_file_leaves_the_merged_knowledge_with_nothing_counted_twice()
    {
        var path = Written(Harbour);
        KnowledgeSegments.Add(path, [Source(Regatta)]);
        var leftBehind = Directory.GetFiles(_folder).Where(file => file != path).ToDictionary(file => file, File.ReadAllBytes);

        KnowledgeSegments.Merge(path);
        foreach (var (file, bytes) in leftBehind)
        {
            File.WriteAllBytes(file, bytes);
        }

        var knowledge = KnowledgeBase.Load(path);
        Assert.IsType<KnowledgeFileContents>(knowledge.File);
        Assert.Equal(Rebuilt([.. Harbour, Regatta]).Passages.Count, knowledge.Passages.Count);

        KnowledgeSegments.RemoveStale(path);
        Assert.Equal(["knowledge.bin", "knowledge.bin.segments.lock"], Directory.GetFiles(_folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_damaged_segments_file_or_segment_is_refused_in_one_line_naming_it()
    {
        var path = Written(Harbour);
        KnowledgeSegments.Add(path, [Source(Regatta)]);
        var segment = Directory.GetFiles(_folder, "knowledge.bin.*.seg").Single();
        var listed = File.ReadAllText(KnowledgeSegments.SegmentsPath(path));

        var bytes = File.ReadAllBytes(segment);
        bytes[bytes.Length / 2] ^= 0x20;
        File.WriteAllBytes(segment, bytes);
        var tampered = Assert.Throws<KnowledgeFileException>(() => KnowledgeBase.Load(path));

        File.WriteAllBytes(segment, KnowledgeFile.Serialize(KnowledgeBuilder.Build([Source(Harbour[0])])));
        var swapped = Assert.Throws<KnowledgeFileException>(() => KnowledgeBase.Load(path));

        File.WriteAllText(KnowledgeSegments.SegmentsPath(path), listed.Replace("segment ", "segmnet ", StringComparison.Ordinal));
        var damaged = Assert.Throws<KnowledgeFileException>(() => KnowledgeBase.Load(path));

        Assert.StartsWith($"Knowledge file '{segment}' is corrupt (checksum mismatch", tampered.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Knowledge segment '{Path.GetFileName(segment)}' is not the one '{path}.segments' lists", swapped.Message, StringComparison.Ordinal);
        Assert.StartsWith($"Knowledge segments file '{path}.segments' is damaged ('segmnet ", damaged.Message, StringComparison.Ordinal);
        Assert.All(new[] { tampered, swapped, damaged }, problem => Assert.DoesNotContain('\n', problem.Message));
    }

    [Fact]
    public void A_change_while_another_is_running_is_refused_and_changes_nothing()
    {
        var path = Written(Harbour);
        KnowledgeSegments.Add(path, [Source(Regatta)]);

        using (new FileStream(KnowledgeSegments.SegmentsPath(path) + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = Assert.Throws<KnowledgeBuildException>(() => KnowledgeSegments.Remove(path, ["regatta-record"]));
            Assert.Equal($"Another knowledge build, add, remove or merge is changing '{path}'; run this one when it has finished.", refused.Message);
        }

        Assert.Equal(["ferry-timetable", "harbour-dredging", "lighthouse-museum", "regatta-record"], KnowledgeBase.Load(path).Articles.Select(article => article.Id));
    }

    [Fact]
    public void A_build_while_a_change_is_running_is_refused_and_keeps_what_was_added()
    {
        var path = Written(Harbour);
        KnowledgeSegments.Add(path, [Source(Regatta)]);
        var rebuilt = KnowledgeBuilder.Build(Harbour.Take(1).Select(Source));

        using (new FileStream(KnowledgeSegments.SegmentsPath(path) + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var refused = Assert.Throws<KnowledgeBuildException>(() => KnowledgeSegments.WriteBuild(path, rebuilt));
            Assert.Equal($"Another knowledge build, add, remove or merge is changing '{path}'; run this one when it has finished.", refused.Message);
        }

        Assert.Equal(["ferry-timetable", "harbour-dredging", "lighthouse-museum", "regatta-record"], KnowledgeBase.Load(path).Articles.Select(article => article.Id));

        KnowledgeSegments.WriteBuild(path, rebuilt);

        Assert.Equal([Harbour[0].Id], KnowledgeBase.Load(path).Articles.Select(article => article.Id));
        Assert.False(File.Exists(KnowledgeSegments.SegmentsPath(path)));
    }

    [Fact]
    public void A_segments_file_that_removes_every_article_is_refused_in_one_line()
    {
        var path = Written(Harbour.Take(1));
        var listed = $"article-bot-segments 1\nbase {KnowledgeFile.Read(path).Checksum}\nremoved harbour-dredging\n";
        File.WriteAllText(KnowledgeSegments.SegmentsPath(path), listed);

        var refused = Assert.Throws<KnowledgeFileException>(() => KnowledgeBase.Load(path));

        Assert.StartsWith($"Knowledge '{path}' has no articles left once its removed articles are taken out;", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rebuild_makes_the_segments_of_the_previous_build_stale_and_they_are_not_read()
    {
        var path = Written(Harbour);
        KnowledgeSegments.Add(path, [Source(Regatta)]);

        KnowledgeFile.Write(path, KnowledgeBuilder.Build(Harbour.Take(2).Select(Source)));

        Assert.Equal(["ferry-timetable", "harbour-dredging"], KnowledgeBase.Load(path).Articles.Select(article => article.Id));
    }

    private static void AssertSameIndex(KnowledgeContents expected, SegmentedContents actual)
    {
        Assert.Equal(expected.Articles.Select(article => (article.Id, article.Title, article.Paragraphs)), actual.Articles.Select(article => (article.Id, article.Title, article.Paragraphs)));
        Assert.Equal(expected.Sources, actual.Sources);
        Assert.Equal(expected.PassageTermCounts, actual.PassageTermCounts);
        Assert.Equal(expected.PassageParagraphs, actual.PassageParagraphs);
        Assert.Equal(expected.Terms, actual.Terms);
        Assert.Equal(expected.DocumentFrequencies, actual.DocumentFrequencies);
        Assert.Equal(expected.Quotes, actual.Quotes);
        for (var term = 0; term < expected.Terms.Count; term++)
        {
            var (passages, frequencies) = actual.ReadPostings(term);
            Assert.Equal(expected.ReadPostings(term).Passages, passages);
            Assert.Equal(expected.ReadPostings(term).Frequencies, frequencies);
        }

        for (var passage = 0; passage < expected.PassageCount; passage++)
        {
            Assert.Equal(expected.ReadText(passage), actual.ReadText(passage));
            Assert.Equal(expected.ReadSentences(passage), actual.ReadSentences(passage));
        }
    }

    private static List<string> Answers(KnowledgeBase knowledge)
    {
        var searcher = new RankedSearcher(knowledge);
        return Questions
            .Select(question => searcher.Search(question))
            .Select(result => result.Answered ? string.Join(" ", result.Hits.Select(hit => $"{hit.Passage.Article.Id}#{hit.Passage.Number}")) : "declined")
            .ToList();
    }

    private string Written(IEnumerable<(string Id, string Title, string Body)> articles)
    {
        KnowledgeFile.Write(KnowledgePath, KnowledgeBuilder.Build(articles.Select(Source)));
        return KnowledgePath;
    }

    private static KnowledgeContents Contents(IEnumerable<(string Id, string Title, string Body)> articles) => Rebuilt(articles).File;

    private static KnowledgeBase Rebuilt(IEnumerable<(string Id, string Title, string Body)> articles) =>
        KnowledgeBase.FromPayload(KnowledgeBuilder.Build(articles.Select(Source)));

    private static ArticleSource Source((string Id, string Title, string Body) article) => ArticleSource.Parse(
        article.Id + ".txt",
        Encoding.UTF8.GetBytes($"---\nid: {article.Id}\ntitle: {article.Title}\npublisher: Harbour Gazette\n---\n\n{article.Body}\n"));
}
