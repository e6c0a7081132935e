using System.Text;
using Bot.Answering;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Tests;

/// <summary>The running bot follows <c>knowledge add</c>, <c>remove</c> and <c>merge</c> by itself (issue 20).</summary>
public sealed class KnowledgeSegmentsFollowerSpecs : IDisposable
{
    private const string Question = "when will the northern harbour channel be dredged?";

    private readonly string _folder = Directory.CreateTempSubdirectory("segments-follower-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void An_addition_is_loaded_at_the_next_look_and_a_damaged_segments_file_leaves_the_knowledge_answering()
    {
        var path = Path.Combine(_folder, "knowledge.bin");
        File.Copy(RepositoryPaths.KnowledgeFile, path);
        var options = Options.Create(new KnowledgeOptions { Path = path });
        var provider = new KnowledgeProvider(options, NullLogger<KnowledgeProvider>.Instance);
        var follower = new KnowledgeSegmentsFollower(provider, options, NullLogger<KnowledgeSegmentsFollower>.Instance);

        var beforeLoad = follower.Check();
        var before = provider.Searcher.Search(Question);
        var unchanged = follower.Check();
        KnowledgeSegments.Add(path, [ArticleSource.Parse("harbour.txt", Encoding.UTF8.GetBytes(
            "---\nid: harbour-dredging\ntitle: Harbour dredging to start in spring\npublisher: Harbour Gazette\n---\n\n" +
            "The port authority will begin dredging the northern harbour channel in April, its director said on Monday.\n"))]);
        var added = follower.Check();
        var after = provider.Searcher.Search(Question);
        var again = follower.Check();
        File.AppendAllText(KnowledgeSegments.SegmentsPath(path), "not a segment line\n");
        var damaged = follower.Check();

        Assert.Equal((false, false, true, false, false), (beforeLoad, unchanged, added, again, damaged));
        Assert.DoesNotContain(before.Hits, hit => hit.Passage.Article.Id == "harbour-dredging");
        Assert.Equal("harbour-dredging", after.Hits[0].Passage.Article.Id);
        Assert.Equal(3, provider.Current.Articles.Count);
        Assert.Equal("harbour-dredging", provider.Searcher.Search(Question).Hits[0].Passage.Article.Id);
    }
}
