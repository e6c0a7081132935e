using System.Text.Json;
using Bot.Tests.Support;

namespace Bot.Tests;

/// <summary>The command line as a user runs it: the real binary, its output, its exit code.</summary>
public sealed class CommandLineSpecs
{
    private const string WeaponsQuestion = "How much are North Korea's weapons shipments to Russia worth?";

    [Fact]
    public async Task I_can_ask_a_question_and_read_the_cited_answer()
    {
        var run = await BotProcess.RunAsync(["ask", WeaponsQuestion]);

        Assert.Equal(0, run.ExitCode);
        Assert.StartsWith("[1] Bloomberg · Xi’s Balancing Act on Ukraine Disrupted by Putin-Kim Alliance · ¶10", run.Output, StringComparison.Ordinal);
        Assert.Contains("as much as $5.5 billion", run.Output, StringComparison.Ordinal);
        Assert.Contains("**weapons**", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_json_prints_exactly_one_object_with_the_verbatim_passages()
    {
        var run = await BotProcess.RunAsync(["ask", "--json", WeaponsQuestion]);

        Assert.Equal(0, run.ExitCode);
        var line = Assert.Single(run.OutputLines);
        using var answer = JsonDocument.Parse(line);
        var root = answer.RootElement;
        Assert.Equal(WeaponsQuestion, root.GetProperty("question").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        var passages = root.GetProperty("passages").EnumerateArray().ToList();
        Assert.InRange(passages.Count, 1, 5);
        var first = passages[0];
        Assert.Equal("bloomberg-xi-balancing-act", first.GetProperty("article").GetString());
        Assert.Equal("Bloomberg", first.GetProperty("publisher").GetString());
        Assert.Equal(10, first.GetProperty("paragraph").GetInt32());
        Assert.Contains("North Korea has so far sent Russia weapons worth as much as $5.5 billion", first.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(first.GetProperty("score").GetDouble() > 0);
        Assert.Equal(["article", "title", "publisher", "paragraph", "text", "score"], first.EnumerateObject().Select(property => property.Name));

        var article = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Articles, "bloomberg-xi-balancing-act.txt"));
        Assert.All(passages.Where(p => p.GetProperty("article").GetString() == "bloomberg-xi-balancing-act"), p => Assert.Contains(p.GetProperty("text").GetString()!, article, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ask_json_without_a_question_answers_each_line_of_standard_input_in_order_one_object_a_line()
    {
        var questions = "Why is Xi wary of Kim's embrace of Putin?\n\nWhat did Shen Dingli say?\n   \t \nlasagna recipe with ricotta\n";

        var run = await BotProcess.RunAsync(["ask", "--json"], standardInput: questions);

        Assert.Equal(0, run.ExitCode);
        var answers = run.OutputLines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(
            ["Why is Xi wary of Kim's embrace of Putin?", "", "What did Shen Dingli say?", "", "lasagna recipe with ricotta"],
            answers.Select(answer => answer.GetProperty("question").GetString()));
        Assert.All([answers[1], answers[3]], empty =>
        {
            Assert.False(empty.GetProperty("answered").GetBoolean());
            Assert.Empty(empty.GetProperty("passages").EnumerateArray());
            Assert.Equal("empty question: there is nothing to search for", empty.GetProperty("error").GetString());
        });
        Assert.False(answers[0].TryGetProperty("error", out _));
        Assert.False(answers[4].GetProperty("answered").GetBoolean());
        Assert.Empty(answers[4].GetProperty("passages").EnumerateArray());
    }

    [Fact]
    public async Task Ask_json_with_a_question_of_only_spaces_answers_that_it_is_empty_and_reads_no_input()
    {
        // Before, the blank question was taken for none, and the bot read standard input instead (or waited on it).
        var run = await BotProcess.RunAsync(["ask", "--json", "   "], standardInput: "What did Putin and Kim sign?\n");

        Assert.Equal(2, run.ExitCode);
        var answer = JsonDocument.Parse(Assert.Single(run.OutputLines)).RootElement;
        Assert.Equal(["question", "answered", "passages", "error"], answer.EnumerateObject().Select(property => property.Name));
        Assert.Equal("", answer.GetProperty("question").GetString());
        Assert.False(answer.GetProperty("answered").GetBoolean());
        Assert.Equal("empty question: there is nothing to search for", answer.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Ask_with_a_question_of_only_spaces_says_it_is_empty_and_reads_no_input()
    {
        var run = await BotProcess.RunAsync(["ask", "   "], standardInput: "What did Putin and Kim sign?\n");

        Assert.Equal(2, run.ExitCode);
        Assert.Empty(run.Output);
        Assert.StartsWith("ask needs a question, and this one is empty", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_knowledge_file_gets_one_clear_line_and_a_failing_exit_code()
    {
        var corrupt = Path.Combine(Path.GetTempPath(), $"corrupt-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(corrupt, "{\"format\":\"article-bot-knowledge\",\"version\":1,\"checksum\":\"00\",\"payload\":{}}");

        var run = await BotProcess.RunAsync(["ask", "--json", "--knowledge", corrupt, "anything"]);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal(string.Empty, run.Output);
        var message = Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(corrupt, message, StringComparison.Ordinal);
        Assert.Contains("knowledge build", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_command_is_named_and_the_usage_shown()
    {
        var run = await BotProcess.RunAsync(["asdf"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("Unknown command 'asdf'", run.Error, StringComparison.Ordinal);
        Assert.Contains("knowledge build", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task I_can_build_a_knowledge_file_from_my_own_articles_folder()
    {
        var folder = Directory.CreateTempSubdirectory("articles-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "harbour.txt"), "Harbour Opens\n\nThe new harbour opened on Monday after six years of work.\n\n“It is a great day,” said Mayor Ana Ruiz.\n");
        var output = Path.Combine(folder, "out", "knowledge.bin");

        var run = await BotProcess.RunAsync(["knowledge", "build", "--articles", folder, "--out", output]);
        var answer = await BotProcess.RunAsync(["ask", "--json", "--knowledge", output, "when did the harbour open?"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 articles, 2 passages", run.Output, StringComparison.Ordinal);
        Assert.Equal(0, answer.ExitCode);
        var first = JsonDocument.Parse(answer.OutputLines.Single()).RootElement.GetProperty("passages")[0];
        Assert.Equal("harbour", first.GetProperty("article").GetString());
        Assert.Equal("The new harbour opened on Monday after six years of work.", first.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Building_from_a_missing_folder_says_so_and_fails()
    {
        var run = await BotProcess.RunAsync(["knowledge", "build", "--articles", "/no/such/folder", "--out", Path.Combine(Path.GetTempPath(), "never.json")]);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("'/no/such/folder' does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_bot_answers_typed_slash_commands_and_exits_at_the_end_of_input()
    {
        var run = await BotProcess.RunAsync([], standardInput: "/ask question: " + WeaponsQuestion + "\n/nonsense\n");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("No Discord token is set", run.Error, StringComparison.Ordinal);
        Assert.Contains("Q: " + WeaponsQuestion, run.Output, StringComparison.Ordinal);
        Assert.Contains("[1] Bloomberg · Xi’s Balancing Act on Ukraine Disrupted by Putin-Kim Alliance · ¶10", run.Output, StringComparison.Ordinal);
        Assert.Contains("Unknown command /nonsense", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_settings_file_gets_one_clear_line()
    {
        var folder = Directory.CreateTempSubdirectory("settings-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "appsettings.json"), "{ \"Discord\": { \"Token\": ");

        var run = await BotProcess.RunAsync(["ask", "anything"], workingDirectory: folder);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("appsettings.json is not valid JSON", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }
}
