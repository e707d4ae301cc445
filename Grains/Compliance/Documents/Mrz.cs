namespace Rowell.Grains.Compliance.Documents;

/// <summary>
/// ICAO Doc 9303 machine-readable zone of a passport (TD3: two lines of 44 characters). Check digits use the
/// weights 7, 3, 1 over the character values 0-9 → 0-9, A-Z → 10-35, '&lt;' → 0, modulo 10.
/// </summary>
public static class Mrz
{
    public const int Td3LineLength = 44;

    public static int CheckDigit(ReadOnlySpan<char> field)
    {
        ReadOnlySpan<int> weights = [7, 3, 1];
        var sum = 0;
        for (var i = 0; i < field.Length; i++)
        {
            sum += Value(field[i]) * weights[i % 3];
        }
        return sum % 10;
    }

    private static int Value(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => 0, // '<' (only filler reaches here: other characters are refused before)
    };

    /// <summary>The two lines, separated by a line break or given as one run of 88 characters.</summary>
    public static (string Line1, string Line2)? SplitTd3(string mrz)
    {
        var text = mrz.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        if (lines.Length == 2 && lines[0].Length == Td3LineLength && lines[1].Length == Td3LineLength)
        {
            return (lines[0], lines[1]);
        }
        if (lines.Length == 1 && text.Length == 2 * Td3LineLength)
        {
            return (text[..Td3LineLength], text[Td3LineLength..]);
        }
        return null;
    }

    public static DocumentCheck ValidateTd3(string mrz, string documentNumber, DateOnly dateOfBirth, DateOnly today)
    {
        if (SplitTd3(mrz) is not var (line1, line2))
        {
            return DocumentCheck.Invalid(DocumentCodes.MrzFormat, "mrz must be two lines of 44 characters (ICAO 9303 TD3).");
        }
        if (!(line1 + line2).All(c => c == '<' || char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
        {
            return DocumentCheck.Invalid(DocumentCodes.MrzFormat, "mrz uses A-Z, 0-9 and '<' only.");
        }
        if (line1[0] != 'P')
        {
            return DocumentCheck.Invalid(DocumentCodes.MrzFormat, "A passport MRZ starts with P.");
        }
        var problems = new List<DocumentProblem>();
        var span = line2.AsSpan();
        Check(span[..9], span[9], "document number", problems);
        Check(span[13..19], span[19], "date of birth", problems);
        Check(span[21..27], span[27], "expiry date", problems);
        // An empty personal-number field may carry '<' as its check digit.
        if (!(span[28..42].ToString().All(c => c == '<') && span[42] == '<'))
        {
            Check(span[28..42], span[42], "personal number", problems);
        }
        var composite = string.Concat(line2.AsSpan(0, 10), line2.AsSpan(13, 7), line2.AsSpan(21, 22));
        Check(composite, span[43], "composite", problems);
        if (problems.Count > 0)
        {
            return new DocumentCheck(false, problems, false);
        }
        if (line2[..9].TrimEnd('<') != documentNumber)
        {
            problems.Add(new DocumentProblem(DocumentCodes.MrzMismatch, "The MRZ document number differs from document_number."));
        }
        if (line2.Substring(13, 6) != dateOfBirth.ToString("yyMMdd", System.Globalization.CultureInfo.InvariantCulture))
        {
            problems.Add(new DocumentProblem(DocumentCodes.BirthDateMismatch, "The MRZ date of birth differs from date_of_birth."));
        }
        if (ExpiryDate(line2.AsSpan(21, 6)) is not { } expiry)
        {
            problems.Add(new DocumentProblem(DocumentCodes.MrzFormat, "The MRZ expiry date is not a real date."));
        }
        else if (expiry < today)
        {
            problems.Add(new DocumentProblem(DocumentCodes.MrzExpired, $"The passport expired on {expiry:yyyy-MM-dd}."));
        }
        return problems.Count == 0 ? DocumentCheck.Valid(checksumVerified: true) : new DocumentCheck(false, problems, false);
    }

    private static void Check(ReadOnlySpan<char> field, char digit, string name, List<DocumentProblem> problems)
    {
        if (!char.IsAsciiDigit(digit) || digit - '0' != CheckDigit(field))
        {
            problems.Add(new DocumentProblem(DocumentCodes.MrzCheckDigit, $"The MRZ {name} check digit does not match."));
        }
    }

    /// <summary>Passports last at most a few decades: expiry years are read as 20YY.</summary>
    private static DateOnly? ExpiryDate(ReadOnlySpan<char> yymmdd)
    {
        if (!int.TryParse(yymmdd[..2], out var yy) || !int.TryParse(yymmdd[2..4], out var mm) || !int.TryParse(yymmdd[4..6], out var dd))
        {
            return null;
        }
        var year = 2000 + yy;
        return mm is >= 1 and <= 12 && dd >= 1 && dd <= DateTime.DaysInMonth(year, mm) ? new DateOnly(year, mm, dd) : null;
    }
}
