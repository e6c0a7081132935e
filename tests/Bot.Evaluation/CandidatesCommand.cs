using System.Text.Json;
using Bot.Evaluation.Corpora;
using Bot.Knowledge.Ranking;

namespace Bot.Evaluation;

/// <summary>
/// <c>candidates --out DIR [--corpus NAME]...</c>: for every question of every development corpus, what the rescoring
/// stage sees — the first pass's candidates, best first, each with its score, its features, its text and whether it is an
/// answer — and whether the search answered, one JSON line per question in <c>DIR/CORPUS.jsonl</c>. A signal that needs
/// more than this codebase has (a sentence-embedding model, another ranker) can be tried on these files outside the bot
/// before anything is built into it (docs/answer-quality.md, ninth session).
/// </summary>
public static class CandidatesCommand
{
    public const string Usage = "candidates --out DIR [--corpus NAME]... [--bbc DIR]   every question's candidates, features and texts, as JSON lines";

    public static int Run(Arguments arguments, TextWriter output)
    {
        if (arguments.Option("--out") is not { } folder)
        {
            output.WriteLine($"candidates needs --out DIR. Usage: {Usage}");
            return 2;
        }

        var chosen = arguments.Options("--corpus");
        Directory.CreateDirectory(folder);
        foreach (var corpus in DevelopmentCorpora.From(arguments))
        {
            if ((chosen.Count > 0 && !chosen.Contains(corpus.Name)) || !File.Exists(corpus.QuestionsFile) || corpus.Build(DevelopmentCorpora.Cache) is not { } knowledge)
            {
                continue;
            }

            var searcher = new RankedSearcher(knowledge);
            using var writer = new StreamWriter(Path.Combine(folder, corpus.Name + ".jsonl"));
            foreach (var question in corpus.Questions)
            {
                writer.WriteLine(Line(searcher, question));
            }

            output.WriteLine($"{corpus.Name}: {corpus.Questions.Count} questions");
        }

        return 0;
    }

    /// <summary>One question's line: the question, its split, whether it is off-topic and was answered, and its candidates.</summary>
    public static string Line(RankedSearcher searcher, EvaluationQuestion question)
    {
        var (read, candidates) = searcher.ReadAndRank(question.Question);
        return JsonSerializer.Serialize(new
        {
            question = question.Question,
            split = question.Split,
            offTopic = question.IsOffTopic,
            answered = candidates.Count > 0 && searcher.AnswerProbability(candidates[0].Features, read) >= searcher.Model.AbstainBelow,
            unknownShare = RankedSearcher.UnknownShare(read),
            candidates = candidates.Select(candidate =>
            {
                var (article, number) = searcher.PassageOf(candidate.Passage);
                return new
                {
                    passage = $"{article}¶{number}",
                    answer = question.IsAnsweredBy(article, number),
                    score = candidate.Score,
                    features = candidate.Features,
                    text = searcher.TextOf(candidate.Passage),
                };
            }),
        });
    }
}
