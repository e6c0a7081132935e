using System.IO.Hashing;
using System.Text;
using Bot.Knowledge.Synonyms;

namespace Bot.Knowledge.Index;

/// <summary>
/// Lays a payload out as a format-4 file (<see cref="KnowledgeFileLayout"/>). Deterministic: ordinal order, no clock, so
/// the same articles give the same bytes. It writes what it is given, damage included (a passage naming an article the
/// payload lacks is written as article -1), so specs can make the broken files the reader must refuse.
/// </summary>
internal static class KnowledgeFileWriter
{
    /// <summary>
    /// Past this much, the texts and postings sections are written out as they are laid out: at 10,000 Brown texts the file is
    /// 167 MB, and laid out whole it was as much fresh memory, dear to touch for the first time on a virtual machine.
    /// </summary>
    private const int WriteOutAt = 1 << 20;

    /// <summary>The file's bytes, in memory (a segment, named after its checksum; <see cref="KnowledgeFile.Serialize"/>).</summary>
    public static ReadOnlyMemory<byte> Write(KnowledgePayload payload)
    {
        var memory = new MemoryStream();
        Write(payload, memory);
        return memory.GetBuffer().AsMemory(0, (int)memory.Length);
    }

    /// <summary>Writes the file to <paramref name="destination"/> a piece at a time; returns its identity (<see cref="KnowledgeFile.ChecksumOf"/>).</summary>
    public static string Write(KnowledgePayload payload, Stream destination)
    {
        var output = new KnowledgeByteWriter(WriteOutAt * 2);
        var file = new KnowledgeFileSink(destination);
        output.Byte((byte)KnowledgeFile.Format.Length);
        output.Bytes(Encoding.ASCII.GetBytes(KnowledgeFile.Format));
        output.Int32(KnowledgeFile.Version);
        file.WriteOut(output);

        var terms = payload.Terms?.Keys.Order(StringComparer.Ordinal).ToArray() ?? [];

        // Encoded once: the terms section holds where each term's postings start and their checksum, the postings section the
        // bytes. Each term's on its own, so on every processor: a quarter of the writing of 10,000 texts on one.
        var postings = new byte[terms.Length][];
        Parallel.For(0, terms.Length, t => postings[t] = EncodePostings(payload.Terms![terms[t]]));
        var table = new (long Offset, long Length, ulong Hash)[KnowledgeFileLayout.SectionCount];
        for (var s = 0; s < table.Length; s++)
        {
            file.StartSection();
            WriteSection((KnowledgeSection)s, payload, terms, postings, output, file);
            file.WriteOut(output);
            table[s] = file.EndSection();
        }

        // The footer is not part of the identity it carries.
        var identity = file.Identity();
        foreach (var (offset, length, hash) in table)
        {
            output.Int64(offset);
            output.Int64(length);
            output.UInt64(hash);
        }

        output.Bytes(identity);
        output.Int32(table.Length);
        output.UInt64(XxHash3.HashToUInt64(output.Written));
        output.Bytes(KnowledgeFileLayout.EndMark);
        destination.Write(output.Written);
        return Convert.ToHexStringLower(identity);
    }

    private static void WriteSection(
        KnowledgeSection section, KnowledgePayload payload, string[] terms, byte[][] postings, KnowledgeByteWriter output, KnowledgeFileSink file)
    {
        switch (section)
        {
            case KnowledgeSection.Analyzer:
                output.Int32(payload.Analyzer.Version);
                output.String(payload.Analyzer.Description);
                output.Strings(payload.Analyzer.StopWords);
                output.Double(payload.Analyzer.K1);
                output.Double(payload.Analyzer.B);
                break;
            case KnowledgeSection.Sources:
                output.VarInt(payload.Sources.Count);
                foreach (var source in payload.Sources)
                {
                    output.String(source?.File);
                    output.String(source?.Sha256);
                }

                break;
            case KnowledgeSection.Articles:
                output.VarInt(payload.Articles.Count);
                foreach (var article in payload.Articles)
                {
                    output.String(article.Id);
                    output.String(article.Title);
                    output.OptionalString(article.Publisher);
                    output.OptionalString(article.Date);
                    output.OptionalString(article.Url);
                    output.Strings(article.Credits);
                    output.String(article.SourceFile);
                    output.VarInt(article.Paragraphs);
                }

                break;
            case KnowledgeSection.Passages:
                WritePassages(payload, output);
                break;
            case KnowledgeSection.Sentences:
                foreach (var passage in payload.Passages)
                {
                    foreach (var sentence in passage.Sentences)
                    {
                        output.Int32(sentence[0]);
                        output.Int32(sentence[1]);
                    }
                }

                break;
            case KnowledgeSection.Texts:
                foreach (var passage in payload.Passages)
                {
                    output.Utf8(passage.Text);
                    file.WriteOutPast(output, WriteOutAt);
                }

                break;
            case KnowledgeSection.Terms:
                WriteTerms(payload, terms, postings, output);
                break;
            case KnowledgeSection.Postings:
                foreach (var bytes in postings)
                {
                    output.Bytes(bytes);
                    file.WriteOutPast(output, WriteOutAt);
                }

                break;
            case KnowledgeSection.Quotes:
                var quotes = payload.Quotes ?? [];
                output.VarInt(quotes.Count);
                foreach (var quote in quotes)
                {
                    output.VarInt(quote.Passage);
                    output.String(quote.Speaker);
                    output.OptionalString(quote.Role);
                    output.VarInt(quote.Start);
                    output.VarInt(quote.Length);
                }

                break;
            case KnowledgeSection.Synonyms:
                WriteSynonyms(payload.Synonyms, output);
                break;
            case KnowledgeSection.Words:
                output.Byte(payload.Words is null ? (byte)0 : (byte)1);
                if (payload.Words is { } words)
                {
                    output.Strings(words.Names);
                    output.VarInt(words.SurfaceWords.Count);
                    foreach (var (surface, term) in words.SurfaceWords)
                    {
                        output.String(surface);
                        output.String(term);
                    }

                    WriteSynonyms(words.Acronyms, output);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(section), section, "no such section");
        }
    }

    /// <summary>Fixed-width columns, so a load copies each whole: the passage table of 312,140 passages is 14 MB.</summary>
    private static void WritePassages(KnowledgePayload payload, KnowledgeByteWriter output)
    {
        var passages = payload.Passages;
        var articles = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var a = 0; a < payload.Articles.Count; a++)
        {
            articles.TryAdd(payload.Articles[a].Id ?? string.Empty, a);
        }

        output.Int32(passages.Count);
        foreach (var passage in passages)
        {
            output.Int32(articles.GetValueOrDefault(passage.Article ?? string.Empty, -1));
        }

        foreach (var passage in passages)
        {
            output.Int32(passage.Paragraph);
        }

        foreach (var passage in passages)
        {
            output.Int32(passage.Start);
        }

        foreach (var passage in passages)
        {
            output.Int32(passage.Length);
        }

        foreach (var passage in passages)
        {
            output.Int32(passage.Text.Length);
        }

        foreach (var passage in passages)
        {
            output.UInt64(passage.TextHash ?? PassageText.Hash(passage.Text));
        }

        long textOffset = 0;
        output.Int64(0);
        foreach (var passage in passages)
        {
            textOffset += Encoding.UTF8.GetByteCount(passage.Text);
            output.Int64(textOffset);
        }

        var sentenceOffset = 0;
        output.Int32(0);
        foreach (var passage in passages)
        {
            sentenceOffset += passage.Sentences.Length;
            output.Int32(sentenceOffset);
        }
    }

    /// <summary>The sorted terms, then per term its document frequency, where its postings start and their checksum.</summary>
    private static void WriteTerms(KnowledgePayload payload, string[] terms, byte[][] encoded, KnowledgeByteWriter output)
    {
        output.Int32(terms.Length);
        foreach (var term in terms)
        {
            output.String(term);
        }

        foreach (var term in terms)
        {
            output.Int32(payload.Terms[term].Length / 2);
        }

        // Where each term's postings start in the postings section, and their XxHash3: a term read from the file long after
        // the load is checked against it, so a file overwritten in place under a running bot is refused, not misread.
        long offset = 0;
        output.Int64(0);
        foreach (var bytes in encoded)
        {
            offset += bytes.Length;
            output.Int64(offset);
        }

        foreach (var bytes in encoded)
        {
            output.UInt64(XxHash3.HashToUInt64(bytes));
        }
    }

    /// <summary>
    /// A term's postings as varints: the gap to the passage before, less one (ascending passages give small numbers;
    /// anything else is still written, it wraps, so the reader can say which term lists its passages out of order), then
    /// the frequency.
    /// </summary>
    internal static byte[] EncodePostings(int[] postings)
    {
        var output = new KnowledgeByteWriter(postings.Length * 2);
        var previous = -1;
        for (var i = 0; i + 1 < postings.Length; i += 2)
        {
            output.VarUInt(unchecked((uint)(postings[i] - previous - 1)));
            output.VarInt(postings[i + 1]);
            previous = postings[i];
        }

        return output.Written.ToArray();
    }

    private static void WriteSynonyms(IReadOnlyList<SynonymEntry>? synonyms, KnowledgeByteWriter output)
    {
        output.VarInt(synonyms?.Count ?? 0);
        foreach (var entry in synonyms ?? [])
        {
            output.Strings(entry.Terms);
            output.Byte(entry.Targets is null ? (byte)0 : (byte)1);
            if (entry.Targets is { } targets)
            {
                output.Strings(targets);
            }

            output.Byte(entry.SpeaksFor switch { null => 0, false => 1, true => 2 });
        }
    }
}
