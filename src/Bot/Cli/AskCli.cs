using Bot.Answering;
using Bot.Knowledge.Search;

namespace Bot.Cli;

/// <summary>
/// <c>ask [--json] [--knowledge FILE] [question]</c>: answers one question, or with no question every line of
/// standard input. With <c>--json</c> standard output carries only JSON, one object per question and, from standard
/// input, one per line in order: a blank line gets an object saying the question is empty.
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

        // A question given on the command line, even one of only spaces, is that question: standard input is read only
        // when none was given (a blank one used to wait on the terminal or a pipe instead).
        if (arguments.Remaining.Count > 0)
        {
            if (question.Length == 0)
            {
                if (!json)
                {
                    throw new CliUsageException("ask needs a question, and this one is empty, e.g. ask \"Why is Xi wary of Kim's embrace of Putin?\"");
                }

                await output.WriteAsync(AnswerJson.EmptyQuestion.ToJsonLine() + "\n");
                return 2;
            }

            await output.WriteAsync(Render(searcher.Search(question, MaxPassages), json));
            return 0;
        }

        if (inputIsTerminal)
        {
            throw new CliUsageException("ask needs a question, e.g. ask \"Why is Xi wary of Kim's embrace of Putin?\"");
        }

        while (await input.ReadLineAsync() is { } line)
        {
            var asked = line.Trim();
            if (asked.Length == 0)
            {
                // With --json every input line gets its object, in order, so answers can be matched to questions by line.
                if (json)
                {
                    await output.WriteAsync(AnswerJson.EmptyQuestion.ToJsonLine() + "\n");
                    await output.FlushAsync();
                }

                continue;
            }

            await output.WriteAsync(Render(searcher.Search(asked, MaxPassages), json));
            await output.FlushAsync();
        }

        return 0;
    }

    private static string Render(SearchResult result, bool json) =>
        json ? AnswerJson.From(result).ToJsonLine() + "\n" : AnswerText.Render(result) + Environment.NewLine;
}
