using Bot.Knowledge.Index;

namespace Bot.Cli;

/// <summary><c>knowledge build [--articles DIR] [--out FILE]</c>: builds the keyword-indexed knowledge file from the articles.</summary>
public static class KnowledgeCli
{
    public const string DefaultArticles = "knowledge/articles";
    public const string DefaultOutput = "knowledge/knowledge.bin";
    public const string Usage = "knowledge build [--articles DIR] [--out FILE]";

    public static int Run(CliArguments arguments, TextWriter output)
    {
        if (arguments.Remaining.Count == 0 || arguments.Remaining[0] != "build")
        {
            throw new CliUsageException($"Usage: {Usage}");
        }

        var articles = arguments.TakeOption("--articles") ?? DefaultArticles;
        var path = arguments.TakeOption("--out") ?? DefaultOutput;
        arguments.RejectUnknownOptions();
        if (arguments.Remaining.Count > 1)
        {
            throw new CliUsageException($"Unexpected argument '{arguments.Remaining[1]}'. Usage: {Usage}");
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var payload = KnowledgeBuilder.BuildFromDirectory(articles);
        var bytes = KnowledgeFile.Write(path, payload);
        output.WriteLine(
            $"Built {path}: {payload.Articles.Count} articles, {payload.Passages.Count} passages, {payload.Terms.Count} terms " +
            $"in {(int)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds} ms (sha256 {KnowledgeFile.ChecksumOf(bytes)[..12]}).");
        return 0;
    }
}
