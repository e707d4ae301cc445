namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>
/// RFC 4648 base32 (alphabet A-Z2-7) without padding, strict: decoding rejects lowercase, padding,
/// impossible lengths (1, 3 or 6 mod 8) and non-zero unused trailing bits, so every accepted text is
/// the canonical encoding of its bytes.
/// </summary>
public static class Base32
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var chars = new char[(data.Length * 8 + 4) / 5];
        var buffer = 0;
        var bits = 0;
        var pos = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                chars[pos++] = Alphabet[(buffer >> bits) & 31];
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0)
        {
            chars[pos++] = Alphabet[(buffer << (5 - bits)) & 31];
        }
        return new string(chars, 0, pos);
    }

    public static byte[] Decode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rem = text.Length % 8;
        if (rem is 1 or 3 or 6)
        {
            throw new FormatException("Invalid base32 length.");
        }
        var result = new byte[text.Length * 5 / 8];
        var buffer = 0;
        var bits = 0;
        var pos = 0;
        foreach (var c in text)
        {
            int v = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= '2' and <= '7' => c - '2' + 26,
                _ => throw new FormatException("Invalid base32 character."),
            };
            buffer = (buffer << 5) | v;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                result[pos++] = (byte)(buffer >> bits);
                buffer &= (1 << bits) - 1;
            }
        }
        if (buffer != 0)
        {
            throw new FormatException("Non-canonical base32: unused trailing bits are not zero.");
        }
        return result;
    }
}
