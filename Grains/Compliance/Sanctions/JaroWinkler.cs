using System.Numerics;

namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// Jaro–Winkler similarity (Winkler 1990): Jaro's matching characters within a window of max(|a|,|b|)/2 − 1 and
/// half-transpositions, raised for a common prefix of up to 4 characters by p = 0.1 (only above Jaro 0.7, Winkler's
/// boost threshold). 1 = identical, 0 = nothing in common. Allocation-free for names up to 128 characters.
/// </summary>
public static class JaroWinkler
{
    private const double PrefixScale = 0.1;
    private const double BoostThreshold = 0.7;

    public static double Similarity(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var jaro = Jaro(a, b);
        if (jaro <= BoostThreshold)
        {
            return jaro;
        }
        var prefix = 0;
        var limit = Math.Min(4, Math.Min(a.Length, b.Length));
        while (prefix < limit && a[prefix] == b[prefix])
        {
            prefix++;
        }
        return jaro + prefix * PrefixScale * (1 - jaro);
    }

    public static double Jaro(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }
        return a.Length <= 64 && b.Length <= 64 ? JaroShort(a, b) : JaroBuffered(a, b);
    }

    /// <summary>
    /// Jaro with each side's matched flags as the bits of one word (names and their tokens are nearly always this
    /// short): no buffers to clear, and the transposition pass walks the set bits of both words in step.
    /// </summary>
    private static double JaroShort(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        ulong aMatched = 0, bMatched = 0;
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var c = a[i];
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = Math.Max(0, i - window); j <= to; j++)
            {
                if (b[j] == c && (bMatched & (1UL << j)) == 0)
                {
                    aMatched |= 1UL << i;
                    bMatched |= 1UL << j;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0)
        {
            return 0;
        }
        var halfTranspositions = 0;
        while (aMatched != 0)
        {
            if (a[BitOperations.TrailingZeroCount(aMatched)] != b[BitOperations.TrailingZeroCount(bMatched)])
            {
                halfTranspositions++;
            }
            aMatched &= aMatched - 1;
            bMatched &= bMatched - 1;
        }
        double m = matches;
        return (m / a.Length + m / b.Length + (m - halfTranspositions / 2) / m) / 3;
    }

    /// <summary>The same computation with flag buffers, for any length (also the reference the short path is tested against).</summary>
    internal static double JaroBuffered(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length == 0 && b.Length == 0)
        {
            return 1;
        }
        if (a.Length == 0 || b.Length == 0)
        {
            return 0;
        }
        var window = Math.Max(0, Math.Max(a.Length, b.Length) / 2 - 1);
        Span<bool> aMatched = a.Length <= 128 ? stackalloc bool[a.Length] : new bool[a.Length];
        Span<bool> bMatched = b.Length <= 128 ? stackalloc bool[b.Length] : new bool[b.Length];
        var matches = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var from = Math.Max(0, i - window);
            var to = Math.Min(b.Length - 1, i + window);
            for (var j = from; j <= to; j++)
            {
                if (!bMatched[j] && a[i] == b[j])
                {
                    aMatched[i] = true;
                    bMatched[j] = true;
                    matches++;
                    break;
                }
            }
        }
        if (matches == 0)
        {
            return 0;
        }
        var halfTranspositions = 0;
        var k = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (!aMatched[i])
            {
                continue;
            }
            while (!bMatched[k])
            {
                k++;
            }
            if (a[i] != b[k])
            {
                halfTranspositions++;
            }
            k++;
        }
        double m = matches;
        return (m / a.Length + m / b.Length + (m - halfTranspositions / 2) / m) / 3;
    }
}
