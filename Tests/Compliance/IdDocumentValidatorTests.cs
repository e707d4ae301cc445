using Rowell.Grains.Compliance.Documents;

namespace Rowell.Tests.Compliance;

/// <summary>Table tests of the offline document checks: at least ten valid and ten invalid numbers per ID type.</summary>
public sealed class IdDocumentValidatorTests
{
    private static readonly DateOnly Today = new(2026, 12, 1);
    private static readonly DateOnly AnyBirth = new(1990, 1, 1);

    private static DocumentCheck Check(string type, string number, string country, DateOnly? dob = null, string? mrz = null) =>
        IdDocumentValidator.Validate(type, number, country, dob ?? AnyBirth, mrz, Today);

    private static void Invalid(DocumentCheck check, string code)
    {
        Assert.False(check.IsValid);
        Assert.Contains(check.Problems, p => p.Code == code);
    }

    // ---- Nigeria: BVN and NIN, 11 ASCII digits --------------------------------------------------------------

    public static TheoryData<string> ElevenDigitValid => new()
    {
        "22212345678", "22100000001", "12345678901", "00000000000", "99999999999", "22398765432",
        "10293847561", "22222222222", "31415926535", "27182818284", "22150001111",
    };

    public static TheoryData<string, string> ElevenDigitInvalid => new()
    {
        { "2221234567", DocumentCodes.Length },            // 10 digits
        { "222123456789", DocumentCodes.Length },          // 12 digits
        { "2221234567A", DocumentCodes.Format },           // a letter
        { "222-1234567", DocumentCodes.Format },           // punctuation
        { "2221234567O", DocumentCodes.Format },           // letter O for zero (look-alike)
        { " 22212345678", DocumentCodes.Whitespace },      // leading space: rejected, not trimmed
        { "22212345678 ", DocumentCodes.Whitespace },      // trailing space
        { "222 1234 5678", DocumentCodes.Whitespace },     // grouped with spaces
        { "22212345678\n", DocumentCodes.Whitespace },     // a line break
        { "2221234567\u00A08", DocumentCodes.Whitespace }, // no-break space
        { "２２２１２３４５６７８", DocumentCodes.NonAsciiDigit }, // fullwidth digits
        { "\u0662\u0662\u0662\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668", DocumentCodes.NonAsciiDigit }, // Arabic-Indic digits
    };

    [Theory, MemberData(nameof(ElevenDigitValid))]
    public void Valid_bvn(string bvn) => Assert.True(Check("bvn", bvn, "NG").IsValid);

    [Theory, MemberData(nameof(ElevenDigitInvalid))]
    public void Invalid_bvn(string bvn, string code) => Invalid(Check("bvn", bvn, "NG"), code);

    [Theory, MemberData(nameof(ElevenDigitValid))]
    public void Valid_nin(string nin) => Assert.True(Check("nin", nin, "NG").IsValid);

    [Theory, MemberData(nameof(ElevenDigitInvalid))]
    public void Invalid_nin(string nin, string code) => Invalid(Check("nin", nin, "NG"), code);

    [Fact]
    public void A_bvn_or_nin_is_Nigerian()
    {
        Invalid(Check("bvn", "22212345678", "GH"), DocumentCodes.Country);
        Invalid(Check("nin", "22212345678", "KE"), DocumentCodes.Country);
        Assert.False(Check("bvn", "22212345678", "NG").ChecksumVerified); // honest: no check digit exists offline
    }

    // ---- South Africa: YYMMDD SSSS C A Z, Luhn, agreeing with the date of birth -------------------------------

    public static TheoryData<string, string> SouthAfricanValid => new()
    {
        { "8502285305089", "1985-02-28" },
        { "9007152471187", "1990-07-15" },
        { "0101016468080", "2001-01-01" },
        { "7512310791188", "1975-12-31" },
        { "0002291186084", "2000-02-29" }, // leap day of 2000
        { "6411098779187", "1964-11-09" },
        { "9909091542087", "1999-09-09" },
        { "0306305991185", "2003-06-30" },
        { "8804129548084", "1988-04-12" },
        { "7001200950187", "1970-01-20" },
        { "9602298313085", "1996-02-29" },
        { "0510053517189", "2005-10-05" },
    };

    public static TheoryData<string, string, string> SouthAfricanInvalid => new()
    {
        { "8502285305080", "1985-02-28", DocumentCodes.Checksum },          // Luhn digit off by one
        { "8502285305098", "1985-02-28", DocumentCodes.Checksum },          // two digits swapped
        { "9902301234082", "1999-02-28", DocumentCodes.BirthDate },         // 30 February (Luhn-valid)
        { "0102291234080", "2001-02-28", DocumentCodes.BirthDate },         // 29 February in neither 1901 nor 2001
        { "8513281234082", "1985-12-28", DocumentCodes.BirthDate },         // month 13
        { "8502001234084", "1985-02-01", DocumentCodes.BirthDate },         // day 0
        { "8502281234283", "1985-02-28", DocumentCodes.Citizenship },       // citizenship digit 2
        { "8502285305089", "1985-02-27", DocumentCodes.BirthDateMismatch }, // valid ID, other birth date
        { "0002291186084", "2000-03-01", DocumentCodes.BirthDateMismatch }, // valid leap-day ID, the day after
        { "850228530508", "1985-02-28", DocumentCodes.Length },             // 12 digits
        { "85022853050890", "1985-02-28", DocumentCodes.Length },           // 14 digits
        { "850228530508X", "1985-02-28", DocumentCodes.Format },            // a letter
        { "850228 5305089", "1985-02-28", DocumentCodes.Whitespace },       // a space
        { "８502285305089", "1985-02-28", DocumentCodes.NonAsciiDigit },    // a fullwidth 8
    };

    [Theory, MemberData(nameof(SouthAfricanValid))]
    public void Valid_south_african_id(string id, string dob)
    {
        var check = Check("sa_id", id, "ZA", DateOnly.Parse(dob));
        Assert.True(check.IsValid, string.Join("; ", check.Problems.Select(p => p.Message)));
        Assert.True(check.ChecksumVerified);
    }

    [Theory, MemberData(nameof(SouthAfricanInvalid))]
    public void Invalid_south_african_id(string id, string dob, string code)
    {
        Invalid(Check("sa_id", id, "ZA", DateOnly.Parse(dob)), code);
    }

    [Fact]
    public void A_south_african_id_as_national_id_of_ZA_gets_the_same_checks()
    {
        Assert.True(Check("national_id", "8502285305089", "ZA", new DateOnly(1985, 2, 28)).IsValid);
        Invalid(Check("national_id", "8502285305080", "ZA", new DateOnly(1985, 2, 28)), DocumentCodes.Checksum);
        Invalid(Check("sa_id", "8502285305089", "NG", new DateOnly(1985, 2, 28)), DocumentCodes.Country);
    }

    [Fact]
    public void Luhn_matches_known_vectors()
    {
        Assert.True(StrictText.LuhnValid("79927398713"));
        Assert.False(StrictText.LuhnValid("79927398710"));
        Assert.True(StrictText.LuhnValid("4539578763621486"));
    }

    // ---- Ghana Card: GHA-#########-# ----------------------------------------------------------------------------

    public static TheoryData<string> GhanaValid => new()
    {
        "GHA-123456789-0", "GHA-000000000-0", "GHA-999999999-9", "GHA-712345678-3", "GHA-100200300-4",
        "GHA-246813579-5", "GHA-555555555-5", "GHA-713000111-7", "GHA-987654321-1", "GHA-010203040-2", "GHA-720000001-8",
    };

    public static TheoryData<string, string> GhanaInvalid => new()
    {
        { "GHA-12345678-0", DocumentCodes.Format },     // 8 digits
        { "GHA-1234567890-0", DocumentCodes.Format },   // 10 digits
        { "gha-123456789-0", DocumentCodes.Format },    // lower case prefix
        { "GHA123456789-0", DocumentCodes.Format },     // missing hyphen
        { "GHA-123456789-", DocumentCodes.Format },     // missing check digit
        { "GHA-123456789-01", DocumentCodes.Format },   // two check digits
        { "GHA-12345678X-0", DocumentCodes.Format },    // a letter
        { "GHA-123456789-0 ", DocumentCodes.Whitespace },
        { "GHA 123456789 0", DocumentCodes.Whitespace },
        { "\u0413HA-123456789-0", DocumentCodes.Format }, // Cyrillic Г in place of G
        { "GH\u0410-123456789-0", DocumentCodes.Format }, // Cyrillic А that looks like Latin A
        { "GHA-12345678９-0", DocumentCodes.NonAsciiDigit }, // a fullwidth 9
        { "GHA–123456789–0", DocumentCodes.Format },    // en dashes
    };

    [Theory, MemberData(nameof(GhanaValid))]
    public void Valid_ghana_card(string number) => Assert.True(Check("ghana_card", number, "GH").IsValid);

    [Theory, MemberData(nameof(GhanaInvalid))]
    public void Invalid_ghana_card(string number, string code) => Invalid(Check("ghana_card", number, "GH"), code);

    // ---- Kenya national ID: 7–8 digits -----------------------------------------------------------------------------

    public static TheoryData<string> KenyaValid => new()
    {
        "1234567", "12345678", "0000000", "99999999", "2345678", "30123456", "7654321", "10000000", "3141592", "27182818", "20202020",
    };

    public static TheoryData<string, string> KenyaInvalid => new()
    {
        { "123456", DocumentCodes.Length },
        { "123456789", DocumentCodes.Length },
        { "1234567A", DocumentCodes.Format },
        { "12-34567", DocumentCodes.Format },
        { "1234 567", DocumentCodes.Whitespace },
        { "1234567\t", DocumentCodes.Whitespace },
        { " 1234567", DocumentCodes.Whitespace },
        { "１２３４５６７", DocumentCodes.NonAsciiDigit },
        { "\u0967\u0968\u0969\u096A\u096B\u096C\u096D", DocumentCodes.NonAsciiDigit }, // Devanagari digits
        { "l234567", DocumentCodes.Format },   // lower-case L for 1
        { "", DocumentCodes.Length },
    };

    [Theory, MemberData(nameof(KenyaValid))]
    public void Valid_kenya_national_id(string number) => Assert.True(Check("national_id", number, "KE").IsValid);

    [Theory, MemberData(nameof(KenyaInvalid))]
    public void Invalid_kenya_national_id(string number, string code) => Invalid(Check("national_id", number, "KE"), code);

    // ---- Passports: generic 6–9 capitals and digits; with an MRZ every ICAO 9303 check --------------------------

    public static TheoryData<string, string, string?> PassportValid => new()
    {
        { "A12345678", "1985-02-28", null },
        { "L898902C3", "1974-08-12", null },
        { "123456", "1990-01-01", null },
        { "AB1234567", "1990-01-01", null },
        { "X0000001", "1990-01-01", null },
        { "A12345678", "1985-02-28", "P<NGAADEYEMI<<TUNDE<<<<<<<<<<<<<<<<<<<<<<<<<\nA123456784NGA8502289M3001019<<<<<<<<<<<<<<<8" },
        { "L898902C3", "1974-08-12", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F3204153<<<<<<<<<<<<<<<4" },
        { "M1234567", "1990-07-15", "P<KENOTIENO<<GRACE<<<<<<<<<<<<<<<<<<<<<<<<<<\nM1234567<0KEN9007150F3106305<<<<<<<<<<<<<<<6" },
        { "G0001234", "1975-12-31", "P<GHAMENSAH<<KOFI<<<<<<<<<<<<<<<<<<<<<<<<<<<\r\nG0001234<0GHA7512319M2901019<<<<<<<<<<<<<<<4" },
        { "P4366918", "2001-01-01", "P<ZAFNDLOVU<<THANDI<<<<<<<<<<<<<<<<<<<<<<<<<P4366918<0ZAF0101011F3312120<<<<<<<<<<<<<<<6" },
        { "A98765432", "1988-11-11", "P<NGAOKAFOR<<CHIDI<<<<<<<<<<<<<<<<<<<<<<<<<<\nA987654326NGA8811112M280202412345678901<<<04" },
    };

    private const string Line1 = "P<NGAADEYEMI<<TUNDE<<<<<<<<<<<<<<<<<<<<<<<<<";
    private const string Line2 = "A123456784NGA8502289M3001019<<<<<<<<<<<<<<<8";

    public static TheoryData<string, string, string?, string> PassportInvalid => new()
    {
        { "A1234", "1985-02-28", null, DocumentCodes.Length },
        { "A123456789", "1985-02-28", null, DocumentCodes.Length },
        { "a12345678", "1985-02-28", null, DocumentCodes.Format },
        { "A1234 678", "1985-02-28", null, DocumentCodes.Whitespace },
        { "A-1234567", "1985-02-28", null, DocumentCodes.Format },
        { "A１2345678", "1985-02-28", null, DocumentCodes.NonAsciiDigit },
        { "\u041012345678", "1985-02-28", null, DocumentCodes.NonAsciiDigit }, // Cyrillic А
        { "A12345678", "1985-02-28", Line1 + "\n" + "A123456785NGA8502289M3001019<<<<<<<<<<<<<<<8", DocumentCodes.MrzCheckDigit }, // document number check
        { "A12345678", "1985-02-28", Line1 + "\n" + "A123456784NGA8502288M3001019<<<<<<<<<<<<<<<8", DocumentCodes.MrzCheckDigit }, // birth date check
        { "A12345678", "1985-02-28", Line1 + "\n" + "A123456784NGA8502289M3001018<<<<<<<<<<<<<<<8", DocumentCodes.MrzCheckDigit }, // expiry check
        { "A12345678", "1985-02-28", Line1 + "\n" + "A123456784NGA8502289M3001019<<<<<<<<<<<<<<<7", DocumentCodes.MrzCheckDigit }, // composite
        { "A12345679", "1985-02-28", Line1 + "\n" + Line2, DocumentCodes.MrzMismatch },
        { "A12345678", "1985-03-28", Line1 + "\n" + Line2, DocumentCodes.BirthDateMismatch },
        { "L898902C3", "1974-08-12", "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10", DocumentCodes.MrzExpired }, // ICAO's own specimen, expired 2012
        { "A12345678", "1985-02-28", Line1 + "\n" + Line2[..43], DocumentCodes.MrzFormat },
        { "A12345678", "1985-02-28", Line1.ToLowerInvariant() + "\n" + Line2, DocumentCodes.MrzFormat },
        { "A12345678", "1985-02-28", "V" + Line1[1..] + "\n" + Line2, DocumentCodes.MrzFormat },
    };

    [Theory, MemberData(nameof(PassportValid))]
    public void Valid_passport(string number, string dob, string? mrz)
    {
        var check = Check("passport", number, "NG", DateOnly.Parse(dob), mrz);
        Assert.True(check.IsValid, string.Join("; ", check.Problems.Select(p => p.Message)));
        Assert.Equal(mrz is not null, check.ChecksumVerified);
    }

    [Theory, MemberData(nameof(PassportInvalid))]
    public void Invalid_passport(string number, string dob, string? mrz, string code) =>
        Invalid(Check("passport", number, "NG", DateOnly.Parse(dob), mrz), code);

    [Fact]
    public void Mrz_check_digits_match_the_icao_specimen()
    {
        Assert.Equal(6, Mrz.CheckDigit("L898902C3"));
        Assert.Equal(2, Mrz.CheckDigit("740812"));
        Assert.Equal(9, Mrz.CheckDigit("120415"));
        Assert.Equal(1, Mrz.CheckDigit("ZE184226B<<<<<"));
    }

    // ---- Generic: driver's licences and national IDs of other countries -------------------------------------------

    public static TheoryData<string> GenericValid => new()
    {
        "AB12345", "12345", "DL1234567890", "ZX9Y8W7V6", "A1B2C3D4E5F6G7H8I9J0", "KDL000123", "00001", "LAG12345AA01", "ABCDE", "N0123456789", "GP12AB34",
    };

    public static TheoryData<string, string> GenericInvalid => new()
    {
        { "AB12", DocumentCodes.Length },
        { "A1B2C3D4E5F6G7H8I9J0K", DocumentCodes.Length },
        { "ab12345", DocumentCodes.Format },
        { "AB-12345", DocumentCodes.Format },
        { "AB 12345", DocumentCodes.Whitespace },
        { "AB12345\n", DocumentCodes.Whitespace },
        { "AB1234５", DocumentCodes.NonAsciiDigit },
        { "\u0410B12345", DocumentCodes.NonAsciiDigit },
        { "AB12345!", DocumentCodes.Format },
        { "ÀB12345", DocumentCodes.NonAsciiDigit },
        { "AB_12345", DocumentCodes.Format },
    };

    [Theory, MemberData(nameof(GenericValid))]
    public void Valid_drivers_license(string number) => Assert.True(Check("drivers_license", number, "NG").IsValid);

    [Theory, MemberData(nameof(GenericInvalid))]
    public void Invalid_drivers_license(string number, string code) => Invalid(Check("drivers_license", number, "NG"), code);

    [Theory, MemberData(nameof(GenericValid))]
    public void Valid_national_id_elsewhere(string number) => Assert.True(Check("national_id", number, "UG").IsValid);

    [Fact]
    public void Unknown_document_types_are_refused() =>
        Invalid(Check("library_card", "12345", "NG"), DocumentCodes.UnsupportedType);

    [Theory]
    [InlineData("22212345678", "*******5678")]
    [InlineData("GHA-123456789-0", "***-******789-0")]
    [InlineData("A12345678", "*****5678")]
    [InlineData("1234567", "****567")]
    public void Document_numbers_are_masked(string number, string masked) => Assert.Equal(masked, DocumentVault.Mask(number));
}
