using CsCheck;
using Rowell.Abstractions.Common;
using M = Rowell.Abstractions.Common.Money;

namespace Rowell.Tests.Money;

/// <summary>The amount grammar and the decimal ⇄ minor-unit conversions, for all inputs (CsCheck).</summary>
public sealed class MoneyGrammarTests
{
    private static readonly Gen<int> Decimals = Gen.Int[0, 8];

    [Fact]
    public void Formatting_minor_units_and_parsing_the_text_back_is_the_identity()
    {
        Gen.Select(Gen.Long[0, long.MaxValue], Decimals).Sample((minor, decimals) =>
        {
            var text = M.FormatMinor(minor, decimals);
            Assert.True(M.TryParse(text, out var parsed, out var error), $"{text}: {error}");
            Assert.True(M.TryToMinor(parsed, decimals, out var back));
            Assert.Equal(minor, back);
        }, iter: 20_000);
    }

    [Fact]
    public void Any_text_of_digits_and_one_point_parses_to_the_value_it_spells()
    {
        var digits = Gen.Char['0', '9'].Array[1, 19].Select(c => new string(c));
        var fraction = Gen.Char['0', '9'].Array[1, 9].Select(c => new string(c));
        Gen.Select(digits, fraction, Gen.Bool).Sample((whole, frac, withPoint) =>
        {
            var text = withPoint ? whole + "." + frac : whole;
            Assert.True(M.TryParse(text, out var value, out _), text);
            Assert.Equal(decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture), value);
        }, iter: 20_000);
    }

    [Fact]
    public void Any_text_with_a_character_outside_the_grammar_is_refused_and_never_throws()
    {
        var valid = Gen.Long[0, long.MaxValue].Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture));
        // Anything but an ASCII digit or a point: signs, exponents, spaces, controls, other scripts' digits, surrogates.
        var bad = Gen.Char.Where(c => c is not (>= '0' and <= '9') and not '.');
        Gen.Select(valid, bad, Gen.Int[0, 20]).Sample((text, c, at) =>
        {
            var position = Math.Min(at, text.Length);
            var spoiled = text[..position] + c + text[position..];
            Assert.False(M.TryParse(spoiled, out _, out var error), spoiled);
            Assert.Equal(M.ParseError.Malformed, error);
        }, iter: 20_000);
    }

    [Fact]
    public void Arbitrary_strings_never_throw_and_only_grammar_strings_parse()
    {
        Gen.String.Sample(text =>
        {
            var ok = M.TryParse(text, out var value, out _);
            var grammar = System.Text.RegularExpressions.Regex.IsMatch(text, @"\A[0-9]+(\.[0-9]+)?\z");
            if (ok)
            {
                Assert.True(grammar, text);
                Assert.True(value >= 0);
            }
        }, iter: 20_000);
    }

    [Fact]
    public void To_minor_never_throws_and_refuses_what_does_not_fit_exactly()
    {
        Gen.Select(Gen.Decimal, Decimals).Sample((amount, decimals) =>
        {
            if (M.TryToMinor(amount, decimals, out var minor))
            {
                Assert.True(minor >= 0);
                Assert.Equal(amount, M.FromMinor(minor, decimals));
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("12\n")]
    [InlineData("١٢")]
    [InlineData("1e5")]
    [InlineData("-5")]
    [InlineData("99999999999999999999")]
    [InlineData("0.0000000001")]
    public void Known_bad_texts_are_refused(string text) => Assert.False(M.TryParse(text, out _, out _));

    [Theory]
    [InlineData("0", "0")]
    [InlineData("007.50", "7.5")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    [InlineData("1.000000000000", "1")]
    public void Leading_and_trailing_zeros_do_not_count_towards_the_limits(string text, string expected)
    {
        Assert.True(M.TryParse(text, out var value, out _));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }
}
