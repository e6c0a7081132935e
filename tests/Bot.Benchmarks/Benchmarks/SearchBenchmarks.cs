using BenchmarkDotNet.Attributes;
using Bot.Evaluation;
using Bot.Knowledge.Index;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Benchmarks.Benchmarks;

/// <summary>The full answer search over the two committed articles, on the questions people wrote for them.</summary>
/// <remarks>Not sealed: BenchmarkDotNet refuses sealed benchmark classes. In-process, so it runs wherever the build output goes.</remarks>
[MemoryDiagnoser]
[InProcess]
public class SearchBenchmarks
{
    /// <summary>Questions per invocation (BenchmarkDotNet divides by it), the first of the set.</summary>
    private const int Questions = 100;

    private RankedSearcher _searcher = null!;
    private Bm25Searcher _bm25 = null!;
    private string[] _questions = [];

    [GlobalSetup]
    public void Setup()
    {
        var knowledge = KnowledgeBase.Load(Path.Combine(RepositoryRoot.Path, "knowledge", "knowledge.bin"));
        _searcher = new RankedSearcher(knowledge);
        _bm25 = new Bm25Searcher(knowledge);
        _questions = QuestionSet.Read(Path.Combine(RepositoryRoot.Path, "tests", "Bot.Evaluation", "Questions", "shipped.jsonl"))
            .Select(question => question.Question)
            .Take(Questions)
            .ToArray();
        if (_questions.Length != Questions)
        {
            throw new InvalidOperationException($"The question set has fewer than {Questions} questions.");
        }

        _searcher.Search(_questions[0]);
    }

    /// <summary>Each of the questions once; reported per question.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Questions)]
    public int AnswerSearch()
    {
        var hits = 0;
        foreach (var question in _questions)
        {
            hits += _searcher.Search(question).Hits.Count;
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = Questions)]
    public int PlainBm25()
    {
        var hits = 0;
        foreach (var question in _questions)
        {
            hits += _bm25.Search(question).Hits.Count;
        }

        return hits;
    }
}

/// <summary>Building the knowledge from the two committed articles, and loading the file.</summary>
[MemoryDiagnoser]
[InProcess]
public class BuildBenchmarks
{
    private readonly string _articles = Path.Combine(RepositoryRoot.Path, "knowledge", "articles");
    private readonly string _file = Path.Combine(RepositoryRoot.Path, "knowledge", "knowledge.bin");

    [Benchmark]
    public int Build() => KnowledgeFile.Serialize(KnowledgeBuilder.BuildFromDirectory(_articles)).Length;

    [Benchmark]
    public int LoadAndIndex()
    {
        var knowledge = KnowledgeBase.Load(_file);
        return new RankedSearcher(knowledge).Search("troops").Hits.Count;
    }
}
