namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>
/// Stellar StrKey text encoding: base32(versionByte || payload || crc16-xmodem little-endian), no padding.
/// Decoding is strict: version byte, exact length, checksum and canonical base32 are all checked.
/// </summary>
public static class StrKey
{
    public const byte VersionAccountId = 6 << 3;     // 'G'
    public const byte VersionMuxedAccount = 12 << 3; // 'M'
    public const byte VersionSecretSeed = 18 << 3;   // 'S'
    public const byte VersionPreAuthTx = 19 << 3;    // 'T'
    public const byte VersionSha256Hash = 23 << 3;   // 'X'

    private const int KeyLength = 32;

    public static string EncodeAccountId(ReadOnlySpan<byte> ed25519PublicKey)
        => EncodeCheck(VersionAccountId, RequireLength(ed25519PublicKey, KeyLength, "public key"));

    public static byte[] DecodeAccountId(string accountId) => DecodeCheck(VersionAccountId, accountId, KeyLength);

    public static bool IsValidAccountId(string? accountId) => IsValid(VersionAccountId, accountId, KeyLength);

    public static string EncodeSecretSeed(ReadOnlySpan<byte> seed)
        => EncodeCheck(VersionSecretSeed, RequireLength(seed, KeyLength, "seed"));

    public static byte[] DecodeSecretSeed(string seed) => DecodeCheck(VersionSecretSeed, seed, KeyLength);

    public static bool IsValidSecretSeed(string? seed) => IsValid(VersionSecretSeed, seed, KeyLength);

    /// <summary>M... address: payload = ed25519 key (32) || id (uint64 big-endian), as in SEP-0023.</summary>
    public static string EncodeMuxedAccount(ReadOnlySpan<byte> ed25519PublicKey, ulong id)
    {
        RequireLength(ed25519PublicKey, KeyLength, "public key");
        Span<byte> payload = stackalloc byte[KeyLength + 8];
        ed25519PublicKey.CopyTo(payload);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(payload[KeyLength..], id);
        return EncodeCheck(VersionMuxedAccount, payload);
    }

    public static (byte[] PublicKey, ulong Id) DecodeMuxedAccount(string muxed)
    {
        var payload = DecodeCheck(VersionMuxedAccount, muxed, KeyLength + 8);
        var id = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(KeyLength));
        return (payload[..KeyLength], id);
    }

    public static bool IsValidMuxedAccount(string? muxed) => IsValid(VersionMuxedAccount, muxed, KeyLength + 8);

    /// <summary>Encodes any payload under a version byte (e.g. T/X keys).</summary>
    public static string EncodeCheck(byte versionByte, ReadOnlySpan<byte> payload)
    {
        var data = new byte[payload.Length + 3];
        data[0] = versionByte;
        payload.CopyTo(data.AsSpan(1));
        var crc = Crc16XModem.Compute(data.AsSpan(0, payload.Length + 1));
        data[^2] = (byte)(crc & 0xFF);
        data[^1] = (byte)(crc >> 8);
        return Base32.Encode(data);
    }

    /// <summary>Decodes and checks a StrKey whose payload must be exactly <paramref name="payloadLength"/> bytes.</summary>
    public static byte[] DecodeCheck(byte versionByte, string text, int payloadLength)
    {
        if (text is null)
        {
            throw new FormatException("StrKey is null.");
        }
        var expectedChars = ((payloadLength + 3) * 8 + 4) / 5;
        if (text.Length != expectedChars)
        {
            throw new FormatException($"StrKey must be {expectedChars} characters, got {text.Length}.");
        }
        var decoded = Base32.Decode(text);
        if (decoded.Length != payloadLength + 3)
        {
            throw new FormatException("StrKey has the wrong decoded length.");
        }
        if (decoded[0] != versionByte)
        {
            throw new FormatException("StrKey has the wrong version byte.");
        }
        var crc = Crc16XModem.Compute(decoded.AsSpan(0, payloadLength + 1));
        if (decoded[^2] != (byte)(crc & 0xFF) || decoded[^1] != (byte)(crc >> 8))
        {
            throw new FormatException("StrKey checksum mismatch.");
        }
        return decoded[1..(payloadLength + 1)];
    }

    private static bool IsValid(byte versionByte, string? text, int payloadLength)
    {
        if (text is null)
        {
            return false;
        }
        try
        {
            DecodeCheck(versionByte, text, payloadLength);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static ReadOnlySpan<byte> RequireLength(ReadOnlySpan<byte> data, int length, string what)
    {
        if (data.Length != length)
        {
            throw new ArgumentException($"The {what} must be {length} bytes, got {data.Length}.");
        }
        return data;
    }
}
