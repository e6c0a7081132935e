using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Bot.Knowledge.Index;

/// <summary>
/// Writes the knowledge file's primitives, little-endian: fixed-width numbers for the columns a load copies whole, LEB128
/// varints for counts and postings, and strings as a varint byte count followed by UTF-8.
/// </summary>
internal sealed class KnowledgeByteWriter(int capacity)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(Math.Max(256, capacity));

    public int Length => _buffer.WrittenCount;

    public ReadOnlySpan<byte> Written => _buffer.WrittenSpan;

    public void Bytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);

    /// <summary>Forgets what was written, keeping the buffer for what comes next (a file written out a piece at a time).</summary>
    public void Reset() => _buffer.ResetWrittenCount();

    public void Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }

    public void Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
    }

    public void Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void UInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.GetSpan(8), value);
        _buffer.Advance(8);
    }

    public void Double(double value) => Int64(BitConverter.DoubleToInt64Bits(value));

    /// <summary>An unsigned LEB128 varint: seven bits a byte, the high bit set on every byte but the last.</summary>
    public void VarUInt(uint value)
    {
        var span = _buffer.GetSpan(5);
        var n = 0;
        while (value >= 0x80)
        {
            span[n++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[n++] = (byte)value;
        _buffer.Advance(n);
    }

    /// <summary>A count or a number that should not be negative; a negative one (a test's damage) is written as it is.</summary>
    public void VarInt(int value) => VarUInt(unchecked((uint)value));

    /// <summary>A string as its UTF-8 byte count and bytes; null is written as empty (the reader's checks refuse what must not be).</summary>
    public void String(string? value)
    {
        value ??= string.Empty;
        var count = Encoding.UTF8.GetByteCount(value);
        VarUInt((uint)count);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    /// <summary>A text's UTF-8 bytes alone, encoded in place: where its length is written elsewhere (the passage texts).</summary>
    public void Utf8(string value)
    {
        var count = Encoding.UTF8.GetByteCount(value);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(count));
        _buffer.Advance(count);
    }

    public void OptionalString(string? value)
    {
        Byte(value is null ? (byte)0 : (byte)1);
        if (value is not null)
        {
            String(value);
        }
    }

    public void Strings(IReadOnlyList<string>? values)
    {
        VarInt(values?.Count ?? 0);
        foreach (var value in values ?? [])
        {
            String(value);
        }
    }
}

/// <summary>
/// Reads what <see cref="KnowledgeByteWriter"/> wrote from a section's bytes. Reading past the end, or a count that cannot
/// fit in what is left, throws <see cref="KnowledgeDamageException"/>, which the reader turns into its one-line refusal.
/// </summary>
internal ref struct KnowledgeByteReader(ReadOnlySpan<byte> bytes, string section)
{
    private readonly ReadOnlySpan<byte> _bytes = bytes;
    private int _at;

    public readonly bool AtEnd => _at == _bytes.Length;

    public readonly int Position => _at;

    public ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > _bytes.Length - _at)
        {
            throw new KnowledgeDamageException($"the section '{section}' ends early");
        }

        var taken = _bytes.Slice(_at, count);
        _at += count;
        return taken;
    }

    public byte Byte() => Take(1)[0];

    public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8));

    public ulong UInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public double Double() => BitConverter.Int64BitsToDouble(Int64());

    public uint VarUInt()
    {
        uint value = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Byte();
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new KnowledgeDamageException($"the section '{section}' has a malformed number");
    }

    public int VarInt() => unchecked((int)VarUInt());

    /// <summary>A count of entries, each at least <paramref name="minimumBytes"/> long: a damaged count fails here, not in an allocation.</summary>
    public int Count(int minimumBytes = 1)
    {
        var count = VarInt();
        if (count < 0 || (long)count * minimumBytes > _bytes.Length - _at)
        {
            throw new KnowledgeDamageException($"the section '{section}' has a count of {count} it does not hold");
        }

        return count;
    }

    public string String()
    {
        var count = VarInt();
        return Encoding.UTF8.GetString(Take(count));
    }

    public string? OptionalString() => Byte() == 0 ? null : String();

    public string[] Strings()
    {
        var values = new string[Count()];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = String();
        }

        return values;
    }

    /// <summary>A column of <paramref name="count"/> little-endian values, copied out whole.</summary>
    public T[] Column<T>(int count)
        where T : unmanaged
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (count < 0 || (long)count * size > _bytes.Length - _at)
        {
            throw new KnowledgeDamageException($"the section '{section}' ends early");
        }

        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(Take(count * size)).ToArray();
    }
}

/// <summary>Damage found while reading the file's bytes; the reader names the file and the command that rebuilds it.</summary>
internal sealed class KnowledgeDamageException(string problem) : Exception(problem);
