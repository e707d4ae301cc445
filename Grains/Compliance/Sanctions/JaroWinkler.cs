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
