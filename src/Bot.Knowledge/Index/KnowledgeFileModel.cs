using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// What the builder makes and the writer lays out as a knowledge file: everything the bot answers from. <see cref="Words"/> is what the
/// builder read off every passage; a payload without it (written by hand, say) has it collected when first searched.
/// </summary>
public sealed record KnowledgePayload(
    AnalyzerSettings Analyzer,
    IReadOnlyList<SourceEntry> Sources,
    IReadOnlyList<ArticleEntry> Articles,
    IReadOnlyList<PassageEntry> Passages,
    IReadOnlyDictionary<string, int[]> Terms,
    IReadOnlyList<SynonymEntry>? Synonyms = null,
    IReadOnlyList<QuoteEntry>? Quotes = null,
    CorpusWords? Words = null);

/// <summary>How the terms were made: a file built by another analyzer version cannot be searched by this one.</summary>
public sealed record AnalyzerSettings(int Version, string Description, IReadOnlyList<string> StopWords, double K1, double B);

/// <summary>One article file the knowledge was built from, with its checksum (staleness check).</summary>
public sealed record SourceEntry(string File, string Sha256);

public sealed record ArticleEntry(
    string Id,
    string Title,
    string? Publisher,
    string? Date,
    string? Url,
    IReadOnlyList<string> Credits,
    string SourceFile,
    int Paragraphs);

/// <summary>
/// A passage: paragraph <see cref="Paragraph"/> (1-based) of article <see cref="Article"/>, verbatim.
/// <see cref="Start"/> is its offset in the article body; <see cref="Sentences"/> are [start, length] pairs in
/// <see cref="Text"/>; <see cref="Length"/> is its number of indexed terms (BM25's document length);
/// <see cref="TextHash"/> is <see cref="PassageText.Hash"/> of the text as the builder indexed it.
/// </summary>
public sealed record PassageEntry(string Article, int Paragraph, string Text, int Start, int[][] Sentences, int Length, ulong? TextHash = null);

/// <summary>
/// A passage's text fingerprint: a load compares it with the text instead of analysing every passage, and analyses only a
/// passage whose text is not the one indexed (a hand edit) to say which of its words the index lacks.
/// </summary>
public static class PassageText
{
    /// <summary>
    /// XxHash3 of the text's UTF-8 bytes: what the file stores, so a load checks every passage against it as it streams the
    /// texts (at 10,000 texts, 120 MB at several gigabytes a second) without decoding one.
    /// </summary>
    public static ulong Hash(string text) => System.IO.Hashing.XxHash3.HashToUInt64(System.Text.Encoding.UTF8.GetBytes(text));
}

/// <summary>A direct quote in a passage: who said it, their role as the article gives it, and where it stands.</summary>
public sealed record QuoteEntry(int Passage, string Speaker, string? Role, int Start, int Length);
