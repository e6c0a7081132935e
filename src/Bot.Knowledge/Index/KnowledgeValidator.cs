using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// Checks an opened file's small sections before anything uses it, so a damaged file, or one written with broken
/// references and its checksums recomputed, fails at load with its reason, not mid-answer with an
/// <see cref="IndexOutOfRangeException"/>: every reference (passage → article, quote → passage and span, term → postings,
/// words → terms) lands, numbers are in range, and the offsets into the large sections add up. The large sections are
/// checked as the reader streams them (sentences inside their text, postings in order and adding up to each passage's
/// term count); a passage's words, when its text is first read.
/// </summary>
internal static class KnowledgeValidator
{
    public static string? FindProblem(KnowledgeFileContents contents, long textsLength, long sentencesLength, long postingsLength) =>
        Analyzer(contents.Analyzer) ?? Sources(contents.Sources) ?? Articles(contents) ?? Passages(contents, textsLength, sentencesLength)
        ?? Quotes(contents) ?? Terms(contents, postingsLength) ?? Synonyms(contents.Synonyms);

    private static string? Analyzer(AnalyzerSettings analyzer)
    {
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
            if (sources[index].File.Length == 0 || sources[index].Sha256.Length == 0)
            {
                return $"source {index} lacks its file or checksum";
            }
        }

        return null;
    }

    private static string? Articles(KnowledgeFileContents contents)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var index = 0; index < contents.Articles.Count; index++)
        {
            var article = contents.Articles[index];
            if (article.Id.Length == 0 || article.Title.Length == 0)
            {
                return $"article {index} has no id or title";
            }

            if (article.Paragraphs < 1)
            {
                return $"article '{article.Id}' claims {article.Paragraphs} paragraphs, at least 1 expected";
            }

            if (!seen.Add(article.Id))
            {
                return $"article '{article.Id}' appears twice";
            }
        }

        return null;
    }

    /// <summary>An article's passages follow one another, numbered from 1: a passage's place is its article's first plus its number.</summary>
    private static string? Passages(KnowledgeFileContents contents, long textsLength, long sentencesLength)
    {
        var articles = contents.Articles;
        var first = new int[articles.Count];
        Array.Fill(first, -1);
        var counted = new int[articles.Count];
        if (contents.TextOffsets[0] != 0 || contents.SentenceOffsets[0] != 0)
        {
            return "the passage table's offsets do not start at 0";
        }

        for (var index = 0; index < contents.PassageCount; index++)
        {
            var article = contents.PassageArticles[index];
            if ((uint)article >= (uint)articles.Count)
            {
                return $"passage {index} refers to an unknown article (number {article} of {articles.Count})";
            }

            var id = articles[article].Id;
            var continues = index > 0 && contents.PassageArticles[index - 1] == article;
            var expected = continues ? contents.PassageParagraphs[index - 1] + 1 : 1;
            if (!continues && first[article] >= 0)
            {
                return $"passage {index} of '{id}' is apart from the article's other paragraphs";
            }

            if (contents.PassageParagraphs[index] != expected)
            {
                return $"passage {index} is paragraph {contents.PassageParagraphs[index]} of '{id}', expected {expected}";
            }

            if (contents.PassageStarts[index] < 0 || contents.PassageTermCounts[index] < 0 || contents.PassageTextChars[index] < 0)
            {
                return $"passage {index} has a negative start or length";
            }

            // UTF-8 takes one to three bytes for each UTF-16 code unit.
            var bytes = contents.TextOffsets[index + 1] - contents.TextOffsets[index];
            if (bytes < contents.PassageTextChars[index] || bytes > 3L * contents.PassageTextChars[index])
            {
                return $"passage {index}'s text does not fit its place in the file";
            }

            if (contents.SentenceOffsets[index + 1] < contents.SentenceOffsets[index])
            {
                return $"passage {index}'s sentences do not fit their place in the file";
            }

            if (first[article] < 0)
            {
                first[article] = index;
            }

            counted[article]++;
        }

        if (contents.TextOffsets[^1] != textsLength || contents.SentenceOffsets[^1] * 8L != sentencesLength)
        {
            return "the passage table's offsets do not add up to its texts and sentences";
        }

        for (var a = 0; a < articles.Count; a++)
        {
            if (counted[a] != articles[a].Paragraphs)
            {
                return $"article '{articles[a].Id}' claims {articles[a].Paragraphs} paragraphs, the file has {counted[a]}";
            }
        }

        contents.ArticleFirstPassages = first;
        return null;
    }

    private static string? Quotes(KnowledgeFileContents contents)
    {
        var quotes = contents.Quotes;
        for (var index = 0; index < quotes.Count; index++)
        {
            var quote = quotes[index];
            if (string.IsNullOrWhiteSpace(quote.Speaker))
            {
                return $"quote {index} has no speaker";
            }

            if ((uint)quote.Passage >= (uint)contents.PassageCount || quote.Start < 0 || quote.Length <= 0 || (long)quote.Start + quote.Length > contents.PassageTextChars[quote.Passage])
            {
                return $"a quote of '{quote.Speaker}' points outside passage {quote.Passage}";
            }
        }

        return null;
    }

    /// <summary>The terms are sorted (they are looked up by binary search) and their postings' offsets add up.</summary>
    private static string? Terms(KnowledgeFileContents contents, long postingsLength)
    {
        var terms = contents.TermArray;
        if (contents.PostingOffsets[0] != 0 || contents.PostingOffsets[^1] != postingsLength)
        {
            return "the term index's offsets do not add up to its postings";
        }

        for (var t = 0; t < terms.Length; t++)
        {
            if (terms[t].Length == 0 || (t > 0 && string.CompareOrdinal(terms[t - 1], terms[t]) >= 0))
            {
                return $"the term index is not in order at '{terms[t]}'";
            }

            // A posting takes two bytes at least and ten at most.
            var bytes = contents.PostingOffsets[t + 1] - contents.PostingOffsets[t];
            var frequency = contents.DocumentFrequencies[t];
            if (frequency <= 0 || frequency > contents.PassageCount || bytes < 2L * frequency || bytes > 10L * frequency)
            {
                return $"term '{terms[t]}' has malformed postings";
            }
        }

        return null;
    }

    private static string? Synonyms(IReadOnlyList<SynonymEntry> synonyms)
    {
        for (var index = 0; index < synonyms.Count; index++)
        {
            var entry = synonyms[index];
            if (entry.Terms.Count == 0 || entry.Terms.Any(string.IsNullOrWhiteSpace) || entry.Targets is { } targets && (targets.Count == 0 || targets.Any(string.IsNullOrWhiteSpace)))
            {
                return $"synonym group {index} is empty or has a blank word";
            }
        }

        return null;
    }

    /// <summary>The corpus's words, when stored, name only terms of the index: they are looked up by term id.</summary>
    public static string? FindWordsProblem(KnowledgeFileContents contents)
    {
        if (contents.Words is not { } words)
        {
            return null;
        }

        foreach (var name in words.Names)
        {
            if (contents.TermId(name) < 0)
            {
                return $"the name '{name}' is not a term of the index";
            }
        }

        foreach (var (surface, term) in words.SurfaceWords)
        {
            if (contents.TermId(term) < 0)
            {
                return $"the word '{surface}' stands for the term '{term}', which the term index lacks";
            }
        }

        return Synonyms(words.Acronyms) is { } problem ? $"among the acronyms, {problem}" : null;
    }
}
