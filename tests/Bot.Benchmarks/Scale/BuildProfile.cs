using System.Diagnostics;
using Bot.Benchmarks.Corpus;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;
using Bot.Knowledge.Quotes;
using Bot.Knowledge.Search;

namespace Bot.Benchmarks.Scale;

/// <summary><c>build-profile</c>: where the build and the first answer of the 500 Brown texts spend their time, stage by stage.</summary>
internal static class BuildProfile
{
    public static int Run(Arguments arguments)
    {
        var articles = Path.Combine(arguments.Option("--work") ?? Path.Combine(Path.GetTempPath(), "bot-bench"), "brown-x1", "articles");
        if (!Directory.Exists(articles))
        {
            BrownCorpus.WriteArticles(BrownCorpus.Read(BrownCorpus.Locate()), articles, 1);
        }

        KnowledgeBuilder.BuildFromDirectory(Path.Combine(RepositoryRoot.Path, "knowledge", "articles"));
        var files = Directory.GetFiles(articles).Order(StringComparer.Ordinal).ToList();
        var sources = Time("read files", () => files.Select(ArticleSource.Read).ToList());
        var parsed = Time("parse (paragraphs, sentences)", () => sources.Select(ArticleParser.Parse).ToList());
        Time("extract quotes", () => parsed.Sum(article => QuoteExtractor.Extract(article).Count));
        var tokens = new List<Token>();
        Time("analyze paragraphs", () => parsed.SelectMany(article => article.Paragraphs).Sum(paragraph =>
        {
            tokens.Clear();
            TextAnalyzer.Shared.Analyze(paragraph.Text, tokens, keepStopWords: false);
            return tokens.Count;
        }));
        var payload = Time("whole build", () => KnowledgeBuilder.Build(sources));
        var bytes = Time("serialize", () => KnowledgeFile.Serialize(payload));
        var contents = Time("parse file (JSON + checksum + validation)", () => KnowledgeFile.Parse(bytes, "brown"));
        var knowledge = Time("KnowledgeBase from contents", () => KnowledgeBase.FromContents(contents));
        var searcher = new AnswerSearcher(knowledge);
        Time("first answer (PassageIndex, synonyms, spelling)", () => searcher.Search("the jury said the election", 5).Hits.Count);
        return 0;
    }

    private static T Time<T>(string stage, Func<T> work)
    {
        var started = Stopwatch.GetTimestamp();
        var result = work();
        Console.WriteLine($"{stage,-50} {Stopwatch.GetElapsedTime(started).TotalMilliseconds,8:0} ms");
        return result;
    }
}
