using System.Globalization;
using Bot.Evaluation.Corpora;
using Bot.Knowledge.Ranking;

namespace Bot.Evaluation;

/// <summary>
/// <c>fit</c>: fits the answer search's <see cref="RankingModel"/> on the tune split of every development corpus at once
/// and writes it to <c>src/Bot.Knowledge/Ranking/ranking-model.json</c>. Each corpus counts the same, however many
/// questions it has, so no one corpus's wording decides the weights. The ranking weights are found by coordinate ascent on
/// the mean over corpora of recall@1 (plus a little recall@3); the abstention model is a logistic regression of
/// "in scope" against "off-topic" on the best candidate's features, and its bar the highest at which no corpus refuses
/// more than <see cref="WronglyRefusedShare"/> of its answerable questions. <c>--loco</c> first prints, per corpus,
/// the figures of a model fitted without it (leave one corpus out), its ranking weights ascended from BM25 alone.
/// <c>--corpora</c> fits on other development corpora than the four it is fitted on; the model fitted on all of them is
/// also measured on their holdout splits, so a change can be judged without writing the model and running <c>eval</c>.
/// </summary>
public static class FitCommand
{
    public const string Usage = "fit [--loco] [--dry-run] [--corpora A,B,...] [--bbc DIR] [--model FILE]";

    /// <summary>The share of a corpus's answerable questions the abstention bar may refuse.</summary>
    private const double WronglyRefusedShare = 0.025;

    private static readonly string[] FitCorpora = ["shipped", "bbc", "brown-press", "brown-learned"];

    public static int Run(Arguments arguments, TextWriter output)
    {
        // --model FILE starts from another model's settings (expansion weights, candidates) than the shipped one.
        var start = arguments.Option("--model") is { } modelFile ? RankingModel.Parse(File.ReadAllText(modelFile)) : RankingModel.Default;
        var fitCorpora = arguments.Option("--corpora")?.Split(',') ?? FitCorpora;
        var samples = new List<CorpusSamples>();
        var holdouts = new List<CorpusSamples>();
        foreach (var corpus in DevelopmentCorpora.From(arguments).Where(corpus => fitCorpora.Contains(corpus.Name)))
        {
            var knowledge = corpus.Build(DevelopmentCorpora.Cache);
            if (knowledge is null || !File.Exists(corpus.QuestionsFile))
            {
                output.WriteLine($"{corpus.Name}: not on this machine, left out of the fit");
                continue;
            }

            var searcher = new RankedSearcher(knowledge, start);
            var questions = corpus.Questions.Where(question => question.Split == QuestionSet.Tune).Select(question => Sample(searcher, question)).ToList();
            samples.Add(new CorpusSamples(corpus.Name, questions));
            holdouts.Add(new CorpusSamples(corpus.Name, corpus.Questions.Where(question => question.Split != QuestionSet.Tune).Select(question => Sample(searcher, question)).ToList()));
        }

        // --abstention-only keeps the ranking weights of the start model and refits the abstention alone: a change to what
        // the abstention reads is then judged on its own, not beside another landing of the ranking's ascent.
        var keepRanking = arguments.Flag("--abstention-only");
        if (arguments.Flag("--loco"))
        {
            // Each fold starts from BM25 alone, not from the shipped weights: those were fitted with the left-out corpus in,
            // and coordinate ascent keeps a start it cannot better, so starting there would let that corpus leak back in.
            var fromBm25 = start with { Weights = [1] };
            foreach (var held in samples)
            {
                var model = Fit(samples.Where(corpus => corpus != held).ToList(), keepRanking ? start : fromBm25, keepRanking);
                output.WriteLine($"without {held.Name,-14} {Describe(held, model)}");
            }
        }

        var fitted = Fit(samples, start, keepRanking) with
        {
            FittedOn = $"fit on the tune splits of {string.Join(", ", samples.Select(corpus => $"{corpus.Name} ({corpus.Questions.Count})"))}, each corpus weighted equally",
        };
        foreach (var corpus in samples)
        {
            output.WriteLine($"fitted on all     {corpus.Name,-14} {Describe(corpus, fitted)}");
        }

        foreach (var corpus in holdouts)
        {
            output.WriteLine($"holdout           {corpus.Name,-14} {Describe(corpus, fitted)}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"weights {string.Join(", ", fitted.Weights.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}; abstention {string.Join(", ", fitted.Abstention.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}, bias {fitted.AbstentionBias:F2}, bar {fitted.AbstainBelow:F3}"));
        if (!arguments.Flag("--dry-run"))
        {
            var path = Path.Combine(Repository.Root, "src", "Bot.Knowledge", "Ranking", "ranking-model.json");
            File.WriteAllText(path, fitted.ToJson() + "\n");
            output.WriteLine($"wrote {path}");
        }

        return 0;
    }

    private static QuestionSample Sample(RankedSearcher searcher, EvaluationQuestion question)
    {
        var (read, candidates) = searcher.ReadAndRank(question.Question);
        bool IsAnswer(Candidate candidate) => searcher.PassageOf(candidate.Passage) is var (article, number) && question.IsAnsweredBy(article, number);

        return new QuestionSample(
            question.IsOffTopic,
            candidates.Select(candidate => candidate.Features).ToArray(),
            candidates.Select(IsAnswer).ToArray(),
            RankedSearcher.UnknownShare(read));
    }

    private static RankingModel Fit(List<CorpusSamples> corpora, RankingModel start, bool keepRanking = false)
    {
        var weights = keepRanking ? start.Weights : FitRanking(corpora, start.Weights);
        var (abstention, bias) = FitAbstention(corpora, weights);
        var model = start with { Weights = weights, Abstention = abstention, AbstentionBias = bias, AbstainBelow = 0 };
        return model with { AbstainBelow = ChooseBar(corpora, model) };
    }

    /// <summary>Coordinate ascent over a grid, the BM25 weight held at 1 (scores only compare within one question).</summary>
    private static double[] FitRanking(List<CorpusSamples> corpora, double[] start)
    {
        // A feature the start model does not have yet starts at 0.
        var weights = new double[PassageFeatures.Count];
        Array.Copy(start, weights, Math.Min(start.Length, weights.Length));
        weights[0] = 1;
        var best = RankingObjective(corpora, weights);
        for (var round = 0; round < 4; round++)
        {
            for (var f = 1; f < weights.Length; f++)
            {
                var kept = weights[f];
                for (var value = -1.0; value <= 4.0001; value += 0.1)
                {
                    weights[f] = value;
                    var objective = RankingObjective(corpora, weights);
                    if (objective > best + 1e-9)
                    {
                        best = objective;
                        kept = value;
                    }
                }

                weights[f] = Math.Round(kept, 2);
            }
        }

        return weights;
    }

    private static double RankingObjective(List<CorpusSamples> corpora, double[] weights)
    {
        var sum = 0.0;
        foreach (var corpus in corpora)
        {
            var (first, top3, count) = (0, 0, 0);
            foreach (var question in corpus.Questions.Where(question => !question.OffTopic))
            {
                count++;
                var rank = RankOfAnswer(question, weights);
                first += rank == 1 ? 1 : 0;
                top3 += rank is >= 1 and <= 3 ? 1 : 0;
            }

            sum += count == 0 ? 0 : (first + (0.5 * top3)) / (double)count;
        }

        return sum / corpora.Count;
    }

    private static int RankOfAnswer(QuestionSample question, double[] weights)
    {
        var answer = Array.IndexOf(question.Correct, true);
        if (answer < 0)
        {
            return 0;
        }

        var score = PassageFeatures.Score(question.Features[answer], weights);
        var rank = 1;
        for (var i = 0; i < question.Features.Length; i++)
        {
            var other = PassageFeatures.Score(question.Features[i], weights);
            rank += !question.Correct[i] && (other > score || (other == score && i < answer)) ? 1 : 0;
        }

        return rank;
    }

    /// <summary>Logistic regression by gradient descent, each corpus and each class weighted equally.</summary>
    private static (double[] Weights, double Bias) FitAbstention(List<CorpusSamples> corpora, double[] ranking)
    {
        var rows = new List<(double[] X, double Y, double Weight)>();
        foreach (var corpus in corpora)
        {
            var inScope = corpus.Questions.Count(question => !question.OffTopic);
            var offTopic = corpus.Questions.Count - inScope;
            foreach (var question in corpus.Questions.Where(question => question.Features.Length > 0))
            {
                var best = question.Features.MaxBy(features => PassageFeatures.Score(features, ranking))!;
                var x = best.Append(question.UnknownShare).ToArray();
                rows.Add((x, question.OffTopic ? 0 : 1, 1.0 / Math.Max(1, question.OffTopic ? offTopic : inScope)));
            }
        }

        var weights = new double[PassageFeatures.Count + 1];
        var bias = 0.0;
        var total = rows.Sum(row => row.Weight);
        for (var step = 0; step < 3000; step++)
        {
            var gradient = new double[weights.Length];
            var gradientBias = 0.0;
            foreach (var (x, y, weight) in rows)
            {
                var z = bias;
                for (var i = 0; i < x.Length; i++)
                {
                    z += weights[i] * x[i];
                }

                var error = (1 / (1 + Math.Exp(-z))) - y;
                for (var i = 0; i < x.Length; i++)
                {
                    gradient[i] += weight * error * x[i];
                }

                gradientBias += weight * error;
            }

            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] -= 0.5 * ((gradient[i] / total) + (0.001 * weights[i]));
            }

            bias -= 0.5 * gradientBias / total;
        }

        return (weights.Select(w => Math.Round(w, 3)).ToArray(), Math.Round(bias, 3));
    }

    /// <summary>
    /// The highest bar at which no corpus refuses more than <see cref="WronglyRefusedShare"/> of its answerable questions:
    /// a member asking about articles nobody here has read is refused no more often than on the ones we have.
    /// </summary>
    private static double ChooseBar(List<CorpusSamples> corpora, RankingModel model)
    {
        var bar = 1.0;
        foreach (var corpus in corpora)
        {
            var probabilities = corpus.Questions
                .Where(question => !question.OffTopic)
                .Select(question => Probability(question, model))
                .Order()
                .ToList();
            var allowed = (int)Math.Floor(WronglyRefusedShare * probabilities.Count);
            bar = Math.Min(bar, probabilities.Count == 0 ? 1 : probabilities[allowed] - 1e-6);
        }

        return Math.Round(Math.Max(bar, 0), 4);
    }

    private static double Probability(QuestionSample question, RankingModel model)
    {
        if (question.Features.Length == 0)
        {
            return 0;
        }

        var best = question.Features.MaxBy(features => PassageFeatures.Score(features, model.Weights))!;
        var z = model.AbstentionBias + PassageFeatures.Score(best, model.Abstention) + (model.Abstention[^1] * question.UnknownShare);
        return 1 / (1 + Math.Exp(-z));
    }

    private static string Describe(CorpusSamples corpus, RankingModel model)
    {
        var inScope = corpus.Questions.Where(question => !question.OffTopic).ToList();
        var offTopic = corpus.Questions.Where(question => question.OffTopic).ToList();
        var refused = inScope.Count(question => Probability(question, model) < model.AbstainBelow);
        var first = inScope.Count(question => Probability(question, model) >= model.AbstainBelow && RankOfAnswer(question, model.Weights) == 1);
        var top3 = inScope.Count(question => Probability(question, model) >= model.AbstainBelow && RankOfAnswer(question, model.Weights) is >= 1 and <= 3);
        var declined = offTopic.Count(question => Probability(question, model) < model.AbstainBelow);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"r@1 {100.0 * first / Math.Max(1, inScope.Count),5:F1}%  r@3 {100.0 * top3 / Math.Max(1, inScope.Count),5:F1}%  off-topic refused {declined}/{offTopic.Count}  wrongly refused {refused}/{inScope.Count}");
    }

    private sealed record QuestionSample(bool OffTopic, double[][] Features, bool[] Correct, double UnknownShare);

    private sealed record CorpusSamples(string Name, List<QuestionSample> Questions);
}
