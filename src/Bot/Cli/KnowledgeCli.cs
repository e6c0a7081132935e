using Bot.Knowledge.Articles;
using Bot.Knowledge.Index;

namespace Bot.Cli;

/// <summary>
/// <c>knowledge build</c> builds the keyword-indexed knowledge file from the articles; <c>knowledge add</c>,
/// <c>remove</c> and <c>merge</c> grow or shrink a built file one article at a time (<see cref="KnowledgeSegments"/>).
/// </summary>
public static class KnowledgeCli
{
    public const string DefaultArticles = "knowledge/articles";
    public const string DefaultOutput = "knowledge/knowledge.bin";
    public const string Usage = "knowledge build [--articles DIR] [--out FILE] | knowledge add FILE... | knowledge remove ID... | knowledge merge   (add, remove, merge take [--knowledge FILE])";

    public static int Run(CliArguments arguments, TextWriter output)
    {
        var verb = arguments.Remaining.Count > 0 ? arguments.Remaining[0] : null;
        return verb switch
        {
            "build" => Build(arguments, output),
            "add" => Add(arguments, output),
            "remove" => Remove(arguments, output),
            "merge" => Merge(arguments, output),
            _ => throw new CliUsageException($"Usage: {Usage}"),
        };
    }

    private static int Build(CliArguments arguments, TextWriter output)
    {
        var articles = arguments.TakeOption("--articles") ?? DefaultArticles;
        var path = arguments.TakeOption("--out") ?? DefaultOutput;
        arguments.RejectUnknownOptions();
        if (arguments.Remaining.Count > 1)
        {
            throw new CliUsageException($"Unexpected argument '{arguments.Remaining[1]}'. Usage: {Usage}");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var payload = KnowledgeBuilder.BuildFromDirectory(articles);
        // Articles added or removed since the previous build applied to that build; this one is made from the folder.
        var checksum = KnowledgeSegments.WriteBuild(path, payload);
        output.WriteLine(
            $"Built {path}: {payload.Articles.Count} articles, {payload.Passages.Count} passages, {payload.Terms.Count} terms " +
            $"in {Elapsed(started)} ms (sha256 {checksum[..12]}).");
        return 0;
    }

    private static int Add(CliArguments arguments, TextWriter output)
    {
        var path = TakeKnowledge(arguments, "knowledge add FILE... [--knowledge FILE]");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        List<ArticleSource> sources;
        try
        {
            sources = arguments.Remaining.Skip(1).Select(ArticleSource.Read).ToList();
        }
        catch (ArticleFileException problem)
        {
            throw new KnowledgeBuildException(problem.Message, problem);
        }

        var change = KnowledgeSegments.Add(path, sources);
        foreach (var (id, title, paragraphs, replaced) in change.Added)
        {
            output.WriteLine($"{(replaced ? "Replaced" : "Added")} '{title}' ({id}, {paragraphs} {(paragraphs == 1 ? "paragraph" : "paragraphs")}).");
        }

        output.WriteLine(Outcome(path, change, started));
        return 0;
    }

    private static int Remove(CliArguments arguments, TextWriter output)
    {
        var path = TakeKnowledge(arguments, "knowledge remove ID... [--knowledge FILE]");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var change = KnowledgeSegments.Remove(path, [.. arguments.Remaining.Skip(1)]);
        output.WriteLine($"Removed {string.Join(", ", change.Removed)}.");
        output.WriteLine(Outcome(path, change, started));
        return 0;
    }

    private static int Merge(CliArguments arguments, TextWriter output)
    {
        var path = arguments.TakeOption("--knowledge") ?? DefaultOutput;
        arguments.RejectUnknownOptions();
        if (arguments.Remaining.Count > 1)
        {
            throw new CliUsageException($"Unexpected argument '{arguments.Remaining[1]}'. Usage: knowledge merge [--knowledge FILE]");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        output.WriteLine(KnowledgeSegments.Merge(path)
            ? $"Merged the additions and removals into {path} in {Elapsed(started)} ms."
            : $"{path} has no additions or removals to merge.");
        return 0;
    }

    private static string TakeKnowledge(CliArguments arguments, string usage)
    {
        var path = arguments.TakeOption("--knowledge") ?? DefaultOutput;
        arguments.RejectUnknownOptions();
        if (arguments.Remaining.Count < 2)
        {
            throw new CliUsageException($"Usage: {usage}");
        }

        return path;
    }

    private static string Outcome(string path, KnowledgeSegments.Change change, long started) =>
        (change.Merged
            ? $"{path} has its additions and removals merged into it"
            : $"{path} keeps its additions and removals beside it ({(change.Segments == 1 ? "1 segment file" : $"{change.Segments} segment files")}) until: knowledge merge")
        + $" ({Elapsed(started)} ms). A running bot answers from it within seconds (at once after /mod reload).";

    private static int Elapsed(long started) => (int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds;
}
