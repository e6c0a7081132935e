namespace Bot.Knowledge.Index;

/// <summary>Checks every reference in a payload, so a hand-edited or damaged file fails at load, not mid-answer.</summary>
internal static class KnowledgeValidator
{
    public static string? FindProblem(KnowledgePayload payload)
    {
        if (payload.Analyzer is null || payload.Articles is null || payload.Passages is null || payload.Terms is null || payload.Sources is null)
        {
            return "a required section is missing";
        }

        if (payload.Analyzer.Version != Analysis.TextAnalyzer.Version)
        {
            return $"built with analyzer version {payload.Analyzer.Version}, this bot uses {Analysis.TextAnalyzer.Version}";
        }

        var paragraphsSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var article in payload.Articles)
        {
            if (string.IsNullOrEmpty(article.Id) || string.IsNullOrEmpty(article.Title))
            {
                return "an article has no id or title";
            }

            if (!paragraphsSeen.TryAdd(article.Id, 0))
            {
                return $"article '{article.Id}' appears twice";
            }
        }

        for (var index = 0; index < payload.Passages.Count; index++)
        {
            var passage = payload.Passages[index];
            if (passage.Text is null || passage.Sentences is null || !paragraphsSeen.TryGetValue(passage.Article ?? string.Empty, out var previous))
            {
                return $"passage {index} refers to an unknown article '{passage.Article}'";
            }

            if (passage.Paragraph != previous + 1)
            {
                return $"passage {index} is paragraph {passage.Paragraph} of '{passage.Article}', expected {previous + 1}";
            }

            paragraphsSeen[passage.Article!] = passage.Paragraph;
            foreach (var sentence in passage.Sentences)
            {
                if (sentence is not { Length: 2 } || sentence[0] < 0 || sentence[1] <= 0 || sentence[0] + sentence[1] > passage.Text.Length)
                {
                    return $"passage {index} has a sentence outside its text";
                }
            }
        }

        foreach (var article in payload.Articles)
        {
            if (paragraphsSeen[article.Id] != article.Paragraphs)
            {
                return $"article '{article.Id}' claims {article.Paragraphs} paragraphs, the file has {paragraphsSeen[article.Id]}";
            }
        }

        foreach (var quote in payload.Quotes ?? [])
        {
            if ((uint)quote.Passage >= (uint)payload.Passages.Count || string.IsNullOrWhiteSpace(quote.Speaker)
                || quote.Start < 0 || quote.Length <= 0 || quote.Start + quote.Length > payload.Passages[quote.Passage].Text.Length)
            {
                return $"a quote of '{quote.Speaker}' points outside passage {quote.Passage}";
            }
        }

        foreach (var (term, postings) in payload.Terms)
        {
            if (postings is null || postings.Length == 0 || postings.Length % 2 != 0)
            {
                return $"term '{term}' has malformed postings";
            }

            for (var i = 0; i < postings.Length; i += 2)
            {
                if ((uint)postings[i] >= (uint)payload.Passages.Count || postings[i + 1] <= 0)
                {
                    return $"term '{term}' points at passage {postings[i]}, which does not exist";
                }
            }
        }

        return null;
    }
}
