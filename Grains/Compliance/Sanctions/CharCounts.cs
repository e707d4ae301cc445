using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// How often each character occurs in a normalised name or token, in 32 one-byte buckets: a–z one each, the space one,
/// the digits folded into four and everything else into one. Folding only ever over-counts what two strings share,
/// so <see cref="Common"/> stays an upper bound of their multiset intersection — which is all the Jaro–Winkler
/// bound needs — and one 32-byte vector compares two strings in a few instructions.
/// </summary>
internal readonly struct CharCounts
{
    private readonly Vector256<byte> _counts;

    private CharCounts(Vector256<byte> counts) => _counts = counts;

    public static CharCounts Of(string s)
    {
        Span<byte> counts = stackalloc byte[32];
        foreach (var c in s)
        {
            var slot = c switch
            {
                >= 'a' and <= 'z' => c - 'a',
                ' ' => 26,
                >= '0' and <= '9' => 27 + (c - '0') % 4,
                _ => 31,
            };
            if (counts[slot] < byte.MaxValue)
            {
                counts[slot]++;
            }
        }
        return new CharCounts(Vector256.Create((ReadOnlySpan<byte>)counts));
    }

    /// <summary>An upper bound of the characters the two strings have in common, counted with multiplicity.</summary>
    public static int Common(in CharCounts a, in CharCounts b)
    {
        var min = Vector256.Min(a._counts, b._counts);
        if (Avx2.IsSupported)
        {
            // vpsadbw against zero sums each 8-byte group into a 64-bit lane: four lanes to add instead of 32 bytes.
            var sums = Avx2.SumAbsoluteDifferences(min, Vector256<byte>.Zero).AsUInt64();
            return (int)(sums.GetElement(0) + sums.GetElement(1) + sums.GetElement(2) + sums.GetElement(3));
        }
        var (low, high) = Vector256.Widen(min);
        return Vector256.Sum(low + high);
    }
}
