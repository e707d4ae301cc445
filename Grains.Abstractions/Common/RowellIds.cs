using System.Security.Cryptography;
using System.Text;

namespace Rowell.Abstractions.Common;

/// <summary>
/// Prefixed, opaque ids (Stripe style). 20 base62 characters carry ~119 random bits: unguessable,
/// so an id alone never grants access, and collisions are not a practical concern.
/// </summary>
public static class RowellIds
{
    public const string Developer = "dev";
    public const string ApiKey = "key";
    public const string Account = "acc";
    public const string Wallet = "wal";
    public const string Transfer = "tr";
    public const string Event = "evt";
    public const string Webhook = "whk";
    public const string Simulation = "sim";
    public const string Deposit = "dep";

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int RandomLength = 20;

    public static string New(string prefix) => $"{prefix}_{RandomToken(RandomLength)}";

    public static string RandomToken(int length)
    {
        // One call to the CSPRNG per round of twice the bytes needed: rejected bytes rarely leave a gap.
        Span<char> chars = stackalloc char[length];
        Span<byte> random = stackalloc byte[length * 2];
        var filled = 0;
        while (filled < length)
        {
            RandomNumberGenerator.Fill(random);
            filled = AppendBase62(random, chars, filled);
        }
        return new string(chars);
    }

    /// <summary>
    /// A well-formed id that is a pure function of <paramref name="seed"/> (SHA-256 in counter mode, the same
    /// unbiased base62 mapping as <see cref="RandomToken"/>). For repeatable work: running step N of a job twice
    /// names the same resource, so the resource's own idempotent create makes the repeat a no-op. Unguessable only
    /// if the seed holds an unguessable part (e.g. a random id).
    /// </summary>
    public static string Derive(string prefix, string seed)
    {
        Span<char> chars = stackalloc char[RandomLength];
        var filled = 0;
        for (var block = 0; filled < RandomLength; block++)
        {
            filled = AppendBase62(SHA256.HashData(Encoding.UTF8.GetBytes($"{block}\u001f{seed}")), chars, filled);
        }
        return $"{prefix}_{new string(chars)}";
    }

    /// <summary>
    /// Fills <paramref name="chars"/> from position <paramref name="filled"/> with base62 characters drawn from
    /// <paramref name="source"/>; returns the new fill. Bytes ≥ 248 are skipped so every character is uniform over
    /// the 62 (248 = 4 × 62: reducing a byte below it modulo 62 has no bias).
    /// </summary>
    private static int AppendBase62(ReadOnlySpan<byte> source, Span<char> chars, int filled)
    {
        foreach (var b in source)
        {
            if (filled == chars.Length)
            {
                break;
            }
            if (b < 248)
            {
                chars[filled++] = Alphabet[b % Alphabet.Length];
            }
        }
        return filled;
    }

    /// <summary>True when <paramref name="id"/> has the prefix and a well-formed body; cheap guard before a grain call.</summary>
    public static bool IsValid(string? id, string prefix)
    {
        if (id is null || id.Length != prefix.Length + 1 + RandomLength || !id.StartsWith(prefix, StringComparison.Ordinal) || id[prefix.Length] != '_')
        {
            return false;
        }
        foreach (var c in id.AsSpan(prefix.Length + 1))
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
