using System.Globalization;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Amounts inside analytics: integer units of 10⁻⁸ of an asset (the finest precision of any asset we move:
/// HBAR's tinybar; XLM and Stellar USDC have 7 places, Hedera USDC 6), so USDC from both networks adds up
/// exactly. All arithmetic on them is checked: an overflow is an error, never a wrong total.
/// </summary>
public static class Units
{
    public const int Scale = 8;
    private const decimal PerUnit = 100_000_000m;

    public static long Parse(string? amount)
    {
        if (string.IsNullOrEmpty(amount))
        {
            return 0;
        }
        var value = decimal.Parse(amount, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var scaled = value * PerUnit;
        if (scaled != decimal.Truncate(scaled))
        {
            throw new FormatException($"Amount '{amount}' has more than {Scale} decimal places.");
        }
        return checked((long)scaled);
    }

    public static decimal ToDecimal(long units) => units / PerUnit;

    /// <summary>The amount as a plain decimal string without trailing zeros ("12.5", "0", "0.0000001").</summary>
    public static string Format(long units) => Normal(ToDecimal(units));

    public static string Normal(decimal value)
    {
        var s = value.ToString("0.############################", CultureInfo.InvariantCulture);
        return s == "-0" ? "0" : s;
    }

    public static void Add(IDictionary<string, long> into, string asset, long units) =>
        into[asset] = checked((into.TryGetValue(asset, out var had) ? had : 0) + units);
}
