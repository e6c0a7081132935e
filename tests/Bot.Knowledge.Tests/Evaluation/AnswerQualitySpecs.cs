using Bot.Evaluation;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests.Evaluation;

/// <summary>
/// Answer quality on our own question set (tests/Bot.Evaluation/Questions/shipped.jsonl: written as people ask, with typos and fragments;
/// a quarter held out from tuning). The floors sit a little below what the searcher achieves, so a change that
/// makes answers worse fails here.
/// </summary>
public sealed class AnswerQualitySpecs
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

    private static readonly IReadOnlyList<EvaluationQuestion> Questions =
        QuestionSet.Read(Path.Combine(AppContext.BaseDirectory, "Questions", "shipped.jsonl"));

    [Fact]
    public void The_question_set_has_enough_in_scope_and_off_topic_questions_in_both_splits()
    {
        Assert.True(Questions.Count(question => !question.IsOffTopic) >= 120);
        Assert.True(Questions.Count(question => question.IsOffTopic) >= 25);
        Assert.True(Questions.Count(question => question.Split == QuestionSet.Holdout) >= Questions.Count / 5);
        Assert.All(
            Questions.SelectMany(question => question.Answers),
            answer => Assert.NotNull(Knowledge.FindPassage(answer.Article, answer.Paragraph)));
    }

    [Theory]
    [InlineData(QuestionSet.Tune, 0.90, 0.965, 350, 21)]
    [InlineData(QuestionSet.Holdout, 0.925, 0.975, 440, 34)]
    public void The_bot_puts_the_answering_passage_first_and_declines_off_topic_questions(
        string split, double minimumRecallAt1, double minimumRecallAt3, int minimumOffTopicRefused, int maximumInScopeRefused)
    {
        var report = QuestionSetEvaluator.Evaluate("answer-search", new AnswerSearcher(Knowledge), Questions.Where(question => question.Split == split), split);

        Assert.True(report.RecallAt1 >= minimumRecallAt1, $"recall@1 {report.RecallAt1:P1} < {minimumRecallAt1:P0}\n{QuestionSetEvaluator.FormatMistakes(report)}");
        Assert.True(report.RecallAt3 >= minimumRecallAt3, $"recall@3 {report.RecallAt3:P1} < {minimumRecallAt3:P0}\n{QuestionSetEvaluator.FormatMistakes(report)}");
        Assert.True(report.OffTopicRefused >= minimumOffTopicRefused, $"only {report.OffTopicRefused} off-topic questions refused\n{QuestionSetEvaluator.FormatMistakes(report)}");
        Assert.True(report.InScopeRefused <= maximumInScopeRefused, $"{report.InScopeRefused} in-scope questions refused\n{QuestionSetEvaluator.FormatMistakes(report)}");
    }

    [Fact]
    public void The_bot_ranks_better_than_plain_bm25_on_the_whole_set()
    {
        var bot = QuestionSetEvaluator.Evaluate("answer-search", new AnswerSearcher(Knowledge), Questions, "all");
        var baseline = QuestionSetEvaluator.Evaluate("plain-bm25", new Bm25Searcher(Knowledge), Questions, "all");

        Assert.True(bot.RecallAt1 > baseline.RecallAt1, $"answer search {bot.RecallAt1:P1}, plain BM25 {baseline.RecallAt1:P1}");
        Assert.True(bot.OffTopicRefused > baseline.OffTopicRefused);
    }
}
