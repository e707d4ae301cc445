namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>Who is screened: a name as given, and what is known to tell two people of one name apart.</summary>
public sealed record ScreeningSubject(string Name, DateOnly? DateOfBirth = null, string? CountryCode = null);

/// <summary>The best candidate for a subject (null when nothing came near) and what the score is made of.</summary>
public sealed record ScreeningMatch(SanctionsEntry Entry, string MatchedName, double NameScore, double Score, bool? BirthDateAgrees, bool? NationalityAgrees);

public sealed record ScreeningResult(ScreeningMatch? Best)
{
    public double Score => Best?.Score ?? 0;
    public bool IsHit => Score >= SanctionsScreener.HitThreshold;
    public bool IsPossibleMatch => !IsHit && Score >= SanctionsScreener.PossibleThreshold;
}

/// <summary>
/// Fuzzy screening of names against a <see cref="SanctionsIndex"/>.
/// Name score = the better of (a) Jaro–Winkler of the sorted-token keys, which absorbs token order, and
/// (b) a token-set score: each token of the shorter name paired with its most similar token of the other,
/// averaged by length and scaled by 0.85 + 0.15 × (shorter count / longer count), so a listed middle name
/// that the subject left out costs a little, not everything; a one-token name gets no token-set score
/// (a lone "Musa" must not match every Musa on the list).
/// Then: a date of birth the entry covers exactly +0.05, the same year only +0.02, none of the entry's dates
/// −0.08; a nationality among the entry's +0.03, not among them −0.03. ≥ 0.92 is a hit, ≥ 0.85 a possible match.
/// </summary>
public static class SanctionsScreener
{
    public const double HitThreshold = 0.92;
    public const double PossibleThreshold = 0.85;
    /// <summary>The most the adjustments can add: below this name score nothing can become a possible match.</summary>
    private const double MaxBonus = 0.08;

    /// <summary>Covers the last bits of rounding between a bound and the value it bounds.</summary>
    private const double BoundSlack = 1e-12;

    public static ScreeningResult Screen(SanctionsIndex index, ScreeningSubject subject)
    {
        var tokens = NameNormalizer.Tokens(subject.Name);
        if (tokens.Length == 0 || index.Names.Length == 0)
        {
            return new ScreeningResult(null);
        }
        var key = string.Join(' ', tokens);
        var shape = BoundShape.Of(key);
        var table = index.TokenSimilarities(tokens);
        var floor = PossibleThreshold - MaxBonus;
        ScreeningMatch? best = null;
        var names = index.Names;
        for (var n = 0; n < names.Length; n++)
        {
            // By reference: a name with its shape is too big to copy once per listed name and query.
            ref readonly var name = ref names[n];
            // Bounds first: most names are settled here without one exact comparison. The whole-key bound: shared
            // characters cap Jaro, the keys' actual common prefix caps Winkler's boost (JaroWinklerBound).
            var keyBound = JaroWinklerBound.Between(shape, name.Shape) + BoundSlack;
            var setBound = TokenSetBound(tokens, name.TokenIds, table);
            var bound = Math.Max(setBound, keyBound);
            if (bound < floor || (best is not null && bound + MaxBonus <= best.Score))
            {
                continue;
            }
            // A token-set score that cannot reach the floor decides nothing (only the key's score could), so it is
            // not computed: most survivors get here on the looser key bound alone.
            var nameScore = setBound >= floor ? TokenSetScore(tokens, name.TokenIds, table) : 0;
            if (keyBound >= Math.Max(nameScore, floor))
            {
                nameScore = Math.Max(nameScore, JaroWinkler.Similarity(key, name.Key));
            }
            if (nameScore < floor || (best is not null && nameScore + MaxBonus <= best.Score))
            {
                continue;
            }
            var entry = index.List.Entries[name.Entry];
            var (score, dobAgrees, nationalityAgrees) = Adjust(nameScore, entry, subject);
            if (best is null || score > best.Score)
            {
                best = new ScreeningMatch(entry, name.Name, nameScore, score, dobAgrees, nationalityAgrees);
            }
        }
        return new ScreeningResult(best is not null && best.Score >= PossibleThreshold ? best : null);
    }

    /// <summary>The token-set score: exact pairs are computed (once per query) as the pairing needs them.</summary>
    internal static double TokenSetScore(string[] query, int[] candidate, SanctionsIndex.TokenTable table)
    {
        if (query.Length < 2 || candidate.Length < 2)
        {
            return 0;
        }
        if (query.Length <= candidate.Length)
        {
            return LengthWeightedBest(query, candidate, table, exact: true) * Scale(query.Length, candidate.Length);
        }
        // The query is the longer name: each candidate token takes its best query token, weighted by that token's length.
        double total = 0;
        var weight = 0;
        foreach (var c in candidate)
        {
            var bestToken = 0.0;
            var length = 0;
            for (var q = 0; q < query.Length; q++)
            {
                // A pair whose bound cannot beat the best so far cannot change the pick (only strictly greater wins).
                if (table.Bound(q, c) <= bestToken)
                {
                    continue;
                }
                var similarity = table.Exact(q, c);
                if (similarity > bestToken)
                {
                    bestToken = similarity;
                    length = query[q].Length;
                }
            }
            total += bestToken * Math.Max(1, length);
            weight += Math.Max(1, length);
        }
        return total / weight * Scale(query.Length, candidate.Length);
    }

    /// <summary>
    /// An upper bound of <see cref="TokenSetScore"/> from the table's bounds. With the query no longer than the
    /// candidate the score is a fixed-weight average, which grows with every pair; otherwise the weights follow the
    /// best pairs, and a weighted average is at most its largest term.
    /// </summary>
    internal static double TokenSetBound(string[] query, int[] candidate, SanctionsIndex.TokenTable table)
    {
        if (query.Length < 2 || candidate.Length < 2)
        {
            return 0;
        }
        double bound;
        if (query.Length <= candidate.Length)
        {
            bound = LengthWeightedBest(query, candidate, table, exact: false);
        }
        else
        {
            bound = 0;
            foreach (var c in candidate)
            {
                for (var q = 0; q < query.Length; q++)
                {
                    bound = Math.Max(bound, table.Bound(q, c));
                }
            }
        }
        return bound * Scale(query.Length, candidate.Length) + BoundSlack;
    }

    /// <summary>Each query token's best pair in the candidate, averaged by the query tokens' lengths.</summary>
    private static double LengthWeightedBest(string[] query, int[] candidate, SanctionsIndex.TokenTable table, bool exact)
    {
        double total = 0;
        var weight = 0;
        for (var q = 0; q < query.Length; q++)
        {
            var bestToken = 0.0;
            foreach (var c in candidate)
            {
                // Exact values are computed only for pairs whose bound could still raise the best.
                var bound = table.Bound(q, c);
                if (bound > bestToken)
                {
                    bestToken = exact ? Math.Max(bestToken, table.Exact(q, c)) : bound;
                }
            }
            total += bestToken * query[q].Length;
            weight += query[q].Length;
        }
        return total / weight;
    }

    private static double Scale(int a, int b) => 0.85 + 0.15 * Math.Min(a, b) / Math.Max(a, b);

    internal static (double Score, bool? BirthDateAgrees, bool? NationalityAgrees) Adjust(double nameScore, SanctionsEntry entry, ScreeningSubject subject)
    {
        var score = nameScore;
        bool? dob = null;
        if (subject.DateOfBirth is { } birth && entry.BirthDates.Count > 0)
        {
            if (entry.BirthDates.Any(d => d.Exact is not null && d.Covers(birth)))
            {
                score += 0.05;
                dob = true;
            }
            else if (entry.BirthDates.Any(d => d.CoversYear(birth.Year)))
            {
                score += 0.02;
                dob = true;
            }
            else
            {
                score -= 0.08;
                dob = false;
            }
        }
        bool? nationality = null;
        var listed = entry.NationalityCodes;
        if (subject.CountryCode is { } country && listed.Count > 0)
        {
            nationality = listed.Contains(country);
            score += nationality.Value ? 0.03 : -0.03;
        }
        return (Math.Clamp(score, 0, 1), dob, nationality);
    }
}
