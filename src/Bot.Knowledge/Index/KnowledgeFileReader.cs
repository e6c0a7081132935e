using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.RegularExpressions;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// Opens a format-4 file: the header and footer first (a truncated file has no footer), then every section against its
/// XxHash3. The small sections are read whole and parsed; the large ones (sentences, texts, postings) are streamed
/// through a 1 MB buffer, checked and dropped, so the heap holds none of them and a tampered byte anywhere is refused at
/// load. Then every reference (<see cref="KnowledgeValidator"/>).
/// </summary>
internal static partial class KnowledgeFileReader
{
    private const int StreamBuffer = 1 << 20;

    /// <param name="storage">Where the file's bytes are.</param>
    /// <param name="name">What names the file in every refusal.</param>
    /// <param name="streamLargeSections">
    /// False for a change that only reads the small sections (<c>knowledge add</c> needs the articles and the synonyms): the
    /// texts, sentences and postings are then checked as a search reads them, not now.
    /// </param>
    public static KnowledgeFileContents Open(KnowledgeStorage storage, string name, bool streamLargeSections = true)
    {
        string Problem(string what) => $"Knowledge file '{name}' {what}; {KnowledgeFileException.RebuildHint}";

        try
        {
            CheckHeader(storage, Problem);
            var (table, identity) = ReadFooter(storage, Problem);
            var contents = new KnowledgeFileContents(name, Convert.ToHexStringLower(identity), storage);
            var sections = new byte[KnowledgeFileLayout.SectionCount][];
            for (var s = 0; s < sections.Length; s++)
            {
                var (offset, length, hash) = table[s];
                if (!KnowledgeFileLayout.ReadWhole((KnowledgeSection)s))
                {
                    continue;
                }

                sections[s] = storage.ReadArray(offset, (int)length);
                if (XxHash3.HashToUInt64(sections[s]) != hash)
                {
                    throw new KnowledgeFileException(Problem($"is corrupt (checksum mismatch in its section '{KnowledgeFileLayout.SectionNames[s]}')"));
                }
            }

            Parse(contents, sections);
            contents.SentencesStart = table[(int)KnowledgeSection.Sentences].Offset;
            contents.TextsStart = table[(int)KnowledgeSection.Texts].Offset;
            contents.PostingsStart = table[(int)KnowledgeSection.Postings].Offset;
            var problem = KnowledgeValidator.FindProblem(contents, table[(int)KnowledgeSection.Texts].Length, table[(int)KnowledgeSection.Sentences].Length, table[(int)KnowledgeSection.Postings].Length)
                ?? (streamLargeSections ? StreamLargeSectionsAndWords(contents, table, Problem) : KnowledgeValidator.FindWordsProblem(contents));
            if (problem is not null)
            {
                throw new KnowledgeFileException(Problem($"is inconsistent ({problem})"));
            }

            return contents;
        }
        catch (KnowledgeDamageException damage)
        {
            throw new KnowledgeFileException(Problem($"is corrupt ({damage.Message})"), damage);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new KnowledgeFileException($"Knowledge file '{name}' cannot be read ({exception.Message}).", exception);
        }
    }

    /// <summary>The build the footer names (the SHA-256 a load reads), after the footer's own checks; throws as a load would.</summary>
    public static string Identity(KnowledgeStorage storage, string name) =>
        Convert.ToHexStringLower(ReadFooter(storage, what => $"Knowledge file '{name}' {what}").Identity);

    /// <summary>The format's name and version; a format-3 file (JSON) says its version, so its refusal can.</summary>
    private static void CheckHeader(KnowledgeStorage storage, Func<string, string> problem)
    {
        var head = storage.ReadArray(0, (int)Math.Min(storage.Length, 256));
        if (head.Length > 0 && head[0] == '{')
        {
            var text = Encoding.UTF8.GetString(head);
            var format = JsonFormat().Match(text) is { Success: true } f ? f.Groups[1].Value : "none";
            var version = JsonVersion().Match(text) is { Success: true } v ? v.Groups[1].Value : "?";
            throw new KnowledgeFileException(problem(format == KnowledgeFile.Format
                ? $"has format version {version} (JSON), this bot reads version {KnowledgeFile.Version}"
                : $"is not a knowledge file (format '{format}', expected '{KnowledgeFile.Format}')"));
        }

        var nameLength = head.Length > 0 ? head[0] : 0;
        var name = nameLength is > 0 and <= 64 && head.Length >= 1 + nameLength && head.AsSpan(1, nameLength).IndexOfAnyExceptInRange((byte)' ', (byte)'~') < 0
            ? Encoding.ASCII.GetString(head, 1, nameLength)
            : "none";
        if (name != KnowledgeFile.Format)
        {
            throw new KnowledgeFileException(problem($"is not a knowledge file (format '{name}', expected '{KnowledgeFile.Format}')"));
        }

        if (head.Length < KnowledgeFileLayout.HeaderLength)
        {
            throw new KnowledgeFileException(problem($"is truncated ({storage.Length} bytes)"));
        }

        var fileVersion = BinaryPrimitives.ReadInt32LittleEndian(head.AsSpan(1 + nameLength));
        if (fileVersion != KnowledgeFile.Version)
        {
            throw new KnowledgeFileException(problem($"has format version {fileVersion}, this bot reads version {KnowledgeFile.Version}"));
        }

        if (!BitConverter.IsLittleEndian)
        {
            throw new KnowledgeFileException(problem("is little-endian and this machine is not"));
        }
    }

    private static ((long Offset, long Length, ulong Hash)[] Table, byte[] Identity) ReadFooter(KnowledgeStorage storage, Func<string, string> problem)
    {
        var footerLength = KnowledgeFileLayout.FooterLength;
        if (storage.Length < KnowledgeFileLayout.HeaderLength + footerLength)
        {
            throw new KnowledgeFileException(problem($"is truncated ({storage.Length} bytes)"));
        }

        var footerStart = storage.Length - footerLength;
        var footer = storage.ReadArray(footerStart, footerLength);
        if (!footer.AsSpan(footerLength - 8).SequenceEqual(KnowledgeFileLayout.EndMark))
        {
            throw new KnowledgeFileException(problem("is truncated or damaged (its footer is missing)"));
        }

        if (XxHash3.HashToUInt64(footer.AsSpan(0, footerLength - 16)) != BinaryPrimitives.ReadUInt64LittleEndian(footer.AsSpan(footerLength - 16)))
        {
            throw new KnowledgeFileException(problem("is corrupt (checksum mismatch in its footer)"));
        }

        var reader = new KnowledgeByteReader(footer, "footer");
        var table = new (long Offset, long Length, ulong Hash)[KnowledgeFileLayout.SectionCount];
        var expected = (long)KnowledgeFileLayout.HeaderLength;
        for (var s = 0; s < table.Length; s++)
        {
            table[s] = (reader.Int64(), reader.Int64(), reader.UInt64());
            var limit = KnowledgeFileLayout.ReadWhole((KnowledgeSection)s) ? Array.MaxLength : long.MaxValue;
            if (table[s].Offset != expected || table[s].Length < 0 || table[s].Length > limit)
            {
                throw new KnowledgeFileException(problem("is corrupt (its sections do not add up)"));
            }

            expected += table[s].Length;
        }

        var identity = reader.Take(32).ToArray();
        if (reader.Int32() != table.Length || expected != footerStart)
        {
            throw new KnowledgeFileException(problem("is corrupt (its sections do not add up)"));
        }

        return (table, identity);
    }

    private static void Parse(KnowledgeFileContents contents, byte[][] sections)
    {
        var analyzer = new KnowledgeByteReader(sections[(int)KnowledgeSection.Analyzer], "analyzer");
        contents.Analyzer = new AnalyzerSettings(analyzer.Int32(), analyzer.String(), analyzer.Strings(), analyzer.Double(), analyzer.Double());

        var sources = new KnowledgeByteReader(sections[(int)KnowledgeSection.Sources], "sources");
        var sourceList = new SourceEntry[sources.Count(2)];
        for (var i = 0; i < sourceList.Length; i++)
        {
            sourceList[i] = new SourceEntry(sources.String(), sources.String());
        }

        contents.Sources = sourceList;

        var articles = new KnowledgeByteReader(sections[(int)KnowledgeSection.Articles], "articles");
        var articleList = new ArticleEntry[articles.Count(8)];
        for (var i = 0; i < articleList.Length; i++)
        {
            articleList[i] = new ArticleEntry(
                articles.String(), articles.String(), articles.OptionalString(), articles.OptionalString(), articles.OptionalString(), articles.Strings(), articles.String(), articles.VarInt());
        }

        contents.Articles = articleList;

        var passages = new KnowledgeByteReader(sections[(int)KnowledgeSection.Passages], "passages");
        var count = passages.Int32();
        contents.PassageArticles = passages.Column<int>(count);
        contents.PassageParagraphs = passages.Column<int>(count);
        contents.PassageStarts = passages.Column<int>(count);
        contents.PassageTermCounts = passages.Column<int>(count);
        contents.PassageTextChars = passages.Column<int>(count);
        contents.PassageTextHashes = passages.Column<ulong>(count);
        contents.TextOffsets = passages.Column<long>(count + 1);
        contents.SentenceOffsets = passages.Column<int>(count + 1);

        var terms = new KnowledgeByteReader(sections[(int)KnowledgeSection.Terms], "terms");
        var termCount = terms.Int32();
        if (termCount < 0 || termCount > sections[(int)KnowledgeSection.Terms].Length)
        {
            throw new KnowledgeDamageException($"the section 'terms' has a count of {termCount} it does not hold");
        }

        var termArray = new string[termCount];
        for (var t = 0; t < termArray.Length; t++)
        {
            termArray[t] = terms.String();
        }

        contents.TermArray = termArray;
        contents.DocumentFrequencies = terms.Column<int>(termCount);
        contents.PostingOffsets = terms.Column<long>(termCount + 1);
        contents.PostingHashes = terms.Column<ulong>(termCount);

        var quotes = new KnowledgeByteReader(sections[(int)KnowledgeSection.Quotes], "quotes");
        var quoteList = new QuoteEntry[quotes.Count(5)];
        for (var i = 0; i < quoteList.Length; i++)
        {
            quoteList[i] = new QuoteEntry(quotes.VarInt(), quotes.String(), quotes.OptionalString(), quotes.VarInt(), quotes.VarInt());
        }

        contents.Quotes = quoteList;

        var synonyms = new KnowledgeByteReader(sections[(int)KnowledgeSection.Synonyms], "synonyms");
        contents.Synonyms = ReadSynonyms(ref synonyms);

        var words = new KnowledgeByteReader(sections[(int)KnowledgeSection.Words], "words");
        if (words.Byte() != 0)
        {
            var names = words.Strings();
            var surfaceCount = words.Count(2);
            var surfaces = new Dictionary<string, string>(surfaceCount, StringComparer.Ordinal);
            for (var i = 0; i < surfaceCount; i++)
            {
                var surface = words.String();
                var term = words.String();
                if (!surfaces.TryAdd(surface, term))
                {
                    throw new KnowledgeDamageException($"the section 'words' lists the word '{surface}' twice");
                }
            }

            contents.Words = new CorpusWords(names, surfaces, ReadSynonyms(ref words));
        }

        foreach (var (reader, section) in new[] { (analyzer.AtEnd, "analyzer"), (sources.AtEnd, "sources"), (articles.AtEnd, "articles"), (passages.AtEnd, "passages"), (terms.AtEnd, "terms"), (quotes.AtEnd, "quotes"), (synonyms.AtEnd, "synonyms"), (words.AtEnd, "words") })
        {
            if (!reader)
            {
                throw new KnowledgeDamageException($"the section '{section}' is longer than what it holds");
            }
        }
    }

    private static SynonymEntry[] ReadSynonyms(ref KnowledgeByteReader reader)
    {
        var entries = new SynonymEntry[reader.Count(3)];
        for (var i = 0; i < entries.Length; i++)
        {
            var terms = reader.Strings();
            var targets = reader.Byte() == 0 ? null : reader.Strings();
            bool? speaksFor = reader.Byte() switch { 0 => null, 1 => false, _ => true };
            entries[i] = new SynonymEntry(terms, targets, speaksFor);
        }

        return entries;
    }

    /// <summary>
    /// The large sections checked at once, each on a thread of its own, and the corpus's words against the terms beside
    /// them: they share nothing but the file, which is read by position (10,000 Brown texts: 166 ms one after another, the
    /// postings' 108 ms side by side; at 500 texts the words' 15 ms no longer follow the rest). What they find is reported
    /// as one after another would, in the file's order, the words last.
    /// </summary>
    private static string? StreamLargeSectionsAndWords(KnowledgeFileContents contents, (long Offset, long Length, ulong Hash)[] table, Func<string, string> problem)
    {
        Task<string?>[] checks =
        [
            Task.Run(() => StreamSentences(contents, table[(int)KnowledgeSection.Sentences], problem)),
            Task.Run(() => StreamTexts(contents, table[(int)KnowledgeSection.Texts], problem)),
            Task.Run(() => StreamPostings(contents, table[(int)KnowledgeSection.Postings], problem)),
            Task.Run(() => KnowledgeValidator.FindWordsProblem(contents)),
        ];
        try
        {
            Task.WaitAll(checks);
        }
        catch (AggregateException)
        {
            // Each check's own exception is rethrown below, in order, as if the checks had run one after another.
        }

        foreach (var check in checks)
        {
            if (check.GetAwaiter().GetResult() is { } found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Each sentence lies inside its passage's text, which the passage table says the length of.</summary>
    private static string? StreamSentences(KnowledgeFileContents contents, (long Offset, long Length, ulong Hash) section, Func<string, string> problem)
    {
        string? found = null;
        var passage = 0;
        long pair = 0;
        Stream(contents.Storage, section, problem, "sentences", 8, bytes =>
        {
            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, int>(bytes);
            for (var i = 0; i + 1 < values.Length; i += 2, pair++)
            {
                while (contents.SentenceOffsets[passage + 1] <= pair)
                {
                    passage++;
                }

                var (start, length) = (values[i], values[i + 1]);
                if (found is null && (start < 0 || length <= 0 || (long)start + length > contents.PassageTextChars[passage]))
                {
                    found = $"passage {passage} has a sentence outside its text";
                }
            }
        });
        return found;
    }

    /// <summary>
    /// Each passage's text against the fingerprint the builder stored, without decoding it. A text that differs (an edit
    /// with the checksums recomputed) is analysed, once the section's checksum has shown the file is as written, and
    /// refused when the index lacks one of its words: what analysing every passage at load used to catch.
    /// </summary>
    private static string? StreamTexts(KnowledgeFileContents contents, (long Offset, long Length, ulong Hash) section, Func<string, string> problem)
    {
        var offsets = contents.TextOffsets;
        var hasher = new XxHash3();
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBuffer);
        var differing = new List<int>();
        try
        {
            for (var passage = 0; passage < contents.PassageCount;)
            {
                var last = passage + 1;
                while (last < contents.PassageCount && offsets[last + 1] - offsets[passage] <= StreamBuffer)
                {
                    last++;
                }

                var length = (int)(offsets[last] - offsets[passage]);
                if (buffer.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                contents.Storage.Read(section.Offset + offsets[passage], buffer.AsSpan(0, length));
                hasher.Append(buffer.AsSpan(0, length));
                var first = offsets[passage];
                for (; passage < last; passage++)
                {
                    var text = buffer.AsSpan((int)(offsets[passage] - first), (int)(offsets[passage + 1] - offsets[passage]));
                    if (XxHash3.HashToUInt64(text) != contents.PassageTextHashes[passage])
                    {
                        differing.Add(passage);
                        contents.EditedTexts.Add(passage);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (hasher.GetCurrentHashAsUInt64() != section.Hash)
        {
            throw new KnowledgeFileException(problem("is corrupt (checksum mismatch in its section 'texts')"));
        }

        var tokens = new List<Analysis.Token>();
        foreach (var passage in differing)
        {
            tokens.Clear();
            Analysis.TextAnalyzer.Shared.Analyze(contents.ReadText(passage), tokens, keepStopWords: false);
            var missing = tokens.FirstOrDefault(token => contents.TermId(token.Term) < 0);
            if (missing.Term is not null)
            {
                var article = contents.Articles[contents.PassageArticles[passage]].Id;
                return $"passage {passage}, {article} ¶{contents.PassageParagraphs[passage]}, has the term '{missing.Term}', which the term index lacks";
            }
        }

        return null;
    }

    /// <summary>
    /// Every posting lands on a passage, in order, with a positive frequency, and each passage's frequencies add up to its
    /// term count: decoded here once, then again per term when a search first reads it.
    /// </summary>
    private static string? StreamPostings(KnowledgeFileContents contents, (long Offset, long Length, ulong Hash) section, Func<string, string> problem)
    {
        var termCounts = new long[contents.PassageCount];
        var offsets = contents.PostingOffsets;
        var hasher = new XxHash3();
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBuffer);
        string? found = null;
        try
        {
            for (var term = 0; term < contents.TermArray.Length;)
            {
                // Whole terms at a time, about a megabyte of them; a term longer than that alone.
                var last = term + 1;
                while (last < contents.TermArray.Length && offsets[last + 1] - offsets[term] <= StreamBuffer)
                {
                    last++;
                }

                var length = (int)(offsets[last] - offsets[term]);
                if (buffer.Length < length)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = ArrayPool<byte>.Shared.Rent(length);
                }

                contents.Storage.Read(section.Offset + offsets[term], buffer.AsSpan(0, length));
                hasher.Append(buffer.AsSpan(0, length));
                var first = offsets[term];
                for (; term < last && found is null; term++)
                {
                    var bytes = buffer.AsSpan((int)(offsets[term] - first), (int)(offsets[term + 1] - offsets[term]));
                    found = XxHash3.HashToUInt64(bytes) == contents.PostingHashes[term]
                        ? CheckPostings(contents, term, bytes, termCounts)
                        : $"term '{contents.TermArray[term]}' has postings that are not the ones its checksum was made of";
                }

                term = last;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (hasher.GetCurrentHashAsUInt64() != section.Hash)
        {
            throw new KnowledgeFileException(problem("is corrupt (checksum mismatch in its section 'postings')"));
        }

        if (found is not null)
        {
            return found;
        }

        for (var passage = 0; passage < termCounts.Length; passage++)
        {
            if (termCounts[passage] != contents.PassageTermCounts[passage])
            {
                return $"passage {passage} has {contents.PassageTermCounts[passage]} terms, the term index lists {termCounts[passage]} for it";
            }
        }

        return null;
    }

    private static string? CheckPostings(KnowledgeFileContents contents, int term, ReadOnlySpan<byte> bytes, long[] termCounts)
    {
        var at = 0;
        var previous = -1;
        for (var i = 0; i < contents.DocumentFrequencies[term]; i++)
        {
            if (!TryReadVarUInt(bytes, ref at, out var gap) || !TryReadVarUInt(bytes, ref at, out var frequency) || (int)frequency <= 0)
            {
                return $"term '{contents.TermArray[term]}' has malformed postings";
            }

            var passage = unchecked(previous + 1 + (int)gap);
            if (i > 0 && passage <= previous)
            {
                return $"term '{contents.TermArray[term]}' lists its passages out of order (passage {passage} after {previous})";
            }

            if ((uint)passage >= (uint)termCounts.Length)
            {
                return $"term '{contents.TermArray[term]}' points at passage {passage}, which does not exist";
            }

            termCounts[passage] += frequency;
            previous = passage;
        }

        return at == bytes.Length ? null : $"term '{contents.TermArray[term]}' has malformed postings";
    }

    /// <summary>A varint at <paramref name="at"/>, most of them one byte: the load decodes every posting once.</summary>
    private static bool TryReadVarUInt(ReadOnlySpan<byte> bytes, ref int at, out uint value)
    {
        value = 0;
        for (var shift = 0; shift < 35 && at < bytes.Length; shift += 7)
        {
            var b = bytes[at++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Hashes a streamed section and hands each buffer (a multiple of <paramref name="unit"/> bytes) to <paramref name="check"/>.</summary>
    private static void Stream(KnowledgeStorage storage, (long Offset, long Length, ulong Hash) section, Func<string, string> problem, string name, int unit, SpanAction check)
    {
        var hasher = new XxHash3();
        var buffer = ArrayPool<byte>.Shared.Rent(StreamBuffer);
        try
        {
            for (long done = 0; done < section.Length;)
            {
                var count = (int)Math.Min(StreamBuffer / unit * unit, section.Length - done);
                var span = buffer.AsSpan(0, count);
                storage.Read(section.Offset + done, span);
                hasher.Append(span);
                check(span);
                done += count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (hasher.GetCurrentHashAsUInt64() != section.Hash)
        {
            throw new KnowledgeFileException(problem($"is corrupt (checksum mismatch in its section '{name}')"));
        }
    }

    private delegate void SpanAction(ReadOnlySpan<byte> bytes);

    /// <summary>Decodes one term's postings (gap less one, then frequency, as varints) into the two arrays.</summary>
    internal static void DecodePostings(ReadOnlySpan<byte> bytes, Span<int> passages, Span<int> frequencies)
    {
        var at = 0;
        var previous = -1;
        for (var i = 0; i < passages.Length; i++)
        {
            if (!TryReadVarUInt(bytes, ref at, out var gap) || !TryReadVarUInt(bytes, ref at, out var frequency))
            {
                throw new KnowledgeDamageException("the section 'postings' has a malformed number");
            }

            previous = passages[i] = unchecked(previous + 1 + (int)gap);
            frequencies[i] = (int)frequency;
        }
    }

    [GeneratedRegex("\"format\"\\s*:\\s*\"([^\"]*)\"")]
    private static partial Regex JsonFormat();

    [GeneratedRegex("\"version\"\\s*:\\s*(-?\\d+)")]
    private static partial Regex JsonVersion();
}
