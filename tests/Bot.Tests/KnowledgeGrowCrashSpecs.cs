using System.Diagnostics;
using System.Text;
using Bot.Knowledge.Index;
using Bot.Knowledge.Search;
using Bot.Tests.Support;

namespace Bot.Tests;

/// <summary>
/// <c>knowledge add</c>, <c>remove</c> and <c>merge</c> as an operator runs them on a built file (issue 20), and killed at
/// any moment (SIGKILL, as a crash or a power cut would end them): the knowledge opens afterwards, as it was before the
/// command or as the command left it, never in between, and the next command succeeds.
/// </summary>
public sealed class KnowledgeGrowCrashSpecs : IDisposable
{
    private const int Kills = 8;

    private static readonly string[] Words =
        ("harbour quay ferry channel dredging permit herring silt tide pilot crane container berth anchor buoy lantern " +
         "regatta yacht mast keel hull rudder gale squall fog beacon jetty pier wharf cargo freight tanker trawler net " +
         "council budget mayor vote levy grant school bridge road rail station tram timetable fare diesel winter spring")
        .Split(' ');

    private readonly string _folder = Directory.CreateTempSubdirectory("grow-crash-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string KnowledgePath => Path.Combine(_folder, "knowledge.bin");

    [Fact]
    public async Task Add_remove_and_merge_change_the_knowledge_file_and_say_what_they_did()
    {
        Written(articles: 5);
        var article = Article("added-notice", seed: 99);

        var add = await BotProcess.RunAsync(["knowledge", "add", article, "--knowledge", KnowledgePath]);
        var remove = await BotProcess.RunAsync(["knowledge", "remove", "article-002", "--knowledge", KnowledgePath]);
        var unknown = await BotProcess.RunAsync(["knowledge", "remove", "article-999", "--knowledge", KnowledgePath]);
        var grown = Ids();
        var merge = await BotProcess.RunAsync(["knowledge", "merge", "--knowledge", KnowledgePath]);

        Assert.Equal(0, add.ExitCode);
        Assert.StartsWith("Added 'Notice added-notice' (added-notice, 6 paragraphs).", add.Output, StringComparison.Ordinal);
        Assert.Equal(0, remove.ExitCode);
        Assert.StartsWith("Removed article-002.", remove.Output, StringComparison.Ordinal);
        Assert.Equal((1, $"Knowledge '{KnowledgePath}' has no article 'article-999' (/sources lists the article ids).\n"), (unknown.ExitCode, unknown.Error));
        Assert.Equal(["added-notice", "article-000", "article-001", "article-003", "article-004"], grown);
        Assert.Equal((0, $"Merged the additions and removals into {KnowledgePath}"), (merge.ExitCode, merge.Output[..(merge.Output.IndexOf(" in ", StringComparison.Ordinal))]));
        Assert.Equal(grown, Ids());
        Assert.Equal(
            ["knowledge.bin", "knowledge.bin.segments.lock"],
            Directory.GetFiles(_folder).Select(Path.GetFileName).Where(name => name!.StartsWith("knowledge", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_missing_knowledge_file_or_article_file_gets_one_line_and_exit_1_and_changes_nothing()
    {
        Written(articles: 2);
        var missing = Path.Combine(_folder, "elsewhere", "knowledge.bin");

        var noKnowledge = await BotProcess.RunAsync(["knowledge", "add", Article("late-notice", seed: 7), "--knowledge", missing]);
        var noArticle = await BotProcess.RunAsync(["knowledge", "add", Path.Combine(_folder, "no-such-article.txt"), "--knowledge", KnowledgePath]);

        Assert.Equal((1, $"Knowledge file '{missing}' does not exist; build it with: dotnet run --project src/Bot -- knowledge build\n"), (noKnowledge.ExitCode, noKnowledge.Error));
        Assert.Equal((1, $"Article file '{Path.Combine(_folder, "no-such-article.txt")}' does not exist.\n"), (noArticle.ExitCode, noArticle.Error));
        Assert.False(Directory.Exists(Path.GetDirectoryName(missing)));
        Assert.False(File.Exists(KnowledgeSegments.SegmentsPath(KnowledgePath)));
        Assert.Equal(["article-000", "article-001"], Ids());
    }

    [Fact]
    public async Task A_kill_at_any_moment_of_an_add_leaves_the_knowledge_as_it_was_or_with_the_article()
    {
        Written(articles: 150);
        var before = Ids();
        var article = Article("late-notice", seed: 7);
        var duration = await TimedAsync(["knowledge", "add", article, "--knowledge", KnowledgePath]);
        var after = Ids();
        Assert.Equal([.. before, "late-notice"], after.Order(StringComparer.Ordinal));

        var seen = new HashSet<string>();
        for (var kill = 0; kill < Kills; kill++)
        {
            await BotProcess.RunAsync(["knowledge", "remove", "late-notice", "--knowledge", KnowledgePath]);
            await KilledAfterAsync(["knowledge", "add", article, "--knowledge", KnowledgePath], duration * (kill + 0.5) / Kills);

            var ids = Ids();
            Assert.True(ids.SequenceEqual(before) || ids.SequenceEqual(after), $"After a kill {kill}: {string.Join(", ", ids)}");
            seen.Add(ids.SequenceEqual(after) ? "added" : "as before");
        }

        var again = await BotProcess.RunAsync(["knowledge", "add", article, "--knowledge", KnowledgePath]);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(after, Ids());
        Assert.Contains("as before", seen);
    }

    [Fact]
    public async Task A_kill_at_any_moment_of_a_merge_leaves_the_same_articles_readable_and_the_next_merge_finishes_it()
    {
        Written(articles: 150);
        await BotProcess.RunAsync(["knowledge", "add", Article("late-notice", seed: 7), "--knowledge", KnowledgePath]);
        await BotProcess.RunAsync(["knowledge", "remove", "article-010", "--knowledge", KnowledgePath]);
        var grown = Ids();
        var segments = Directory.GetFiles(_folder).ToDictionary(file => file, File.ReadAllBytes);
        var duration = await TimedAsync(["knowledge", "merge", "--knowledge", KnowledgePath]);
        var merged = await File.ReadAllBytesAsync(KnowledgePath);

        for (var kill = 0; kill < Kills; kill++)
        {
            foreach (var (file, bytes) in segments)
            {
                await File.WriteAllBytesAsync(file, bytes);
            }

            await KilledAfterAsync(["knowledge", "merge", "--knowledge", KnowledgePath], duration * (kill + 0.5) / Kills);

            Assert.Equal(grown, Ids());
        }

        var finish = await BotProcess.RunAsync(["knowledge", "merge", "--knowledge", KnowledgePath]);
        Assert.Equal(0, finish.ExitCode);
        Assert.Equal(merged, await File.ReadAllBytesAsync(KnowledgePath));
        Assert.Equal(grown, Ids());
    }

    /// <summary>The knowledge's article ids as a freshly started bot would load them.</summary>
    private List<string> Ids() => [.. KnowledgeBase.Load(KnowledgePath).Articles.Select(article => article.Id)];

    private void Written(int articles)
    {
        var folder = Path.Combine(_folder, "articles");
        Directory.CreateDirectory(folder);
        for (var n = 0; n < articles; n++)
        {
            File.Move(Article($"article-{n:000}", n), Path.Combine(folder, $"article-{n:000}.txt"));
        }

        KnowledgeFile.Write(KnowledgePath, KnowledgeBuilder.BuildFromDirectory(folder));
    }

    /// <summary>An invented article of six paragraphs, its words drawn from a small harbour vocabulary.</summary>
    private string Article(string id, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder($"---\nid: {id}\ntitle: Notice {id}\npublisher: Harbour Gazette\n---\n");
        for (var paragraph = 0; paragraph < 6; paragraph++)
        {
            text.Append('\n');
            for (var sentence = 0; sentence < 4; sentence++)
            {
                var words = Enumerable.Range(0, 12).Select(_ => Words[random.Next(Words.Length)]).ToArray();
                text.Append(char.ToUpperInvariant(words[0][0])).Append(string.Join(' ', words)[1..]).Append(". ");
            }

            text.Append('\n');
        }

        var path = Path.Combine(_folder, $"{id}.txt");
        File.WriteAllText(path, text.ToString());
        return path;
    }

    private static async Task<TimeSpan> TimedAsync(string[] arguments)
    {
        var started = Stopwatch.GetTimestamp();
        var run = await BotProcess.RunAsync(arguments);
        Assert.True(run.ExitCode == 0, run.Error);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>Runs the bot's binary and kills it (SIGKILL) after <paramref name="delay"/>, or lets it finish first.</summary>
    private static async Task KilledAfterAsync(string[] arguments, TimeSpan delay)
    {
        using var process = BotProcess.Start(arguments);
        process.StandardInput.Close();
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var patience = new CancellationTokenSource(delay);
        try
        {
            await process.WaitForExitAsync(patience.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
