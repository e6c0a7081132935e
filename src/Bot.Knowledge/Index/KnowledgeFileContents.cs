using System.Buffers;
using System.Text;
using Bot.Knowledge.Articles;

namespace Bot.Knowledge.Index;

/// <summary>
/// An opened, checked knowledge file. What a load needs is in memory (analyzer, sources, articles, the passage table's
/// columns, the sorted terms with their document frequencies, quotes, synonyms, corpus words); a passage's text and
/// sentences and a term's postings stay in the file until a search or a reply asks for them.
/// </summary>
public sealed class KnowledgeFileContents : KnowledgeContents
{
    internal KnowledgeFileContents(string name, string checksum, KnowledgeStorage storage)
        : base(name, checksum) => Storage = storage;

    internal KnowledgeStorage Storage { get; }

    internal int[] PassageStarts { get; set; } = [];

    internal ulong[] PassageTextHashes { get; set; } = [];

    /// <summary>Per passage, its text's length in UTF-16 code units: sentences and quotes are checked against it at load.</summary>
    internal int[] PassageTextChars { get; set; } = [];

    internal long[] TextOffsets { get; set; } = [];

    internal int[] SentenceOffsets { get; set; } = [];

    internal long[] PostingOffsets { get; set; } = [];

    internal ulong[] PostingHashes { get; set; } = [];

    /// <summary>Passages whose text differs from its fingerprint but whose words the index has (an edit the load accepted).</summary>
    internal HashSet<int> EditedTexts { get; } = [];

    internal long SentencesStart { get; set; }

    internal long TextsStart { get; set; }

    internal long PostingsStart { get; set; }

    /// <summary>
    /// A passage's text, decoded from the file. Its fingerprint was checked at load; checked again here, it tells a file
    /// overwritten in place under the running bot (not renamed over, as the builder does) from the one loaded.
    /// </summary>
    public override string ReadText(int passage)
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

    internal override int StartOf(int passage) => PassageStarts[passage];

    internal override ulong TextHashOf(int passage) => PassageTextHashes[passage];

    public override TextSpan[] ReadSentences(int passage)
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
    public override (int[] Passages, int[] Frequencies) ReadPostings(int term)
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
