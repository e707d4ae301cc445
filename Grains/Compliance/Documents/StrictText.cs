namespace Rowell.Grains.Compliance.Documents;

/// <summary>
/// Character rules shared by the validators. Document numbers are compared byte for byte with what an issuer
/// printed, so input is never normalised: a fullwidth "１", an Arabic-Indic digit, a Cyrillic "А" that looks
/// like a Latin "A", or a stray space is a wrong number, not a number to be cleaned up. Normalising would let
/// two different strings pass as one document (and let a look-alike slip past a blocklist comparison).
/// </summary>
public static class StrictText
{
    public static bool AllAsciiDigits(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return s.Length > 0;
    }

    public static bool AllAsciiUpperAlphanumeric(string s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c) && !char.IsAsciiLetterUpper(c))
            {
                return false;
            }
        }
        return s.Length > 0;
    }

    /// <summary>The first problem with characters that are not plain ASCII digits (whitespace named separately), or null.</summary>
    public static DocumentProblem? DigitsOnly(string s, string what)
    {
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                return new DocumentProblem(DocumentCodes.Whitespace, $"{what} must not contain spaces or other whitespace.");
            }
        }
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return c > 0x7f
                    ? new DocumentProblem(DocumentCodes.NonAsciiDigit, $"{what} must use the digits 0-9 only (U+{(int)c:X4} is not one).")
                    : new DocumentProblem(DocumentCodes.Format, $"{what} must be digits only.");
            }
        }
        return null;
    }

    /// <summary>Luhn (mod 10) over ASCII digits, the check digit included last.</summary>
    public static bool LuhnValid(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
