using System.Buffers.Binary;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>Minimal RFC 4506 XDR writer: big-endian, every item padded to a multiple of 4 bytes.</summary>
public sealed class XdrWriter
{
    private readonly MemoryStream _stream = new();

    public XdrWriter WriteInt32(int value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(b, value);
        _stream.Write(b);
        return this;
    }

    public XdrWriter WriteUInt32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, value);
        _stream.Write(b);
        return this;
    }

    public XdrWriter WriteInt64(long value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(b, value);
        _stream.Write(b);
        return this;
    }

    public XdrWriter WriteUInt64(ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(b, value);
        _stream.Write(b);
        return this;
    }

    public XdrWriter WriteBool(bool value) => WriteInt32(value ? 1 : 0);

    /// <summary>Fixed-length opaque[N]: exactly N bytes then zero padding.</summary>
    public XdrWriter WriteFixedOpaque(ReadOnlySpan<byte> data, int length)
    {
        if (data.Length != length)
        {
            throw new ArgumentException($"Fixed opaque must be {length} bytes, got {data.Length}.");
        }
        _stream.Write(data);
        return Pad(length);
    }

    /// <summary>Variable-length opaque&lt;max&gt; / string&lt;max&gt;: uint32 length, bytes, zero padding.</summary>
    public XdrWriter WriteVarOpaque(ReadOnlySpan<byte> data, int maxLength)
    {
        if (data.Length > maxLength)
        {
            throw new ArgumentException($"Variable opaque longer than {maxLength} bytes.");
        }
        WriteUInt32((uint)data.Length);
        _stream.Write(data);
        return Pad(data.Length);
    }

    private XdrWriter Pad(int length)
    {
        var pad = (4 - (length % 4)) % 4;
        for (var i = 0; i < pad; i++)
        {
            _stream.WriteByte(0);
        }
        return this;
    }

    public byte[] ToArray() => _stream.ToArray();
}

/// <summary>Strict XDR reader: rejects truncated input, non-zero padding, oversize lengths and bad booleans.</summary>
public sealed class XdrReader
{
    private readonly byte[] _data;
    private int _pos;

    public XdrReader(byte[] data) => _data = data ?? throw new ArgumentNullException(nameof(data));

    public int Remaining => _data.Length - _pos;

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new FormatException("XDR input is truncated.");
        }
        var span = _data.AsSpan(_pos, count);
        _pos += count;
        return span;
    }

    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4));

    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8));

    public bool ReadBool() => ReadInt32() switch
    {
        0 => false,
        1 => true,
        _ => throw new FormatException("XDR boolean must be 0 or 1."),
    };

    public byte[] ReadFixedOpaque(int length)
    {
        var bytes = Take(length).ToArray();
        SkipPadding(length);
        return bytes;
    }

    public byte[] ReadVarOpaque(int maxLength)
    {
        var length = ReadUInt32();
        if (length > (uint)maxLength)
        {
            throw new FormatException($"XDR variable opaque of {length} bytes exceeds its maximum {maxLength}.");
        }
        return ReadFixedOpaque((int)length);
    }

    /// <summary>Reads a uint32 element count and checks it against the array's maximum.</summary>
    public int ReadCount(int maxCount)
    {
        var count = ReadUInt32();
        if (count > (uint)maxCount)
        {
            throw new FormatException($"XDR array of {count} items exceeds its maximum {maxCount}.");
        }
        return (int)count;
    }

    private void SkipPadding(int length)
    {
        var pad = (4 - (length % 4)) % 4;
        foreach (var b in Take(pad))
        {
            if (b != 0)
            {
                throw new FormatException("XDR padding bytes must be zero.");
            }
        }
    }

    public void EnsureEnd()
    {
        if (Remaining != 0)
        {
            throw new FormatException($"{Remaining} unexpected trailing bytes after the XDR value.");
        }
    }
}
