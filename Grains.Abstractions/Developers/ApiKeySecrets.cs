using System.Security.Cryptography;
using System.Text;
using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Developers;

/// <summary>
/// API key format: <c>sk_{test|live}_</c> + the 20-character key id body + 33 random base62
/// characters (~196 bits). The id inside the secret makes lookup a single grain call;
/// the random part is what authenticates, compared by hash in constant time.
/// </summary>
public static class ApiKeySecrets
{
    public const int RandomLength = 33;

    public static string NewSecret(string keyId, string mode) =>
        $"sk_{mode}_{keyId[(RowellIds.ApiKey.Length + 1)..]}{RowellIds.RandomToken(RandomLength)}";

    /// <summary>The key id a presented secret claims to belong to, or null when the shape is wrong.</summary>
    public static string? KeyIdOf(string? secret)
    {
        if (secret is null || secret.Length != 8 + RowellIds.RandomLength + RandomLength
            || !(secret.StartsWith("sk_test_", StringComparison.Ordinal) || secret.StartsWith("sk_live_", StringComparison.Ordinal)))
        {
            return null;
        }
        var id = $"{RowellIds.ApiKey}_{secret.AsSpan(8, RowellIds.RandomLength)}";
        return RowellIds.IsValid(id, RowellIds.ApiKey) ? id : null;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) =>
        CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);
}
