using System.Numerics;

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
    /// <summary>c / n for the small counts and lengths names have, computed once by the same division (so identical).</summary>
    private const int RatioSide = 65;
    private static readonly double[] Ratios = BuildRatios();

    /// <summary>The bound for two strings, from scratch (the index keeps each side's shape instead).</summary>
    public static double Of(string a, string b) => Between(BoundShape.Of(a), BoundShape.Of(b));

    /// <summary>
    /// The bound from what each side's shape holds: one vector min and sum for c, table look-ups for the two ratios,
    /// and the common prefix from the packed first four characters. This runs for every list token and every listed
    /// name per query, so it avoids divisions and character loops.
    /// </summary>
    public static double Between(in BoundShape a, in BoundShape b)
    {
        if (a.Length > byte.MaxValue && b.Length > byte.MaxValue)
        {
            // The counts saturate at 255 per bucket: two strings that both overflow one could share more than the
            // counts say, and an under-estimate would prune a real match. No name is this long; no bound for them.
            return 1;
        }
        var common = CharCounts.Common(a.Counts, b.Counts);
        if (common == 0 || a.Length == 0 || b.Length == 0)
        {
            return a.Length == 0 && b.Length == 0 ? 1 : 0;
        }
        var jaro = Math.Min(1, (Ratio(common, a.Length) + Ratio(common, b.Length) + 1) / 3);
        if (jaro <= 0.7)
        {
            return jaro;
        }
        // Equal characters give zero bits; the first differing one ends the prefix (16 bits per character).
        var prefix = Math.Min(Math.Min(4, Math.Min(a.Length, b.Length)), BitOperations.TrailingZeroCount(a.Prefix ^ b.Prefix) / 16);
        return jaro + prefix * 0.1 * (1 - jaro);
    }

    private static double Ratio(int common, int length) =>
        (uint)common < RatioSide && (uint)length < RatioSide ? Ratios[common * RatioSide + length] : (double)common / length;

    private static double[] BuildRatios()
    {
        var ratios = new double[RatioSide * RatioSide];
        for (var c = 0; c < RatioSide; c++)
        {
            for (var n = 1; n < RatioSide; n++)
            {
                ratios[c * RatioSide + n] = (double)c / n;
            }
        }
        return ratios;
    }
}

/// <summary>What the bound needs of one string: its character counts, its length and its first four characters packed.</summary>
internal readonly struct BoundShape
{
    public CharCounts Counts { get; }
    public int Length { get; }
    public ulong Prefix { get; }

    private BoundShape(CharCounts counts, int length, ulong prefix) => (Counts, Length, Prefix) = (counts, length, prefix);

    public static BoundShape Of(string s)
    {
        ulong prefix = 0;
        for (var i = 0; i < Math.Min(4, s.Length); i++)
        {
            prefix |= (ulong)s[i] << (16 * i);
        }
        return new BoundShape(CharCounts.Of(s), s.Length, prefix);
    }
}
