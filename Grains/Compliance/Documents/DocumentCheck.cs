namespace Rowell.Grains.Compliance.Documents;

/// <summary>One failed check of a document: a stable machine-readable code and a sentence for people.</summary>
public sealed record DocumentProblem(string Code, string Message);

/// <summary>The outcome of the offline checks of one identity document.</summary>
public sealed record DocumentCheck(bool IsValid, IReadOnlyList<DocumentProblem> Problems, bool ChecksumVerified)
{
    public static DocumentCheck Valid(bool checksumVerified) => new(true, [], checksumVerified);

    public static DocumentCheck Invalid(string code, string message) => new(false, [new DocumentProblem(code, message)], false);
}

/// <summary>Reason codes the validators emit (also returned in verification reasons).</summary>
public static class DocumentCodes
{
    public const string Format = "document_format_invalid";
    public const string Length = "document_length_invalid";
    public const string NonAsciiDigit = "document_non_ascii_characters";
    public const string Whitespace = "document_contains_whitespace";
    public const string Checksum = "document_checksum_invalid";
    public const string BirthDate = "document_birth_date_invalid";
    public const string BirthDateMismatch = "date_of_birth_mismatch";
    public const string Citizenship = "document_citizenship_digit_invalid";
    public const string Country = "document_country_mismatch";
    public const string MrzFormat = "mrz_format_invalid";
    public const string MrzCheckDigit = "mrz_check_digit_invalid";
    public const string MrzMismatch = "mrz_document_mismatch";
    public const string MrzExpired = "mrz_document_expired";
    public const string UnsupportedType = "document_type_unsupported";
}
