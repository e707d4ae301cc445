using CsCheck;
using Rowell.Grains.Compliance.Sanctions;

namespace Rowell.Tests.Compliance;

/// <summary>
/// The screener settles most comparisons with upper bounds instead of computing Jaro–Winkler. That is only allowed
/// if it never changes an answer: for any list and any name, it must return exactly what the plain computation —
/// every token pair and every whole key compared — returns. The plain computation is written out here, from the
/// documented measure, as the reference.
/// </summary>
public sealed class SanctionsPruningEquivalenceTests
{
    // Few, short syllables: the generated names collide, differ by a letter, share tokens — the hard cases for bounds.
    private static readonly string[] Syllables = ["ba", "lo", "ke", "mi", "tu", "sa", "ra", "an", "el", "mu", "ab", "ola"];

    private static readonly Gen<string> Word = Gen.Int[0, Syllables.Length - 1].Array[1, 3].Select(ix => string.Concat(ix.Select(i => Syllables[i])));
    private static readonly Gen<string> Person = Word.Array[1, 4].Select(w => string.Join(' ', w));

    private static readonly Gen<(string[] Listed, string[] Aliases, string Query, int? BirthYear, string? Country)> Case =
        Gen.Select(Person.Array[1, 25], Person.Array[0, 8], Person, Gen.Int[0, 2], Gen.Int[0, 4], Gen.Int[0, 60])
            .Select((listed, aliases, other, mode, country, year) =>
            {
                // A third of the queries are a listed name with one letter changed, a third a listed name as is.
                var query = mode switch
                {
                    0 => other,
                    1 => listed[year % listed.Length],
                    _ => Typo(listed[year % listed.Length], year),
                };
                return (listed, aliases, query, year < 30 ? 1950 + year : (int?)null, new[] { "NG", "KE", "GH", null, "ZA" }[country]);
            });

    [Fact]
    public void Bounded_screening_returns_exactly_what_comparing_every_pair_returns() =>
        Case.Sample(c =>
        {
            var index = new SanctionsIndex(List(c.Listed, c.Aliases));
            var subject = new ScreeningSubject(c.Query, c.BirthYear is { } y ? new DateOnly(y, 3, 1) : null, c.Country);
            var fast = SanctionsScreener.Screen(index, subject).Best;
            var plain = Reference(index, subject);
            Assert.Equal(plain?.Entry.DataId, fast?.Entry.DataId);
            Assert.Equal(plain?.MatchedName, fast?.MatchedName);
            Assert.Equal(plain?.Score, fast?.Score);
            Assert.Equal(plain?.NameScore, fast?.NameScore);
        }, iter: 3_000, seed: "0N0XIzNsQ0O2");

    [Theory]
    [InlineData("MARTHA", "MARHTA")]
    [InlineData("DWAYNE", "DUANE")]
    [InlineData("DIXON", "DICKSONX")]
    [InlineData("abab", "baba")]
    [InlineData("a", "a")]
    [InlineData("ab", "ba")]
    [InlineData("olaola", "ola")]
    public void The_pair_bound_is_never_below_jaro_winkler(string a, string b)
    {
        var bound = JaroWinklerBound.Of(a, b);
        Assert.True(bound >= JaroWinkler.Similarity(a, b), $"{a}/{b}: bound {bound} < {JaroWinkler.Similarity(a, b)}");
    }

    [Fact]
    public void The_pair_bound_holds_for_any_two_words() =>
        Gen.Select(Word, Word).Sample((a, b) => JaroWinklerBound.Of(a, b) >= JaroWinkler.Similarity(a, b), iter: 20_000);

    [Fact]
    public void The_bound_holds_for_strings_of_any_characters_the_counts_fold_together() =>
        // Digits share four buckets and every other character one: folding may only over-count what is shared.
        Gen.Select(Gen.Char["ab 0123456789éßøx"].Array[0, 12], Gen.Char["ab 0123456789éßøy"].Array[0, 12])
            .Sample((a, b) => JaroWinklerBound.Of(new string(a), new string(b)) >= JaroWinkler.Similarity(new string(a), new string(b)), iter: 20_000);

    [Fact]
    public void The_bound_holds_for_strings_long_enough_to_saturate_the_counts() =>
        // Over 255 of one character in both strings fills that count's byte; the bound must still not undercut.
        Gen.Select(LongRun, LongRun).Sample((a, b) => JaroWinklerBound.Of(a, b) >= JaroWinkler.Similarity(a, b), iter: 2_000);

    // 250 to 320 of one letter and a short tail: close to each other, so their Jaro–Winkler is near 1.
    private static readonly Gen<string> LongRun =
        Gen.Select(Gen.Int[250, 320], Gen.Char["ab"].Array[0, 6]).Select((n, tail) => new string('a', n) + new string(tail));

    [Fact]
    public void The_one_word_jaro_equals_the_buffered_jaro_for_any_two_strings() =>
        // Short strings take the bit-flag path, long ones the buffers; both must give the same number, to the bit.
        Gen.Select(Gen.Char["abcde x1"].Array[0, 70], Gen.Char["abcde y1"].Array[0, 70])
            .Sample((a, b) => JaroWinkler.Jaro(a, b) == JaroWinkler.JaroBuffered(a, b), iter: 50_000);

    /// <summary>The documented measure, computed in full: every pair, every key, no bound anywhere.</summary>
    private static ScreeningMatch? Reference(SanctionsIndex index, ScreeningSubject subject)
    {
        var tokens = NameNormalizer.Tokens(subject.Name);
        if (tokens.Length == 0)
        {
            return null;
        }
        var key = string.Join(' ', tokens);
        var floor = SanctionsScreener.PossibleThreshold - 0.08;
        ScreeningMatch? best = null;
        foreach (var entry in index.List.Entries)
        {
            foreach (var (name, nameKey, nameTokens) in entry.MatchNames)
            {
                var nameScore = Math.Max(TokenSet(tokens, nameTokens), JaroWinkler.Similarity(key, nameKey));
                if (nameScore < floor || (best is not null && nameScore + 0.08 <= best.Score))
                {
                    continue;
                }
                var (score, dob, nationality) = SanctionsScreener.Adjust(nameScore, entry, subject);
                if (best is null || score > best.Score)
                {
                    best = new ScreeningMatch(entry, name, nameScore, score, dob, nationality);
                }
            }
        }
        return best is not null && best.Score >= SanctionsScreener.PossibleThreshold ? best : null;
    }

    private static double TokenSet(string[] query, string[] candidate)
    {
        if (query.Length < 2 || candidate.Length < 2)
        {
            return 0;
        }
        double total = 0;
        var weight = 0;
        if (query.Length <= candidate.Length)
        {
            foreach (var q in query)
            {
                total += candidate.Max(c => JaroWinkler.Similarity(q, c)) * q.Length;
                weight += q.Length;
            }
        }
        else
        {
            foreach (var c in candidate)
            {
                var bestToken = 0.0;
                var length = 0;
                foreach (var q in query)
                {
                    var s = JaroWinkler.Similarity(q, c);
                    if (s > bestToken)
                    {
                        bestToken = s;
                        length = q.Length;
                    }
                }
                total += bestToken * Math.Max(1, length);
                weight += Math.Max(1, length);
            }
        }
        return total / weight * (0.85 + 0.15 * Math.Min(query.Length, candidate.Length) / Math.Max(query.Length, candidate.Length));
    }

    private static string Typo(string name, int at)
    {
        var chars = name.ToCharArray();
        var i = at % chars.Length;
        chars[i] = chars[i] == ' ' ? chars[i] : (char)('a' + (chars[i] - 'a' + 7) % 26);
        return new string(chars);
    }

    private static SanctionsList List(string[] listed, string[] aliases)
    {
        var entries = listed.Select((name, i) => new SanctionsEntry(
            $"{9_000_000 + i}", $"TST.{i}", "individual", name,
            aliases.Where((_, a) => a % listed.Length == i).ToArray(),
            i % 2 == 0 ? [new ListedBirthDate(new DateOnly(1950 + i, 3, 1), null, null)] : [new ListedBirthDate(null, 1950 + i, 1960 + i)],
            i % 3 == 0 ? ["Nigeria"] : ["Kenya", "Ghana"], "UN List", null)).ToList();
        return new SanctionsList(entries, "property-test", null, DateTimeOffset.UtcNow);
    }
}
