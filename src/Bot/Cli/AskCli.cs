using Bot.Answering;
using Bot.Knowledge.Search;

namespace Bot.Cli;

/// <summary>
/// <c>ask [--json] [--knowledge FILE] [question]</c>: answers one question, or with no question every line of
/// standard input. With <c>--json</c> standard output carries only JSON, one object per question.
/// </summary>
public static class AskCli
{
    /// <summary>The <c>ask</c> output holds at most this many passages, best first.</summary>
    public const int MaxPassages = 5;

    public const string Usage = "ask [--json] [--knowledge FILE] \"question\"   (no question: one question a line from standard input)";

    public static async Task<int> RunAsync(CliArguments arguments, KnowledgeProvider knowledge, TextReader input, TextWriter output, bool inputIsTerminal)
    {
        var json = arguments.TakeFlag("--json");
        arguments.RejectUnknownOptions();
        var question = string.Join(' ', arguments.Remaining).Trim();
        var searcher = knowledge.Searcher;

        if (question.Length > 0)
        {
            await output.WriteAsync(Render(searcher.Search(question, MaxPassages), json));
            return 0;
        }

        if (inputIsTerminal)
        {
            throw new CliUsageException("ask needs a question, e.g. ask \"Why is Xi wary of Kim's embrace of Putin?\"");
        }

        while (await input.ReadLineAsync() is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            await output.WriteAsync(Render(searcher.Search(line.Trim(), MaxPassages), json));
            await output.FlushAsync();
        }

        return 0;
    }

    private static string Render(SearchResult result, bool json) =>
        json ? AnswerJson.From(result).ToJsonLine() + "\n" : AnswerText.Render(result) + Environment.NewLine;
}
