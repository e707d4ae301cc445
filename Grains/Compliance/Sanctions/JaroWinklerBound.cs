namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// Cheap upper bounds of <see cref="JaroWinkler.Similarity"/>, exact enough to skip most comparisons:
/// Jaro's matches m never exceed c, the characters the two strings share as multisets, and its transposition term
/// is at most 1, so Jaro ≤ min(1, (c/|a| + c/|b| + 1) / 3). Winkler adds ℓ·0.1·(1 − Jaro) only above Jaro 0.7, where
/// ℓ is the strings' common prefix (at most 4), which is known exactly; JW grows with Jaro, so putting the Jaro
/// bound in gives a bound of JW.
/// </summary>
internal static class JaroWinklerBound
{
    /// <summary>The bound for two strings, from scratch (the index keeps each side's counts instead).</summary>
    public static double Of(string a, string b) => FromCommon(CharCounts.Common(CharCounts.Of(a), CharCounts.Of(b)), a, b);

    public static double FromCommon(int common, string a, string b)
    {
        if (common == 0 || a.Length == 0 || b.Length == 0)
        {
            return a.Length == 0 && b.Length == 0 ? 1 : 0;
        }
        var jaro = Math.Min(1, ((double)common / a.Length + (double)common / b.Length + 1) / 3);
        if (jaro <= 0.7)
        {
            return jaro;
        }
        var prefix = 0;
        var limit = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }
        return jaro + prefix * 0.1 * (1 - jaro);
    }
}
