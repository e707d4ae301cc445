using System.Globalization;

namespace Rowell.Grains.Compliance.Documents;

/// <summary>
/// The offline checks of an identity document, by type and issuing country: structure, the check digits an issuer
/// publishes (South African ID: Luhn; passports: the ICAO 9303 MRZ check digits), a real birth date and agreement
/// with the date of birth given. Pure: the same input gives the same answer, and "today" is a parameter.
/// What cannot be checked offline (that a BVN or NIN is registered to this person) is not claimed:
/// <see cref="DocumentCheck.ChecksumVerified"/> says whether anything beyond the format was verified.
/// </summary>
public static class IdDocumentValidator
{
    public static readonly IReadOnlyList<string> DocumentTypes = ["passport", "national_id", "drivers_license", "bvn", "nin", "sa_id", "ghana_card"];

    public static DocumentCheck Validate(string documentType, string number, string country, DateOnly dateOfBirth, string? mrz, DateOnly today) => documentType switch
    {
        "bvn" => InCountry(country, "NG", "A BVN", () => ElevenDigits(number, "A BVN")),
        "nin" => InCountry(country, "NG", "A NIN", () => ElevenDigits(number, "A NIN")),
        "sa_id" => InCountry(country, "ZA", "A South African ID", () => SouthAfricanId(number, dateOfBirth)),
        "ghana_card" => InCountry(country, "GH", "A Ghana Card", () => GhanaCard(number)),
        "national_id" => country switch
        {
            "KE" => KenyaNationalId(number),
            "NG" => ElevenDigits(number, "A Nigerian national ID (NIN)"),
            "ZA" => SouthAfricanId(number, dateOfBirth),
            "GH" => GhanaCard(number),
            _ => Generic(number, "A national ID number", 5, 20),
        },
        "passport" => Passport(number, dateOfBirth, mrz, today),
        "drivers_license" => Generic(number, "A driver's licence number", 5, 20),
        _ => DocumentCheck.Invalid(DocumentCodes.UnsupportedType, $"document_type must be one of {string.Join(", ", DocumentTypes)}."),
    };

    private static DocumentCheck InCountry(string country, string expected, string what, Func<DocumentCheck> check) =>
        country == expected ? check() : DocumentCheck.Invalid(DocumentCodes.Country, $"{what} is issued by {expected}, not {country}.");

    public static DocumentCheck ElevenDigits(string number, string what)
    {
        if (StrictText.DigitsOnly(number, what) is { } problem)
        {
            return new DocumentCheck(false, [problem], false);
        }
        return number.Length == 11
            ? DocumentCheck.Valid(checksumVerified: false)
            : DocumentCheck.Invalid(DocumentCodes.Length, $"{what} has 11 digits, not {number.Length}.");
    }

    public static DocumentCheck KenyaNationalId(string number)
    {
        if (StrictText.DigitsOnly(number, "A Kenyan national ID") is { } problem)
        {
            return new DocumentCheck(false, [problem], false);
        }
        return number.Length is 7 or 8
            ? DocumentCheck.Valid(checksumVerified: false)
            : DocumentCheck.Invalid(DocumentCodes.Length, $"A Kenyan national ID has 7 or 8 digits, not {number.Length}.");
    }

    /// <summary>GHA-#########-#: the prefix in ASCII capitals, nine digits, a hyphen and one digit.</summary>
    public static DocumentCheck GhanaCard(string number)
    {
        if (number.Any(char.IsWhiteSpace))
        {
            return DocumentCheck.Invalid(DocumentCodes.Whitespace, "A Ghana Card number must not contain spaces.");
        }
        if (number.Length != 15 || !number.StartsWith("GHA-", StringComparison.Ordinal) || number[13] != '-')
        {
            return DocumentCheck.Invalid(DocumentCodes.Format, "A Ghana Card number looks like GHA-123456789-0.");
        }
        var digits = string.Concat(number.AsSpan(4, 9), number.AsSpan(14, 1));
        return StrictText.DigitsOnly(digits, "A Ghana Card number") is { } problem
            ? new DocumentCheck(false, [problem], false)
            : DocumentCheck.Valid(checksumVerified: false);
    }

    /// <summary>
    /// YYMMDD SSSS C A Z: a real birth date that agrees with <paramref name="dateOfBirth"/>, citizenship 0 (citizen)
    /// or 1 (permanent resident), and Z the Luhn check digit over the first twelve.
    /// </summary>
    public static DocumentCheck SouthAfricanId(string number, DateOnly dateOfBirth)
    {
        if (StrictText.DigitsOnly(number, "A South African ID") is { } problem)
        {
            return new DocumentCheck(false, [problem], false);
        }
        if (number.Length != 13)
        {
            return DocumentCheck.Invalid(DocumentCodes.Length, $"A South African ID has 13 digits, not {number.Length}.");
        }
        var yy = int.Parse(number.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var mm = int.Parse(number.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var dd = int.Parse(number.AsSpan(4, 2), CultureInfo.InvariantCulture);
        // The century is not encoded: the date is real if it exists in 19YY or 20YY (29 February differs).
        if (!IsDate(1900 + yy, mm, dd) && !IsDate(2000 + yy, mm, dd))
        {
            return DocumentCheck.Invalid(DocumentCodes.BirthDate, $"{number[..6]} is not a real YYMMDD birth date.");
        }
        if (number[10] is not ('0' or '1'))
        {
            return DocumentCheck.Invalid(DocumentCodes.Citizenship, "The 11th digit of a South African ID is 0 (citizen) or 1 (permanent resident).");
        }
        if (!StrictText.LuhnValid(number))
        {
            return DocumentCheck.Invalid(DocumentCodes.Checksum, "The South African ID's check digit (Luhn) does not match.");
        }
        if (dateOfBirth.Year % 100 != yy || dateOfBirth.Month != mm || dateOfBirth.Day != dd)
        {
            return DocumentCheck.Invalid(DocumentCodes.BirthDateMismatch, "The birth date in the South African ID differs from date_of_birth.");
        }
        return DocumentCheck.Valid(checksumVerified: true);
    }

    private static bool IsDate(int year, int month, int day) =>
        month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    /// <summary>Without an MRZ: 6–9 ASCII capitals and digits (the MRZ document-number field). With one: every ICAO 9303 check.</summary>
    public static DocumentCheck Passport(string number, DateOnly dateOfBirth, string? mrz, DateOnly today)
    {
        var format = Generic(number, "A passport number", 6, 9);
        if (!format.IsValid || mrz is null)
        {
            return format;
        }
        return Mrz.ValidateTd3(mrz, number, dateOfBirth, today);
    }

    public static DocumentCheck Generic(string number, string what, int min, int max)
    {
        if (number.Any(char.IsWhiteSpace))
        {
            return DocumentCheck.Invalid(DocumentCodes.Whitespace, $"{what} must not contain spaces.");
        }
        if (!StrictText.AllAsciiUpperAlphanumeric(number))
        {
            return DocumentCheck.Invalid(number.Any(c => c > 0x7f) ? DocumentCodes.NonAsciiDigit : DocumentCodes.Format,
                $"{what} uses the capital letters A-Z and digits 0-9 only.");
        }
        return number.Length >= min && number.Length <= max
            ? DocumentCheck.Valid(checksumVerified: false)
            : DocumentCheck.Invalid(DocumentCodes.Length, $"{what} has {min} to {max} characters, not {number.Length}.");
    }
}
