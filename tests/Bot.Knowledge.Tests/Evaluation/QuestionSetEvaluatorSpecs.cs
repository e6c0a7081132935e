using Bot.Evaluation;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests.Evaluation;

public sealed class QuestionSetEvaluatorSpecs
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

    /// <summary>Answers every question with the same passages, or declines when told to.</summary>
    private sealed class ScriptedSearcher(params Passage[] passages) : IPassageSearcher
    {
        public SearchResult Search(string question, int maxResults = 5) =>
            passages.Length == 0
                ? SearchResult.NotAnswered(question, [], [])
                : new SearchResult(question, true, passages.Select(passage => new PassageHit(passage, 1, [])).ToList(), [], []);
    }

    [Fact]
    public void I_can_read_a_question_set_with_several_acceptable_passages_and_off_topic_questions()
    {
        var questions = QuestionSet.Parse("""
            {"question": "what did shen say", "answers": [{"article": "ft-xi-wary-of-kim-putin", "paragraph": 9}, {"article": "ft-xi-wary-of-kim-putin", "paragraph": 7}], "split": "holdout"}

            {"question": "pancakes?", "answers": []}
            """);

        Assert.Equal(2, questions.Count);
        Assert.Equal([new ExpectedPassage("ft-xi-wary-of-kim-putin", 9), new ExpectedPassage("ft-xi-wary-of-kim-putin", 7)], questions[0].Answers);
        Assert.Equal(QuestionSet.Holdout, questions[0].Split);
        Assert.True(questions[1].IsOffTopic);
        Assert.Equal(QuestionSet.Tune, questions[1].Split);
    }

    [Fact]
    public void A_broken_line_is_reported_with_its_number()
    {
        var problem = Assert.Throws<FormatException>(() => QuestionSet.Parse("{\"question\": \"a\"}\n{not json", "set.jsonl"));

        Assert.StartsWith("set.jsonl line 2:", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recall_and_reciprocal_rank_count_the_first_acceptable_passage_and_refusals_count_as_misses()
    {
        var shen = Knowledge.FindPassage("ft-xi-wary-of-kim-putin", 9)!;
        var other = Knowledge.FindPassage("ft-xi-wary-of-kim-putin", 1)!;
        var questions = QuestionSet.Parse("""
            {"question": "q1", "answers": [{"article": "ft-xi-wary-of-kim-putin", "paragraph": 9}]}
            {"question": "q2", "answers": [{"article": "ft-xi-wary-of-kim-putin", "paragraph": 1}]}
            {"question": "off", "answers": []}
            """);

        var report = QuestionSetEvaluator.Evaluate("scripted", new ScriptedSearcher(shen, other), questions, "all");
        var refusing = QuestionSetEvaluator.Evaluate("refusing", new ScriptedSearcher(), questions, "all");

        Assert.Equal(0.5, report.RecallAt1);
        Assert.Equal(1.0, report.RecallAt3);
        Assert.Equal(0.75, report.MeanReciprocalRank);
        Assert.Equal((0, 1, 0), (report.OffTopicRefused, report.OffTopic, report.InScopeRefused));
        Assert.Equal((0.0, 1, 2), (refusing.RecallAt3, refusing.OffTopicRefused, refusing.InScopeRefused));
    }
}
