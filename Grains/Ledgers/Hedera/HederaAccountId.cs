using System.Globalization;
using System.Text;

namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>Ledger ids used by the HIP-15 checksum (the ledger id bytes are the single byte of the value).</summary>
public enum HederaLedgerId : byte
{
    Mainnet = 0,
    Testnet = 1,
    Previewnet = 2,
    Local = 3,
}

/// <summary>A Hedera account id "shard.realm.num", with HIP-15 address checksums.</summary>
public readonly record struct HederaAccountId(long Shard, long Realm, long Num)
{
    /// <summary>Parses "0.0.123" or "0.0.123-vfmkw". Format check only; use the ledger overload to verify a checksum.</summary>
    public static HederaAccountId Parse(string s)
    {
        if (!TryParse(s, out var id, out _))
        {
            throw new FormatException($"Invalid Hedera account id '{s}'.");
        }
        return id;
    }

    /// <summary>Parses and, when a checksum is present, verifies it against <paramref name="ledger"/>.</summary>
    public static HederaAccountId Parse(string s, HederaLedgerId ledger)
    {
        if (!TryParse(s, out var id, out var checksum))
        {
            throw new FormatException($"Invalid Hedera account id '{s}'.");
        }
        if (checksum is not null && !id.VerifyChecksum(checksum, ledger))
        {
            throw new FormatException($"Checksum '{checksum}' of Hedera account id '{s}' is wrong for {ledger}.");
        }
        return id;
    }

    public static bool TryParse(string? s, out HederaAccountId id) => TryParse(s, out id, out _);

    /// <summary>
    /// Accepts "shard.realm.num" with an optional "-abcde" checksum (5 lowercase letters).
    /// Each part is a non-negative int64 in canonical decimal (no sign, no leading zeros, no spaces).
    /// </summary>
    public static bool TryParse(string? s, out HederaAccountId id, out string? checksum)
    {
        id = default;
        checksum = null;
        if (string.IsNullOrEmpty(s))
        {
            return false;
        }
        var text = s;
        var dash = s.IndexOf('-');
        if (dash >= 0)
        {
            var cs = s[(dash + 1)..];
            if (cs.Length != 5 || !cs.All(c => c is >= 'a' and <= 'z'))
            {
                return false;
            }
            checksum = cs;
            text = s[..dash];
        }
        var parts = text.Split('.');
        if (parts.Length != 3
            || !TryParsePart(parts[0], out var shard)
            || !TryParsePart(parts[1], out var realm)
            || !TryParsePart(parts[2], out var num))
        {
            checksum = null;
            return false;
        }
        id = new HederaAccountId(shard, realm, num);
        return true;
    }

    private static bool TryParsePart(string part, out long value)
    {
        value = 0;
        if (part.Length == 0 || part.Length > 19 || !part.All(char.IsAsciiDigit) || (part.Length > 1 && part[0] == '0'))
        {
            return false;
        }
        return long.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Shard}.{Realm}.{Num}");

    public string ToStringWithChecksum(HederaLedgerId ledger) => $"{this}-{Checksum(ledger)}";

    public string Checksum(HederaLedgerId ledger) => ComputeChecksum(ToString(), ledger);

    public bool VerifyChecksum(string checksum, HederaLedgerId ledger)
        => checksum is not null && string.Equals(checksum, Checksum(ledger), StringComparison.Ordinal);

    /// <summary>HIP-15 checksum of an address text such as "0.0.123" (digits and dots only).</summary>
    public static string ComputeChecksum(string address, HederaLedgerId ledger)
    {
        ArgumentNullException.ThrowIfNull(address);
        const long p3 = 26 * 26 * 26;
        const long p5 = 26 * 26 * 26 * 26 * 26;
        const long m = 1_000_003;
        const long w = 31;

        long s0 = 0, s1 = 0, s = 0, sh = 0;
        for (var i = 0; i < address.Length; i++)
        {
            var ch = address[i];
            long d = ch == '.' ? 10 : ch is >= '0' and <= '9' ? ch - '0' : throw new FormatException("Address must hold digits and dots only.");
            s = (w * s + d) % p3;
            if (i % 2 == 0)
            {
                s0 = (s0 + d) % 11;
            }
            else
            {
                s1 = (s1 + d) % 11;
            }
        }

        // ledger id bytes followed by six zero bytes
        Span<byte> h = stackalloc byte[7];
        h[0] = (byte)ledger;
        foreach (var b in h)
        {
            sh = (w * sh + b) % p5;
        }

        var c = ((((address.Length % 5) * 11 + s0) * 11 + s1) * p3 + s + sh) % p5;
        c = c * m % p5;

        var answer = new StringBuilder(5);
        Span<char> letters = stackalloc char[5];
        for (var i = 4; i >= 0; i--)
        {
            letters[i] = (char)('a' + (c % 26));
            c /= 26;
        }
        answer.Append(letters);
        return answer.ToString();
    }
}
