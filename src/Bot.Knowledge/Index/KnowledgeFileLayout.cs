namespace Bot.Knowledge.Index;

/// <summary>
/// The sections of a format-4 knowledge file, in the order they are written. docs/knowledge-file.md describes each.
/// </summary>
internal enum KnowledgeSection
{
    Analyzer,
    Sources,
    Articles,
    Passages,
    Sentences,
    Texts,
    Terms,
    Postings,
    Quotes,
    Synonyms,
    Words,
}

/// <summary>
/// Where things are in a format-4 file: a header (the format's name and version), the sections, and a footer of fixed
/// size that says where each section is and what its XxHash3 is, then the SHA-256 of everything before the footer (the
/// build's identity), the footer's own XxHash3 and an end mark. Like a Lucene segment file's footer, it is read first:
/// a truncated file has none.
/// </summary>
internal static class KnowledgeFileLayout
{
    public static readonly string[] SectionNames =
        ["analyzer", "sources", "articles", "passages", "sentences", "texts", "terms", "postings", "quotes", "synonyms", "words"];

    public static int SectionCount => SectionNames.Length;

    /// <summary>The format's name as a byte count and ASCII, then the version as a 32-bit integer.</summary>
    public static int HeaderLength => 1 + KnowledgeFile.Format.Length + 4;

    /// <summary>What ends every format-4 file.</summary>
    public static ReadOnlySpan<byte> EndMark => "ABKF4END"u8;

    /// <summary>Per section offset, length and XxHash3; the SHA-256; the section count; the footer's XxHash3; the end mark.</summary>
    public static int FooterLength => (SectionCount * 24) + 32 + 4 + 8 + 8;

    /// <summary>Sections a load reads whole; the others (sentences, texts, postings) are read in passes and then per passage or term.</summary>
    public static bool ReadWhole(KnowledgeSection section) =>
        section is not (KnowledgeSection.Sentences or KnowledgeSection.Texts or KnowledgeSection.Postings);
}
