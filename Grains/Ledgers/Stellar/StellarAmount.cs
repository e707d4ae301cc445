using System.Globalization;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>
/// Conversions between decimal amount strings ("12.5", "0.0000001") and int64 stroops (1 unit = 10^7 stroops).
/// Pure integer arithmetic: no floating point anywhere.
/// </summary>
public static class StellarAmount
{
    public const long StroopsPerUnit = 10_000_000;
    public const int MaxDecimals = 7;

    /// <summary>Parses a non-negative decimal string with at most 7 decimals; throws FormatException otherwise.</summary>
    public static long ParseStroops(string amount)
    {
        if (!TryParseStroops(amount, out var stroops, out var error))
        {
            throw new FormatException($"Invalid amount '{amount}': {error}.");
        }
        return stroops;
    }

    public static bool TryParseStroops(string? amount, out long stroops) => TryParseStroops(amount, out stroops, out _);

    public static bool TryParseStroops(string? amount, out long stroops, out string error)
    {
        stroops = 0;
        if (string.IsNullOrEmpty(amount))
        {
            error = "empty";
            return false;
        }
        var dot = amount.IndexOf('.');
        var whole = dot < 0 ? amount : amount[..dot];
        var frac = dot < 0 ? string.Empty : amount[(dot + 1)..];
        if (whole.Length == 0 || !whole.All(char.IsAsciiDigit) || (dot >= 0 && frac.Length == 0) || !frac.All(char.IsAsciiDigit))
        {
            error = "expected digits with an optional '.' and fraction digits";
            return false;
        }
        if (frac.Length > MaxDecimals)
        {
            error = "more than 7 decimal places";
            return false;
        }
        whole = whole.TrimStart('0');
        if (whole.Length > 12)
        {
            error = "too large";
            return false;
        }
        var w = whole.Length == 0 ? 0L : long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
        var f = frac.Length == 0 ? 0L : long.Parse(frac.PadRight(MaxDecimals, '0'), NumberStyles.None, CultureInfo.InvariantCulture);
        // 922337203685 * 10^7 + 4775807 = long.MaxValue
        if (w > long.MaxValue / StroopsPerUnit || (w == long.MaxValue / StroopsPerUnit && f > long.MaxValue % StroopsPerUnit))
        {
            error = "too large";
            return false;
        }
        stroops = w * StroopsPerUnit + f;
        error = string.Empty;
        return true;
    }

    /// <summary>Formats stroops as a decimal string with exactly 7 decimals ("12.5000000"); negative values keep their sign.</summary>
    public static string FormatStroops(long stroops)
    {
        var negative = stroops < 0;
        var magnitude = negative ? (ulong)(-(stroops + 1)) + 1 : (ulong)stroops;
        var whole = magnitude / StroopsPerUnit;
        var frac = magnitude % StroopsPerUnit;
        return string.Create(CultureInfo.InvariantCulture, $"{(negative ? "-" : "")}{whole}.{frac:D7}");
    }
}
