using Bot.SemanticRescoring;

// dotnet run -c Release --project tests/Bot.SemanticRescoring -- DIR [--model minilm|arctic]
// DIR holds what `dotnet run -c Release --project tests/Bot.Evaluation -- candidates --out DIR` wrote.
if (args.Length == 0 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("Usage: Bot.SemanticRescoring DIR [--model minilm|arctic]   (DIR: what 'Bot.Evaluation candidates --out DIR' wrote)");
    return 2;
}

var folder = args[0];
var model = args.SkipWhile(arg => arg != "--model").Skip(1).FirstOrDefault() ?? "minilm";
if (model is not ("minilm" or "arctic"))
{
    Console.Error.WriteLine($"No model '{model}': minilm or arctic.");
    return 2;
}

if (Directory.GetFiles(folder, "*.jsonl").Length == 0)
{
    Console.Error.WriteLine($"No *.jsonl in '{folder}': write them with 'Bot.Evaluation candidates --out {folder}'.");
    return 2;
}

var embeddings = new Embeddings(model, Path.Combine(folder, $"embeddings-{model}.bin"));
var corpora = new List<(string Name, List<AskedQuestion> Questions)>();
foreach (var file in Directory.GetFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
{
    var name = Path.GetFileNameWithoutExtension(file);

    // The shipped articles among the BBC ones ask the shipped questions again; and of the shipped set's 6,063 questions
    // (many near-repeats over 40 paragraphs) every sixth is enough.
    if (name.Contains('+', StringComparison.Ordinal))
    {
        continue;
    }

    var questions = CandidateFile.Read(file);
    questions = name == "shipped" ? questions.Where((_, i) => i % 6 == 0).ToList() : questions;
    Console.WriteLine($"{name}: {questions.Count} questions");
    embeddings.Encode(questions.Select(question => embeddings.QueryPrefix + question.Text).Concat(questions.SelectMany(question => question.Candidates.Select(candidate => candidate.Text))), Console.Out);
    corpora.Add((name, questions));
}

var rescoring = new Rescoring(embeddings);
Console.WriteLine($"\nfirst / top three with the {model} cosine added at each weight (0: the search's ranking as it is)");
Console.WriteLine("weight " + string.Concat(corpora.Select(corpus => $"{corpus.Name,17}")) + "        mean");
foreach (var weight in Rescoring.Weights)
{
    var figures = corpora.Select(corpus => rescoring.Measure(corpus.Questions, weight)).ToList();
    Console.WriteLine($"{weight,-6} " + string.Concat(figures.Select(f => $"{f.First,9:F1} /{f.TopThree,5:F1}")) + $"  {figures.Average(f => f.First),6:F1} /{figures.Average(f => f.TopThree),5:F1}");
}

Console.WriteLine("\nleave one corpus out: the weight best on the others' mean first place, on the one left out (all questions; holdout split)");
foreach (var (name, questions) in corpora)
{
    var weight = Rescoring.Weights.MaxBy(w => corpora.Where(other => other.Name != name).Average(other => rescoring.Measure(other.Questions, w).First));
    var holdout = questions.Where(question => question.Split == "holdout").ToList();
    var (before, after) = (rescoring.Measure(questions, 0), rescoring.Measure(questions, weight));
    var (holdoutBefore, holdoutAfter) = (rescoring.Measure(holdout, 0), rescoring.Measure(holdout, weight));
    Console.WriteLine($"{name,-16} weight {weight,-3} {before.First,5:F1} / {before.TopThree,5:F1} -> {after.First,5:F1} / {after.TopThree,5:F1}   holdout {holdoutBefore.First,5:F1} / {holdoutBefore.TopThree,5:F1} -> {holdoutAfter.First,5:F1} / {holdoutAfter.TopThree,5:F1}");
}

Console.WriteLine("\noff-topic questions refused: the search's abstention; the best candidate's cosine, set to refuse 3% of in-scope questions");
foreach (var (name, questions) in corpora)
{
    var (refused, offTopic) = rescoring.OffTopicRefusedAtThreePercent(questions);
    var inScope = questions.Count(question => !question.OffTopic);
    Console.WriteLine($"{name,-16} search {questions.Count(question => question.OffTopic && !question.Answered),3} of {offTopic,-3} (in scope refused {questions.Count(question => !question.OffTopic && !question.Answered)} of {inScope});  cosine {refused,3} of {offTopic}");
}

var (sharedBar, perCorpus) = rescoring.WithTheSearchsRefusals(corpora.Select(corpus => (IReadOnlyList<AskedQuestion>)corpus.Questions).ToList());
Console.WriteLine($"\nthe search's refusals plus a best cosine below {sharedBar:F3} (one bar, refusing at most 2% more of any corpus's in-scope questions): off-topic refused, in scope refused");
for (var c = 0; c < corpora.Count; c++)
{
    Console.WriteLine($"{corpora[c].Name,-16} {perCorpus[c].OffTopicRefused,3} of {corpora[c].Questions.Count(question => question.OffTopic),-3}  {perCorpus[c].InScopeRefused,3} of {corpora[c].Questions.Count(question => !question.OffTopic)}");
}

var asked = corpora.SelectMany(corpus => corpus.Questions.Take(20)).Select(question => embeddings.QueryPrefix + question.Text).ToList();
Console.WriteLine($"\none question encoded alone: median {embeddings.MedianTimeAlone(asked).TotalMilliseconds:F1} ms over {asked.Count}");
return 0;
