using System.Security.Cryptography;
using System.Text;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// Standard Webhooks signatures: <c>v1,</c> + base64(HMAC-SHA256(key, "{webhook-id}.{webhook-timestamp}.{body}")),
/// where key is the base64-decoded part of the secret after <c>whsec_</c>. Several keys (a rotation's overlap)
/// give a space-separated list; verifiers accept any match.
/// </summary>
public static class WebhookSigner
{
    public const string SecretPrefix = "whsec_";
    public const int SecretBytes = 32;

    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    public static string SecretOf(ReadOnlySpan<byte> key) => SecretPrefix + Convert.ToBase64String(key);

    public static string Sign(string messageId, long timestamp, string body, ReadOnlySpan<byte> key) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));

    public static string Header(string messageId, long timestamp, string body, IEnumerable<byte[]> keys) =>
        string.Join(' ', keys.Select(k => Sign(messageId, timestamp, body, k)));
}
