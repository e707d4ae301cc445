using System.Text.RegularExpressions;

namespace Rowell.Grains.Hosting;

/// <summary>
/// What a SECRET_KEY must be before a silo seals anything with it: at least 32 bytes of entropy, and not a value
/// printed in our own files (a placeholder copied from .env.example is public knowledge). The estimate is
/// deliberately simple and conservative: length × log2(alphabet) for the alphabet the key is written in (hex,
/// base64 or free text), and at least 3 bits of observed Shannon entropy per character, so "aaaa…" or
/// "abab…" of any length is refused. `openssl rand -hex 32` (64 hex digits) and `openssl rand -base64 32` pass.
/// </summary>
public static partial class SecretKeyPolicy
{
    public const int MinimumBits = 256;
    private const double MinimumBitsPerCharacter = 3.0;

    /// <summary>Values our repository shows as examples; lower-case, compared after trimming.</summary>
    public static readonly IReadOnlyList<string> Placeholders =
    [
        "your-secret-key-change-in-production",
        "change-me",
        "changeme",
        "secret",
        "secret_key",
        "your-secret-key",
        "replace-me",
    ];

    public const string HowToMake = "Generate one with `openssl rand -hex 32`.";

    /// <summary>Why <paramref name="key"/> may not be used as <paramref name="variable"/>, or null when it may.</summary>
    public static string? Problem(string? key, string variable = "SECRET_KEY")
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            return $"{variable} is not set. Silos need it to seal wallet keys at rest. {HowToMake}";
        }
        var trimmed = key.Trim();
        var lower = trimmed.ToLowerInvariant();
        if (Placeholders.Contains(lower) || PlaceholderWords().IsMatch(lower))
        {
            return $"{variable} is a documented placeholder ('{trimmed}'), known to anyone who read this repository. {HowToMake}";
        }
        var bits = EstimatedBits(trimmed);
        return bits < MinimumBits
            ? $"{variable} carries about {bits} bits of entropy; at least {MinimumBits} (32 bytes) are required. {HowToMake}"
            : null;
    }

    /// <summary>Throws <see cref="InvalidOperationException"/> with <see cref="Problem"/>'s message.</summary>
    public static void Require(string? key, string variable = "SECRET_KEY")
    {
        if (Problem(key, variable) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }
    }

    /// <summary>A conservative entropy estimate in bits (see the type's summary).</summary>
    public static int EstimatedBits(string key)
    {
        var body = key.TrimEnd('=');
        if (body.Length == 0)
        {
            return 0;
        }
        double alphabet = body.All(Uri.IsHexDigit) ? 16
            : body.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '-' or '_') ? 64
            : 95;
        var byLength = body.Length * Math.Log2(alphabet);
        var counts = body.GroupBy(c => c).Select(g => (double)g.Count() / body.Length);
        var shannon = -counts.Sum(p => p * Math.Log2(p));
        // Short keys cannot show many distinct characters; only judge the spread once there are enough of them.
        if (body.Length >= 16 && shannon < MinimumBitsPerCharacter)
        {
            return (int)Math.Floor(body.Length * shannon);
        }
        return (int)Math.Floor(byLength);
    }

    [GeneratedRegex("change.?(me|this|in.?production)|your.?secret|placeholder|example|replace.?me")]
    private static partial Regex PlaceholderWords();
}
