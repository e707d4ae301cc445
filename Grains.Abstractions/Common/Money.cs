using System.Globalization;

namespace Rowell.Abstractions.Common;

/// <summary>
/// Decimal ⇄ integer minor units (stroops, tinybars, token units). Ledgers only ever see integers;
/// a value that does not fit the asset's precision is refused, never rounded.
/// </summary>
public static class Money
{
    public static bool TryToMinor(decimal amount, int decimals, out long minor)
    {
        minor = 0;
        var scaled = amount * Pow10(decimals);
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue || scaled < long.MinValue)
        {
            return false;
        }
        minor = (long)scaled;
        return true;
    }

    public static long ToMinor(decimal amount, int decimals) =>
        TryToMinor(amount, decimals, out var minor)
            ? minor
            : throw new ArgumentOutOfRangeException(nameof(amount), $"{amount} does not fit {decimals} decimals.");

    public static decimal FromMinor(long minor, int decimals) => minor / Pow10(decimals);

    /// <summary>Fixed-point text with exactly <paramref name="decimals"/> places, as the API shows amounts.</summary>
    public static string Format(decimal amount, int decimals) =>
        decimal.Round(amount, decimals).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static decimal Pow10(int n)
    {
        decimal p = 1;
        for (var i = 0; i < n; i++)
        {
            p *= 10;
        }
        return p;
    }
}
