using Bot.Evaluation.Corpora;

namespace Bot.Evaluation;

/// <summary>
/// <c>paragraphs --corpus NAME [--out DIR]</c>: what a question writer is shown, one file per article: its title and its
/// paragraphs numbered as the builder numbers them (boilerplate dropped), so the answers a writer names need no mapping.
/// The writer sees these and nothing of the search.
/// </summary>
internal static class ParagraphsCommand
{
    public const string Usage = "paragraphs --corpus NAME [--bbc DIR] [--out DIR]   the corpus' articles as a question writer sees them, paragraphs numbered";

    public static int Run(Arguments arguments, TextWriter output)
    {
        if (arguments.Option("--corpus") is not { } name)
        {
            output.WriteLine($"paragraphs needs --corpus NAME. Usage: {Usage}");
            return 2;
        }

        var cache = DevelopmentCorpora.Cache;
        var corpus = DevelopmentCorpora.From(arguments).FirstOrDefault(corpus => corpus.Name == name);
        if (corpus?.Build(cache) is not { } knowledge)
        {
            output.WriteLine($"No corpus '{name}' on this machine.");
            return 2;
        }

        var folder = arguments.Option("--out") ?? Path.Combine(cache, name, "paragraphs");
        Directory.CreateDirectory(folder);
        foreach (var article in knowledge.Articles)
        {
            var lines = new List<string> { $"article: {article.Id}", $"title: {article.Title}", string.Empty };
            lines.AddRange(knowledge.PassagesOf(article.Id).Select(passage => $"¶{passage.Number}: {passage.Text}\n"));
            File.WriteAllLines(Path.Combine(folder, article.Id + ".txt"), lines);
        }

        output.WriteLine($"{knowledge.Articles.Count} articles written to {folder}");
        return 0;
    }
}
