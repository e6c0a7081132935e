using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Search;

/// <summary>
/// Plain BM25 over paragraphs (k1 1.2, b 0.75): the baseline that the answer ranking is measured against.
/// Every question gets its best-scoring passages; it never declines to answer.
/// </summary>
public sealed class Bm25Searcher(KnowledgeBase knowledge) : IPassageSearcher
{
    public SearchResult Search(string question, int maxResults = 5)
    {
        var terms = knowledge.Analyzer.Analyze(question).Select(token => token.Term).Distinct(StringComparer.Ordinal).ToList();
        var scores = new Dictionary<int, double>();
        foreach (var term in terms)
        {
            var idf = knowledge.Index.Idf(term);
            var postings = knowledge.Index.Postings(term);
            for (var i = 0; i < postings.Length; i += 2)
            {
                scores[postings[i]] = scores.GetValueOrDefault(postings[i]) + knowledge.Index.TermScore(idf, postings[i + 1], postings[i]);
            }
        }

        var hits = scores
            .OrderByDescending(pair => pair.Value)
            .ThenBy(pair => pair.Key)
            .Take(maxResults)
            .Select(pair => new PassageHit(knowledge.Passages[pair.Key], pair.Value, Highlighter.Find(knowledge.Analyzer, knowledge.Passages[pair.Key].Text, terms)))
            .ToList();
        return new SearchResult(question, hits.Count > 0, hits, [], []);
    }
}

/// <summary>Finds the words of a passage whose terms the question asked about, to mark them.</summary>
public static class Highlighter
{
    public static IReadOnlyList<TextSpan> Find(TextAnalyzer analyzer, string text, IReadOnlyCollection<string> terms)
    {
        if (terms.Count == 0)
        {
            return [];
        }

        var wanted = terms as ISet<string> ?? new HashSet<string>(terms, StringComparer.Ordinal);
        var spans = new List<TextSpan>();
        foreach (var token in analyzer.Analyze(text))
        {
            if (!wanted.Contains(token.Term))
            {
                continue;
            }

            // Neighbouring matches separated only by spaces read better as one mark: "North Korea", not "North" "Korea".
            if (spans.Count > 0 && string.IsNullOrWhiteSpace(text[spans[^1].End..token.Start]))
            {
                spans[^1] = new TextSpan(spans[^1].Start, token.Start + token.Length - spans[^1].Start);
            }
            else
            {
                spans.Add(new TextSpan(token.Start, token.Length));
            }
        }

        return spans;
    }

    /// <summary>
    /// Wraps each highlighted span of <paramref name="text"/> in <paramref name="marker"/> (markdown bold by default),
    /// passing the text between and inside the marks through <paramref name="escape"/>; the words themselves are untouched.
    /// </summary>
    public static string Mark(string text, IReadOnlyList<TextSpan> highlights, Func<string, string> escape, string marker = "**")
    {
        var marked = new System.Text.StringBuilder(text.Length + (highlights.Count * marker.Length * 2));
        var position = 0;
        foreach (var span in highlights.OrderBy(span => span.Start))
        {
            if (span.Start < position || span.End > text.Length)
            {
                continue;
            }

            marked.Append(escape(text[position..span.Start])).Append(marker).Append(escape(span.Of(text))).Append(marker);
            position = span.End;
        }

        return marked.Append(escape(text[position..])).ToString();
    }
}
