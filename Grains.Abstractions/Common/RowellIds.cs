using System.Security.Cryptography;

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

    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    public const int RandomLength = 20;

    public static string New(string prefix) => $"{prefix}_{RandomToken(RandomLength)}";

    public static string RandomToken(int length)
    {
        // Rejection-free: 62 does not divide 256, so draw from a wider range and reduce without bias.
        Span<char> chars = stackalloc char[length];
        for (var i = 0; i < length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }
        return new string(chars);
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
