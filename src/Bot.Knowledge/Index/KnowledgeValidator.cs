using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// Checks a payload before anything uses it, so a hand-edited or damaged file fails at load with its reason, not mid-answer
/// with a <see cref="NullReferenceException"/> or a <see cref="KeyNotFoundException"/>: every field the model declares
/// non-null is present (a list's entries too), every reference (passage → article, term → passage, quote → passage and
/// span, sentence → text) lands, numbers are in range, and each passage's term count is what the index's postings add
/// up to. Whether each passage's words are in the index is checked where the words are read, when the search indexes
/// the passages.
/// </summary>
internal static class KnowledgeValidator
{
    public static string? FindProblem(KnowledgePayload payload) =>
        Sections(payload) ?? Analyzer(payload.Analyzer) ?? Sources(payload.Sources) ?? ArticlesAndPassages(payload)
        ?? Quotes(payload) ?? Terms(payload) ?? Synonyms(payload.Synonyms) ?? Words(payload) ?? IndexedTexts(payload);

    private static string? Sections(KnowledgePayload payload)
    {
        var missing = new (string Name, object? Value)[]
        {
            ("analyzer", payload.Analyzer), ("sources", payload.Sources), ("articles", payload.Articles), ("passages", payload.Passages), ("terms", payload.Terms),
        }.FirstOrDefault(section => section.Value is null);
        return missing.Name is null ? null : $"the required section '{missing.Name}' is missing or null";
    }

    private static string? Analyzer(AnalyzerSettings analyzer)
    {
        if (analyzer.Description is null || analyzer.StopWords is null || analyzer.StopWords.Any(word => word is null))
        {
            return "the analyzer's description or stop words are missing or null";
        }

        if (analyzer.Version != Analysis.TextAnalyzer.Version)
        {
            return $"built with analyzer version {analyzer.Version}, this bot uses {Analysis.TextAnalyzer.Version}";
        }

        // BM25's k1 ≥ 0 and 0 ≤ b ≤ 1 (Robertson & Zaragoza 2009); outside them scores turn negative or undefined.
        return double.IsFinite(analyzer.K1) && analyzer.K1 >= 0 && analyzer.B is >= 0 and <= 1
            ? null
            : $"the analyzer's BM25 parameters k1 = {analyzer.K1}, b = {analyzer.B} are out of range (k1 ≥ 0, 0 ≤ b ≤ 1)";
    }

    private static string? Sources(IReadOnlyList<SourceEntry> sources)
    {
        for (var index = 0; index < sources.Count; index++)
        {
            if (sources[index] is not { File: not null, Sha256: not null })
            {
                return $"source {index} is null or lacks its file or checksum";
            }
        }

        return null;
    }

    private static string? ArticlesAndPassages(KnowledgePayload payload)
    {
        var paragraphsSeen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var index = 0; index < payload.Articles.Count; index++)
        {
            var article = payload.Articles[index];
            if (article is null || string.IsNullOrEmpty(article.Id) || string.IsNullOrEmpty(article.Title) || article.SourceFile is null)
            {
                return $"article {index} is null or has no id, title or source file";
            }

            if (article.Credits is null || article.Credits.Any(credit => credit is null))
            {
                return $"article '{article.Id}' has null credits";
            }

            if (article.Paragraphs < 1)
            {
                return $"article '{article.Id}' claims {article.Paragraphs} paragraphs, at least 1 expected";
            }

            if (!paragraphsSeen.TryAdd(article.Id, 0))
            {
                return $"article '{article.Id}' appears twice";
            }
        }

        for (var index = 0; index < payload.Passages.Count; index++)
        {
            var passage = payload.Passages[index];
            if (passage is null || passage.Text is null || passage.Sentences is null)
            {
                return $"passage {index} is null or has no text or sentences";
            }

            if (!paragraphsSeen.TryGetValue(passage.Article ?? string.Empty, out var previous))
            {
                return $"passage {index} refers to an unknown article '{passage.Article}'";
            }

            if (passage.Paragraph != previous + 1)
            {
                return $"passage {index} is paragraph {passage.Paragraph} of '{passage.Article}', expected {previous + 1}";
            }

            if (passage.Start < 0 || passage.Length < 0)
            {
                return $"passage {index} has a negative start or length";
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

        return null;
    }

    private static string? Quotes(KnowledgePayload payload)
    {
        var quotes = payload.Quotes ?? [];
        for (var index = 0; index < quotes.Count; index++)
        {
            var quote = quotes[index];
            if (quote is null || string.IsNullOrWhiteSpace(quote.Speaker))
            {
                return $"quote {index} is null or has no speaker";
            }

            if ((uint)quote.Passage >= (uint)payload.Passages.Count || quote.Start < 0 || quote.Length <= 0 || quote.Start + quote.Length > payload.Passages[quote.Passage].Text.Length)
            {
                return $"a quote of '{quote.Speaker}' points outside passage {quote.Passage}";
            }
        }

        return null;
    }

    private static string? Terms(KnowledgePayload payload)
    {
        var termCounts = new long[payload.Passages.Count];
        foreach (var (term, postings) in payload.Terms)
        {
            if (string.IsNullOrEmpty(term) || postings is null || postings.Length == 0 || postings.Length % 2 != 0)
            {
                return $"term '{term}' has malformed postings";
            }

            for (var i = 0; i < postings.Length; i += 2)
            {
                if ((uint)postings[i] >= (uint)payload.Passages.Count || postings[i + 1] <= 0)
                {
                    return $"term '{term}' points at passage {postings[i]}, which does not exist";
                }

                // The search walks postings in passage order and skips blocks of them by it.
                if (i > 0 && postings[i] <= postings[i - 2])
                {
                    return $"term '{term}' lists its passages out of order (passage {postings[i]} after {postings[i - 2]})";
                }

                termCounts[postings[i]] += postings[i + 1];
            }
        }

        for (var index = 0; index < termCounts.Length; index++)
        {
            if (termCounts[index] != payload.Passages[index].Length)
            {
                return $"passage {index} has {payload.Passages[index].Length} terms, the term index lists {termCounts[index]} for it";
            }
        }

        return null;
    }

    private static string? Synonyms(IReadOnlyList<SynonymEntry>? synonyms)
    {
        var entries = synonyms ?? [];
        for (var index = 0; index < entries.Count; index++)
        {
            var entry = entries[index];
            if (entry?.Terms is not { Count: > 0 } terms || terms.Any(string.IsNullOrWhiteSpace) || entry.Targets is { } targets && (targets.Count == 0 || targets.Any(string.IsNullOrWhiteSpace)))
            {
                return $"synonym group {index} is null, empty or has a blank or null word";
            }
        }

        return null;
    }

    /// <summary>The corpus's words, when stored, name only terms of the index: they are looked up by term id.</summary>
    private static string? Words(KnowledgePayload payload)
    {
        if (payload.Words is not { } words)
        {
            return null;
        }

        if (words.Names is null || words.SurfaceWords is null || words.Acronyms is null)
        {
            return "the section 'words' lacks its names, surface words or acronyms";
        }

        var name = words.Names.FirstOrDefault(name => name is null || !payload.Terms.ContainsKey(name));
        if (words.Names.Any(name => name is null) || name is not null)
        {
            return $"the name '{name}' is not a term of the index";
        }

        foreach (var (surface, term) in words.SurfaceWords)
        {
            if (term is null || !payload.Terms.ContainsKey(term))
            {
                return $"the word '{surface}' stands for the term '{term}', which the term index lacks";
            }
        }

        return Synonyms(words.Acronyms) is { } problem ? $"among the acronyms, {problem}" : null;
    }

    /// <summary>
    /// A passage whose text is not the one the builder indexed (its fingerprint differs) is analysed, and refused when the
    /// index lacks one of its words: what analysing every passage at load used to catch, at the cost of hashing the text.
    /// </summary>
    private static string? IndexedTexts(KnowledgePayload payload)
    {
        List<Analysis.Token>? tokens = null;
        for (var index = 0; index < payload.Passages.Count; index++)
        {
            var passage = payload.Passages[index];
            if (passage.TextHash is not { } hash || PassageText.Hash(passage.Text) == hash)
            {
                continue;
            }

            tokens ??= [];
            tokens.Clear();
            Analysis.TextAnalyzer.Shared.Analyze(passage.Text, tokens, keepStopWords: false);
            var missing = tokens.FirstOrDefault(token => !payload.Terms.ContainsKey(token.Term));
            if (missing.Term is not null)
            {
                return $"passage {index}, {passage.Article} ¶{passage.Paragraph}, has the term '{missing.Term}', which the term index lacks";
            }
        }

        return null;
    }
}
