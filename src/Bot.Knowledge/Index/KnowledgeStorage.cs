using Microsoft.Win32.SafeHandles;

namespace Bot.Knowledge.Index;

/// <summary>
/// Where an opened knowledge file's bytes are: the file itself, read with positioned reads (the operating system's page
/// cache holds what has been read, not the managed heap), or an array for knowledge built in memory.
/// </summary>
internal abstract class KnowledgeStorage
{
    public abstract long Length { get; }

    /// <summary>Fills <paramref name="into"/> from <paramref name="offset"/>; the caller has checked the range against <see cref="Length"/>.</summary>
    public abstract void Read(long offset, Span<byte> into);

    public byte[] ReadArray(long offset, int count)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(count);
        Read(offset, bytes);
        return bytes;
    }

    /// <summary>
    /// The open file. Opened with delete sharing, so a rebuild can rename a new file over it while the old knowledge still
    /// answers; the handle closes when the knowledge that reads it is collected.
    /// </summary>
    public sealed class FromFile(SafeFileHandle handle) : KnowledgeStorage
    {
        private readonly long _length = RandomAccess.GetLength(handle);

        public override long Length => _length;

        public static FromFile Open(string path) =>
            new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete));

        /// <summary>The whole file, and the handle closed.</summary>
        public byte[] ReadAll()
        {
            using (handle)
            {
                var bytes = GC.AllocateUninitializedArray<byte>(checked((int)_length));
                Read(0, bytes);
                return bytes;
            }
        }

        public override void Read(long offset, Span<byte> into)
        {
            while (into.Length > 0)
            {
                var read = RandomAccess.Read(handle, into, offset);
                if (read <= 0)
                {
                    throw new KnowledgeDamageException("it ended while being read (was it replaced or truncated?)");
                }

                into = into[read..];
                offset += read;
            }
        }
    }

    public sealed class FromArray(byte[] bytes) : KnowledgeStorage
    {
        public override long Length => bytes.Length;

        public override void Read(long offset, Span<byte> into) => bytes.AsSpan(checked((int)offset), into.Length).CopyTo(into);
    }
}
