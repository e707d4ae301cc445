using System.Globalization;

namespace Rowell.Abstractions.Common;

/// <summary>
/// Decimal ⇄ integer minor units (stroops, tinybars, token units). Ledgers only ever see integers;
/// a value that does not fit the asset's precision is refused, never rounded.
/// </summary>
/// <remarks>
/// The one amount grammar of the API (every amount the edge reads goes through <see cref="TryParse"/>):
/// <c>digits [ "." digits ]</c> — ASCII 0-9 only, at least one digit on each side of the one optional
/// point, no sign, no exponent, no whitespace or control characters anywhere, at most
/// <see cref="MaxTextLength"/> characters. Past that, at most <see cref="MaxIntegerDigits"/> significant
/// integer digits and <see cref="MaxFractionDigits"/> significant decimals, so the value is held exactly
/// by a <see cref="decimal"/> (28 digits) and nothing is ever rounded on the way in.
/// </remarks>
public static class Money
{
    public const int MaxTextLength = 64;
    public const int MaxIntegerDigits = 19;
    public const int MaxFractionDigits = 9;

    /// <summary>Why <see cref="TryParse"/> refused a text; the message is safe to show the caller.</summary>
    public enum ParseError
    {
        None,
        Malformed,
        TooLarge,
        TooPrecise,
    }

    /// <summary>Parses <paramref name="text"/> by the grammar above; never throws.</summary>
    public static bool TryParse(string? text, out decimal amount, out ParseError error)
    {
        amount = 0;
        error = ParseError.Malformed;
        if (string.IsNullOrEmpty(text) || text.Length > MaxTextLength)
        {
            return false;
        }
        var point = -1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '.' && point < 0)
            {
                point = i;
            }
            else if (c is < '0' or > '9')
            {
                return false;
            }
        }
        if (point == 0 || point == text.Length - 1)
        {
            return false;
        }
        var integer = (point < 0 ? text : text[..point]).TrimStart('0');
        var fraction = point < 0 ? "" : text[(point + 1)..].TrimEnd('0');
        if (integer.Length > MaxIntegerDigits)
        {
            error = ParseError.TooLarge;
            return false;
        }
        if (fraction.Length > MaxFractionDigits)
        {
            error = ParseError.TooPrecise;
            return false;
        }
        // At most 19 + 9 = 28 significant digits: decimal holds them exactly.
        amount = decimal.Parse(
            (integer.Length == 0 ? "0" : integer) + (fraction.Length == 0 ? "" : "." + fraction),
            NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        error = ParseError.None;
        return true;
    }

    /// <summary>The caller-facing sentence for a refused amount text.</summary>
    public static string Describe(ParseError error, string field) => error switch
    {
        ParseError.TooLarge => $"{field} is too large.",
        ParseError.TooPrecise => $"{field} has more than {MaxFractionDigits} decimal places.",
        _ => $"{field} must be a plain decimal string such as \"12.50\": ASCII digits with at most one '.', no sign, exponent or spaces.",
    };

    /// <summary>
    /// <paramref name="amount"/> in minor units, if it is not negative, has at most <paramref name="decimals"/>
    /// decimals and fits an int64. Never throws, whatever the decimal.
    /// </summary>
    public static bool TryToMinor(decimal amount, int decimals, out long minor)
    {
        minor = 0;
        if (decimals is < 0 or > 18 || amount < 0)
        {
            return false;
        }
        var scale = Pow10(decimals);
        // Compare before multiplying: amount * scale can overflow decimal itself for large amounts.
        if (amount > long.MaxValue / scale)
        {
            return false;
        }
        var scaled = amount * scale;
        if (scaled != decimal.Truncate(scaled) || scaled > long.MaxValue)
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

    /// <summary>Minor units as the API shows them: <see cref="Format(decimal, int)"/> of the exact decimal.</summary>
    public static string FormatMinor(long minor, int decimals) => Format(FromMinor(minor, decimals), decimals);

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
