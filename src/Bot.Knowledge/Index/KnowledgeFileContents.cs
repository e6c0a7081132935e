using System.Buffers;
using System.Text;
using Bot.Knowledge.Articles;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// An opened, checked knowledge file. What a load needs is in memory (analyzer, sources, articles, the passage table's
/// columns, the sorted terms with their document frequencies, quotes, synonyms, corpus words); a passage's text and
/// sentences and a term's postings stay in the file until a search or a reply asks for them.
/// </summary>
public sealed class KnowledgeFileContents
{
    internal KnowledgeFileContents(string name, string checksum, KnowledgeStorage storage)
    {
        Name = name;
        Checksum = checksum;
        Storage = storage;
    }

    /// <summary>The file's path, or what names knowledge built in memory: every refusal says it.</summary>
    public string Name { get; }

    /// <summary>SHA-256 of the file's header and sections, as the writer computed it: identifies this build of the knowledge.</summary>
    public string Checksum { get; }

    internal KnowledgeStorage Storage { get; }

    public AnalyzerSettings Analyzer { get; internal set; } = null!;

    public IReadOnlyList<SourceEntry> Sources { get; internal set; } = [];

    public IReadOnlyList<ArticleEntry> Articles { get; internal set; } = [];

    /// <summary>Per article, its first passage; an article's passages follow one another, paragraph 1 first.</summary>
    internal int[] ArticleFirstPassages { get; set; } = [];

    public int PassageCount => PassageArticles.Length;

    internal int[] PassageArticles { get; set; } = [];

    internal int[] PassageParagraphs { get; set; } = [];

    internal int[] PassageStarts { get; set; } = [];

    /// <summary>Per passage, its number of indexed terms (BM25's document length).</summary>
    internal int[] PassageTermCounts { get; set; } = [];

    /// <summary>Per passage, its text's length in UTF-16 code units: sentences and quotes are checked against it at load.</summary>
    internal int[] PassageTextChars { get; set; } = [];

    internal ulong[] PassageTextHashes { get; set; } = [];

    internal long[] TextOffsets { get; set; } = [];

    internal int[] SentenceOffsets { get; set; } = [];

    /// <summary>The index's terms in ordinal order: a term's id is its place here.</summary>
    public IReadOnlyList<string> Terms => TermArray;

    internal string[] TermArray { get; set; } = [];

    internal int[] DocumentFrequencies { get; set; } = [];

    internal long[] PostingOffsets { get; set; } = [];

    internal ulong[] PostingHashes { get; set; } = [];

    /// <summary>Passages whose text differs from its fingerprint but whose words the index has (an edit the load accepted).</summary>
    internal HashSet<int> EditedTexts { get; } = [];

    public IReadOnlyList<QuoteEntry> Quotes { get; internal set; } = [];

    public IReadOnlyList<SynonymEntry> Synonyms { get; internal set; } = [];

    /// <summary>What the builder read off the whole corpus, or null when the file was written without it.</summary>
    public CorpusWords? Words { get; internal set; }

    internal long SentencesStart { get; set; }

    internal long TextsStart { get; set; }

    internal long PostingsStart { get; set; }

    /// <summary>The term's id (its place in <see cref="Terms"/>), or -1: a binary search of the sorted terms.</summary>
    public int TermId(string term)
    {
        var (low, high) = (0, TermArray.Length - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = string.CompareOrdinal(TermArray[middle], term);
            if (order == 0)
            {
                return middle;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return -1;
    }

    /// <summary>
    /// A passage's text, decoded from the file. Its fingerprint was checked at load; checked again here, it tells a file
    /// overwritten in place under the running bot (not renamed over, as the builder does) from the one loaded.
    /// </summary>
    public string ReadText(int passage)
    {
        var start = TextOffsets[passage];
        var count = (int)(TextOffsets[passage + 1] - start);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, count));
        string text;
        try
        {
            Read(TextsStart + start, rented.AsSpan(0, count));
            if (System.IO.Hashing.XxHash3.HashToUInt64(rented.AsSpan(0, count)) != PassageTextHashes[passage] && !EditedTexts.Contains(passage))
            {
                throw Changed();
            }

            text = Encoding.UTF8.GetString(rented, 0, count);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        if (text.Length != PassageTextChars[passage])
        {
            throw Inconsistent($"passage {passage}'s text has {text.Length} characters, the file says {PassageTextChars[passage]}");
        }


        return text;
    }

    public TextSpan[] ReadSentences(int passage)
    {
        var first = SentenceOffsets[passage];
        var count = SentenceOffsets[passage + 1] - first;
        if (count == 0)
        {
            return [];
        }

        var bytes = new byte[count * 8];
        Read(SentencesStart + (first * 8L), bytes);
        foreach (var (start, length) in System.Runtime.InteropServices.MemoryMarshal.Cast<byte, (int, int)>(bytes))
        {
            if (start < 0 || length <= 0 || start + length > PassageTextChars[passage])
            {
                throw Changed();
            }
        }

        var pairs = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
        var sentences = new TextSpan[count];
        for (var i = 0; i < count; i++)
        {
            sentences[i] = new TextSpan(pairs[2 * i], pairs[(2 * i) + 1]);
        }

        return sentences;
    }

    /// <summary>A term's postings, in passage order: checked at load, so decoding them again needs no checks.</summary>
    public (int[] Passages, int[] Frequencies) ReadPostings(int term)
    {
        var frequency = DocumentFrequencies[term];
        var start = PostingOffsets[term];
        var count = (int)(PostingOffsets[term + 1] - start);
        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(1, count));
        try
        {
            Read(PostingsStart + start, rented.AsSpan(0, count));
            if (System.IO.Hashing.XxHash3.HashToUInt64(rented.AsSpan(0, count)) != PostingHashes[term])
            {
                throw Changed();
            }

            var passages = new int[frequency];
            var frequencies = new int[frequency];
            KnowledgeFileReader.DecodePostings(rented.AsSpan(0, count), passages, frequencies);
            return (passages, frequencies);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Everything in the file as a payload (tools and specs): reads every text, sentence and posting.</summary>
    public KnowledgePayload ToPayload()
    {
        var passages = new PassageEntry[PassageCount];
        for (var p = 0; p < passages.Length; p++)
        {
            passages[p] = new PassageEntry(
                Articles[PassageArticles[p]].Id,
                PassageParagraphs[p],
                ReadText(p),
                PassageStarts[p],
                ReadSentences(p).Select(span => new[] { span.Start, span.Length }).ToArray(),
                PassageTermCounts[p],
                PassageTextHashes[p]);
        }

        var terms = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        for (var t = 0; t < TermArray.Length; t++)
        {
            var (termPassages, frequencies) = ReadPostings(t);
            var postings = new int[termPassages.Length * 2];
            for (var i = 0; i < termPassages.Length; i++)
            {
                (postings[2 * i], postings[(2 * i) + 1]) = (termPassages[i], frequencies[i]);
            }

            terms.Add(TermArray[t], postings);
        }

        return new KnowledgePayload(
            Analyzer, Sources, Articles, passages, terms, Synonyms.Count > 0 ? Synonyms : null, Quotes.Count > 0 ? Quotes : null, Words);
    }

    private void Read(long offset, Span<byte> into)
    {
        try
        {
            Storage.Read(offset, into);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ObjectDisposedException or KnowledgeDamageException)
        {
            throw new KnowledgeFileException($"Knowledge file '{Name}' cannot be read ({exception.Message}); {KnowledgeFileException.RebuildHint}", exception);
        }
    }

    private KnowledgeFileException Changed() =>
        new($"Knowledge file '{Name}' changed while the bot was reading it (replace it by renaming a new file over it, as knowledge build does, then reload); {KnowledgeFileException.RebuildHint}");

    private KnowledgeFileException Inconsistent(string problem) =>
        new($"Knowledge file '{Name}' is inconsistent ({problem}); {KnowledgeFileException.RebuildHint}");
}
