using System.Text.Json;
using Bot.Evaluation;
using Bot.Knowledge.Ranking;
using Bot.Knowledge.Search;

namespace Bot.Knowledge.Tests.Evaluation;

/// <summary>What <c>candidates</c> writes for a question: what the rescoring saw, so a signal can be tried outside the bot.</summary>
public sealed class CandidatesCommandSpecs
{
    private static readonly KnowledgeBase Knowledge = KnowledgeBase.Load(RepositoryPaths.KnowledgeFile);

    [Fact]
    public void A_line_holds_the_candidates_best_first_with_their_texts_and_marks_the_answer()
    {
        var question = QuestionSet.Parse("""
            {"question": "How much are North Korea's arms shipments to Russia worth?", "answers": [{"article": "bloomberg-xi-balancing-act", "paragraph": 10}], "split": "holdout"}
            """)[0];

        using var line = JsonDocument.Parse(CandidatesCommand.Line(new RankedSearcher(Knowledge), question));
        var root = line.RootElement;
        var candidates = root.GetProperty("candidates").EnumerateArray().ToList();

        Assert.Equal(question.Question, root.GetProperty("question").GetString());
        Assert.Equal("holdout", root.GetProperty("split").GetString());
        Assert.False(root.GetProperty("offTopic").GetBoolean());
        Assert.True(candidates.Count > 1);
        var scores = candidates.Select(candidate => candidate.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var answers = candidates.Where(candidate => candidate.GetProperty("answer").GetBoolean()).ToList();
        var answer = Assert.Single(answers);
        Assert.Equal("bloomberg-xi-balancing-act¶10", answer.GetProperty("passage").GetString());
        Assert.Equal(Knowledge.FindPassage("bloomberg-xi-balancing-act", 10)!.Text, answer.GetProperty("text").GetString());
        Assert.All(candidates, candidate => Assert.Equal(PassageFeatures.Count, candidate.GetProperty("features").GetArrayLength()));
    }

    [Fact]
    public void An_off_topic_question_is_marked_and_no_candidate_is_an_answer()
    {
        var question = QuestionSet.Parse("""{"question": "What is the best lasagna recipe?", "answers": []}""")[0];

        using var line = JsonDocument.Parse(CandidatesCommand.Line(new RankedSearcher(Knowledge), question));

        Assert.True(line.RootElement.GetProperty("offTopic").GetBoolean());
        Assert.DoesNotContain(line.RootElement.GetProperty("candidates").EnumerateArray(), candidate => candidate.GetProperty("answer").GetBoolean());
    }
}
