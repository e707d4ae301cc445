using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rowell.Client;

/// <summary>
/// Standard Webhooks signatures: <c>webhook-signature</c> is a space-separated list of <c>v1,&lt;base64 HMAC-SHA256&gt;</c>
/// over <c>"{webhook-id}.{webhook-timestamp}.{body}"</c>, keyed with the base64-decoded secret after <c>whsec_</c>.
/// During a secret rotation the list carries one signature per secret; any valid one is enough.
/// </summary>
public static class WebhookSignature
{
    public static readonly TimeSpan DefaultTolerance = TimeSpan.FromMinutes(5);

    public static string Sign(string secret, string id, long timestamp, string body)
    {
        using var hmac = new HMACSHA256(SecretBytes(secret));
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));
    }

    /// <summary>Null when the delivery is genuine; otherwise why not.</summary>
    public static string? Verify(string secret, string? id, string? timestamp, string? signatureHeader, string body, DateTimeOffset? now = null, TimeSpan? tolerance = null)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatureHeader))
        {
            return "missing webhook-id, webhook-timestamp or webhook-signature";
        }
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
        {
            return "webhook-timestamp is not unix seconds";
        }
        // Old or future timestamps are refused so a captured delivery cannot be replayed later.
        var skew = (now ?? DateTimeOffset.UtcNow) - DateTimeOffset.FromUnixTimeSeconds(ts);
        if (skew.Duration() > (tolerance ?? DefaultTolerance))
        {
            return $"webhook-timestamp is {skew.TotalSeconds:0} s away from now";
        }
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, ts, body));
        foreach (var candidate in signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (candidate.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(candidate), expected))
            {
                return null;
            }
        }
        return "no v1 signature matches the secret";
    }

    private static byte[] SecretBytes(string secret) =>
        Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret["whsec_".Length..] : secret);
}
