using System.Runtime.InteropServices;
using Bot.Knowledge.Analysis;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Quotes;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// Builds the knowledge payload from a folder of article files: cleans and numbers the paragraphs, and
/// indexes each paragraph's terms. The result depends only on the files' bytes, never on the clock or the
/// order the file system lists them in.
/// </summary>
public static class KnowledgeBuilder
{
    /// <summary>Files an articles folder may hold; anything else (a README, say) is left alone.</summary>
    private static readonly string[] ArticleExtensions = [".txt", ".md"];

    /// <summary>
    /// Articles handed to a processor together, their corpus words tallied in one: few enough that a folder of a few dozen
    /// articles still keeps both processors busy.
    /// </summary>
    private const int ArticlesPerTally = 8;

    public const double DefaultK1 = 1.2;
    public const double DefaultB = 0.75;

    /// <summary>
    /// Builds from every article file in <paramref name="articlesDirectory"/>, with the synonym groups of
    /// <c>synonyms.txt</c> beside that folder (<c>knowledge/synonyms.txt</c> for <c>knowledge/articles</c>) when there is one.
    /// </summary>
    public static KnowledgePayload BuildFromDirectory(string articlesDirectory, TextAnalyzer? analyzer = null)
    {
        if (!Directory.Exists(articlesDirectory))
        {
            throw new KnowledgeBuildException(File.Exists(articlesDirectory)
                ? $"Articles folder '{articlesDirectory}' is a file; --articles names the folder that holds the article files."
                : $"Articles folder '{articlesDirectory}' does not exist.");
        }

        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(articlesDirectory)
                .Where(file => ArticleExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase))
                .Where(file => !Path.GetFileName(file).StartsWith('.') && !Path.GetFileName(file).Equals("README.md", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeBuildException($"Articles folder '{articlesDirectory}' cannot be listed ({exception.Message}).", exception);
        }

        if (files.Count == 0)
        {
            throw new KnowledgeBuildException($"Articles folder '{articlesDirectory}' holds no .txt or .md article files.");
        }

        var synonymsPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(articlesDirectory).TrimEnd(Path.DirectorySeparatorChar)) ?? ".", SynonymFile.FileName);
        IReadOnlyList<SynonymEntry> synonyms;
        try
        {
            synonyms = File.Exists(synonymsPath) ? SynonymFile.Read(synonymsPath) : [];
        }
        catch (FormatException problem)
        {
            throw new KnowledgeBuildException(problem.Message);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeBuildException($"Synonyms file '{synonymsPath}' cannot be read ({exception.Message}).", exception);
        }

        return Build(files.Select(ArticleSource.Read), analyzer, synonyms);
    }

    /// <summary>
    /// Builds from <paramref name="sources"/>; an article that cannot be read or parsed (<see cref="ArticleFileException"/>)
    /// fails the build with its one line, as a <see cref="KnowledgeBuildException"/>.
    /// </summary>
    public static KnowledgePayload Build(IEnumerable<ArticleSource> sources, TextAnalyzer? analyzer = null, IReadOnlyList<SynonymEntry>? synonyms = null)
    {
        analyzer ??= TextAnalyzer.Shared;

        // Each article is cleaned, quote-mined and analysed on its own, so that work runs in parallel; everything that
        // numbers or orders (passages, postings, quotes) happens below in one pass in id order, so the file stays
        // byte-identical however the work was scheduled.
        // The corpus words are tallied as the articles are analysed, a few articles to a tally, and the tallies added up as
        // they arrive, in the files' order: when that is the ids' order too (as when ids are the file names), the sum is
        // what one pass over the passages would count, without analysing every passage again; otherwise that pass counts
        // them below. Added up as they arrive, not kept: keeping every article's tally cost 860 MB at 10,000 texts; one
        // tally per article, added up one by one, cost a fifth of the build's allocation.
        var parsed = new List<PreparedArticle>();
        var tally = new CorpusWords.Tally();
        var tallied = true;
        try
        {
            foreach (var batch in sources.Chunk(ArticlesPerTally).AsParallel().AsOrdered().Select(batch => Prepare(batch, analyzer)))
            {
                foreach (var item in batch.Articles)
                {
                    tallied &= parsed.Count == 0 || string.CompareOrdinal(parsed[^1].Article.Id, item.Article.Id) < 0;
                    parsed.Add(item);
                }

                if (tallied)
                {
                    tally.Add(batch.Words);
                }
            }

            parsed = [.. parsed.OrderBy(item => item.Article.Id, StringComparer.Ordinal)];
        }
        catch (AggregateException problems) when (problems.Flatten().InnerExceptions.Any(problem => problem is ArticleFileException))
        {
            // The parallel read gathers the failures of several files in any order: report one, the same one every time.
            var first = problems.Flatten().InnerExceptions.OfType<ArticleFileException>().MinBy(problem => problem.Message, StringComparer.Ordinal)!;
            throw new KnowledgeBuildException(first.Message, first);
        }
        catch (ArticleFileException problem)
        {
            throw new KnowledgeBuildException(problem.Message, problem);
        }

        var duplicate = parsed.GroupBy(item => item.Article.Id, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new KnowledgeBuildException(
                $"Article id '{duplicate.Key}' is used by more than one file ({string.Join(", ", duplicate.Select(item => item.Article.SourceFile))}); give each a unique 'id:' in its header.");
        }

        var empty = parsed.FirstOrDefault(item => item.Article.Paragraphs.Count == 0);
        if (empty is not null)
        {
            throw new KnowledgeBuildException($"Article file '{empty.Article.SourceFile}' has no paragraphs after cleaning.");
        }

        var articles = new List<ArticleEntry>(parsed.Count);
        var passages = new List<PassageEntry>();
        var quotes = new List<QuoteEntry>();
        foreach (var (article, extracted, paragraphs) in parsed)
        {
            // Paragraph N of this article becomes passage firstPassage + N - 1.
            var firstPassage = passages.Count;
            quotes.AddRange(extracted.Select(quote =>
                new QuoteEntry(firstPassage + quote.Paragraph - 1, quote.Speaker, quote.Role, quote.Span.Start, quote.Span.Length)));
            articles.Add(new ArticleEntry(article.Id, article.Title, article.Publisher, article.Date, article.Url, article.Credits, article.SourceFile, article.Paragraphs.Count));
            for (var p = 0; p < article.Paragraphs.Count; p++)
            {
                var paragraph = article.Paragraphs[p];
                passages.Add(new PassageEntry(article.Id, paragraph.Number, paragraph.Text, paragraph.Span.Start, paragraphs[p].Sentences, paragraphs[p].Length, paragraphs[p].TextHash));
            }
        }

        var terms = Postings(parsed);
        var sourceEntries = parsed.Select(item => new SourceEntry(item.Article.SourceFile, item.Article.SourceSha256))
            .OrderBy(entry => entry.File, StringComparer.Ordinal)
            .ToList();
        var settings = new AnalyzerSettings(
            TextAnalyzer.Version,
            TextAnalyzer.Description,
            TextAnalyzer.EnglishStopWords.Order(StringComparer.Ordinal).ToList(),
            DefaultK1,
            DefaultB);
        var words = tallied
            ? tally.Finish(terms.ContainsKey, synonyms ?? [], analyzer)
            : CorpusWords.Collect(passages, terms.ContainsKey, synonyms ?? [], analyzer);
        return new KnowledgePayload(
            settings, sourceEntries, articles, passages, terms, synonyms is { Count: > 0 } ? synonyms : null, quotes.Count > 0 ? quotes : null, words);
    }

    /// <summary>A few articles, in order, with their corpus words in one tally.</summary>
    private static PreparedBatch Prepare(ArticleSource[] sources, TextAnalyzer analyzer)
    {
        var words = new CorpusWords.Tally();
        return new PreparedBatch([.. sources.Select(source => Prepare(source, analyzer, words))], words);
    }

    private static PreparedArticle Prepare(ArticleSource source, TextAnalyzer analyzer, CorpusWords.Tally words)
    {
        var article = ArticleParser.Parse(source);
        var tokens = new List<Token>();
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var paragraphs = new PreparedParagraph[article.Paragraphs.Count];
        for (var p = 0; p < paragraphs.Length; p++)
        {
            tokens.Clear();
            counts.Clear();
            var paragraph = article.Paragraphs[p];
            analyzer.Analyze(paragraph.Text, tokens, keepStopWords: false);

            // Every token's term is a term of the index being built: the postings are made of these very tokens.
            words.Add(paragraph.Text, paragraph.Sentences, tokens, static _ => true);
            foreach (var token in tokens)
            {
                CollectionsMarshal.GetValueRefOrAddDefault(counts, token.Term, out _)++;
            }

            // In the order the paragraph first says them: a term's postings are in passage order whatever the order within one.
            var distinct = new (string Term, int Count)[counts.Count];
            var n = 0;
            foreach (var (term, count) in counts)
            {
                distinct[n++] = (term, count);
            }

            var sentences = new int[paragraph.Sentences.Count][];
            for (var s = 0; s < sentences.Length; s++)
            {
                sentences[s] = [paragraph.Sentences[s].Start, paragraph.Sentences[s].Length];
            }

            paragraphs[p] = new PreparedParagraph(distinct, tokens.Count, sentences, PassageText.Hash(paragraph.Text));
        }

        return new PreparedArticle(article, QuoteExtractor.Extract(article), paragraphs);
    }

    /// <summary>
    /// Each term's postings (passage, count, passage, count, …) in passage order. A dictionary probe for every distinct
    /// term of every paragraph, bound by memory more than by arithmetic; so the terms are shared out among the processors,
    /// each walking every paragraph for the terms of its share: the same lists, in the time of a share (on one thread it was
    /// an eighth of the build of 10,000 texts).
    /// </summary>
    private static Dictionary<string, int[]> Postings(List<PreparedArticle> articles)
    {
        var shares = Environment.ProcessorCount;
        var lists = new Dictionary<string, List<int>>[shares];
        Parallel.For(0, shares, share =>
        {
            var mine = lists[share] = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            var passage = 0;
            foreach (var article in articles)
            {
                foreach (var paragraph in article.Paragraphs)
                {
                    foreach (var (term, count) in paragraph.Counts)
                    {
                        if ((term.Length + (term.Length > 0 ? term[0] : 0)) % shares == share)
                        {
                            ref var postings = ref CollectionsMarshal.GetValueRefOrAddDefault(mine, term, out _);
                            postings ??= [];
                            postings.Add(passage);
                            postings.Add(count);
                        }
                    }

                    passage++;
                }
            }
        });

        // The writer lays the terms out in ordinal order itself.
        var all = new Dictionary<string, int[]>(lists.Sum(share => share.Count), StringComparer.Ordinal);
        foreach (var share in lists)
        {
            foreach (var (term, postings) in share)
            {
                all.Add(term, [.. postings]);
            }
        }

        return all;
    }

    /// <summary>One paragraph's distinct terms with their counts, its number of terms, its sentences and its text's fingerprint.</summary>
    private sealed record PreparedParagraph((string Term, int Count)[] Counts, int Length, int[][] Sentences, ulong TextHash);

    /// <remarks>
    /// Not the source: its body is a second copy of every paragraph, and kept until the merge it was promoted through
    /// every generation (a quarter of a gigabyte for 10,000 texts) instead of dying young.
    /// </remarks>
    private sealed record PreparedArticle(ParsedArticle Article, IReadOnlyList<ExtractedQuote> Quotes, PreparedParagraph[] Paragraphs);

    private sealed record PreparedBatch(PreparedArticle[] Articles, CorpusWords.Tally Words);
}

/// <summary>Articles that cannot be built into knowledge; the message says which file and why.</summary>
public sealed class KnowledgeBuildException(string message, Exception? inner = null) : Exception(message, inner);
