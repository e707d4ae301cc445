using System.Text;

namespace Rowell.Grains.Ledgers.Stellar;

public enum StellarMemoType
{
    None = 0,
    Text = 1,
    Id = 2,
    Hash = 3,
    Return = 4,
}

/// <summary>Transaction memo. Text is kept as raw bytes (XDR string&lt;28&gt; need not be valid UTF-8).</summary>
public sealed class StellarMemo : IEquatable<StellarMemo>
{
    public const int MaxTextBytes = 28;

    public static StellarMemo None { get; } = new(StellarMemoType.None, [], 0);

    public StellarMemoType Type { get; }
    private readonly byte[] _bytes;
    public ulong Id { get; }

    private StellarMemo(StellarMemoType type, byte[] bytes, ulong id)
    {
        Type = type;
        _bytes = bytes;
        Id = id;
    }

    /// <summary>Text bytes (Text) or the 32-byte hash (Hash/Return); empty otherwise.</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The text decoded as UTF-8 (invalid sequences become U+FFFD); null unless Type is Text.</summary>
    public string? Text => Type == StellarMemoType.Text ? Encoding.UTF8.GetString(_bytes) : null;

    public static StellarMemo FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromTextBytes(Encoding.UTF8.GetBytes(text));
    }

    public static StellarMemo FromTextBytes(ReadOnlySpan<byte> text)
    {
        if (text.Length > MaxTextBytes)
        {
            throw new ArgumentException($"Memo text is {text.Length} bytes; at most {MaxTextBytes} are allowed.");
        }
        return new StellarMemo(StellarMemoType.Text, text.ToArray(), 0);
    }

    public static StellarMemo FromId(ulong id) => new(StellarMemoType.Id, [], id);

    public static StellarMemo FromHash(ReadOnlySpan<byte> hash32) => new(StellarMemoType.Hash, Check32(hash32), 0);

    public static StellarMemo FromReturnHash(ReadOnlySpan<byte> hash32) => new(StellarMemoType.Return, Check32(hash32), 0);

    private static byte[] Check32(ReadOnlySpan<byte> hash)
    {
        if (hash.Length != 32)
        {
            throw new ArgumentException($"Memo hash must be 32 bytes, got {hash.Length}.");
        }
        return hash.ToArray();
    }

    internal void Write(XdrWriter w)
    {
        w.WriteInt32((int)Type);
        switch (Type)
        {
            case StellarMemoType.Text:
                w.WriteVarOpaque(_bytes, MaxTextBytes);
                break;
            case StellarMemoType.Id:
                w.WriteUInt64(Id);
                break;
            case StellarMemoType.Hash:
            case StellarMemoType.Return:
                w.WriteFixedOpaque(_bytes, 32);
                break;
        }
    }

    internal static StellarMemo Read(XdrReader r)
    {
        var type = r.ReadInt32();
        return type switch
        {
            (int)StellarMemoType.None => None,
            (int)StellarMemoType.Text => new StellarMemo(StellarMemoType.Text, r.ReadVarOpaque(MaxTextBytes), 0),
            (int)StellarMemoType.Id => FromId(r.ReadUInt64()),
            (int)StellarMemoType.Hash => new StellarMemo(StellarMemoType.Hash, r.ReadFixedOpaque(32), 0),
            (int)StellarMemoType.Return => new StellarMemo(StellarMemoType.Return, r.ReadFixedOpaque(32), 0),
            _ => throw new FormatException($"Unsupported memo type {type}."),
        };
    }

    public bool Equals(StellarMemo? other)
        => other is not null && Type == other.Type && Id == other.Id && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as StellarMemo);

    public override int GetHashCode() => HashCode.Combine(Type, Id, _bytes.Length);

    public override string ToString() => Type switch
    {
        StellarMemoType.None => "none",
        StellarMemoType.Text => $"text:{Text}",
        StellarMemoType.Id => $"id:{Id}",
        _ => $"{Type.ToString().ToLowerInvariant()}:{Convert.ToHexStringLower(_bytes)}",
    };
}
