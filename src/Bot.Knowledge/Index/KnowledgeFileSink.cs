using System.IO.Hashing;
using System.Security.Cryptography;

namespace Bot.Knowledge.Index;

/// <summary>
/// Where <see cref="KnowledgeFileWriter"/> sends the file a piece at a time: it keeps the position, each section's
/// checksum and the identity (SHA-256 of everything before the footer) as the bytes go by, so no piece is kept.
/// </summary>
internal sealed class KnowledgeFileSink(Stream destination)
{
    private readonly IncrementalHash _identity = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly XxHash3 _section = new();
    private long _position;
    private long _sectionStart;

    public void StartSection()
    {
        _section.Reset();
        _sectionStart = _position;
    }

    /// <summary>Where the section started, how long it is, and its checksum.</summary>
    public (long Offset, long Length, ulong Hash) EndSection() => (_sectionStart, _position - _sectionStart, _section.GetCurrentHashAsUInt64());

    /// <summary>Sends what <paramref name="output"/> holds and empties it.</summary>
    public void WriteOut(KnowledgeByteWriter output)
    {
        var bytes = output.Written;
        destination.Write(bytes);
        _identity.AppendData(bytes);
        _section.Append(bytes);
        _position += bytes.Length;
        output.Reset();
    }

    /// <summary>Sends what <paramref name="output"/> holds once it holds more than <paramref name="size"/> bytes.</summary>
    public void WriteOutPast(KnowledgeByteWriter output, int size)
    {
        if (output.Length > size)
        {
            WriteOut(output);
        }
    }

    public byte[] Identity() => _identity.GetHashAndReset();
}
