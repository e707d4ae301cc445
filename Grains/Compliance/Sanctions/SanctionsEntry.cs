namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>A date of birth as the list states it: an exact date, a year, or a range of years.</summary>
public sealed record ListedBirthDate(DateOnly? Exact, int? FromYear, int? ToYear)
{
    public bool Covers(DateOnly date) => Exact is { } exact
        ? exact == date
        : FromYear is { } from && date.Year >= from && date.Year <= (ToYear ?? from);

    public bool CoversYear(int year) => Exact is { } exact
        ? exact.Year == year
        : FromYear is { } from && year >= from && year <= (ToYear ?? from);
}

/// <summary>One individual or entity of the list, with its names prepared for matching.</summary>
public sealed record SanctionsEntry(
    string DataId,
    string ReferenceNumber,
    string Kind,
    string PrimaryName,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<ListedBirthDate> BirthDates,
    IReadOnlyList<string> Nationalities,
    string? ListType,
    DateOnly? ListedOn)
{
    /// <summary>Primary name first, then aliases; each as (original, sorted tokens).</summary>
    public IReadOnlyList<(string Name, string Key, string[] Tokens)> MatchNames { get; } =
        new[] { PrimaryName }.Concat(Aliases).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)
            .Select(n => (n, NameNormalizer.Key(n), NameNormalizer.Tokens(n))).Where(x => x.Item3.Length > 0).ToList();

    /// <summary>The nationalities as ISO 3166 alpha-2 codes, resolved once when the list loads, not per screening.</summary>
    public IReadOnlyList<string> NationalityCodes { get; } =
        Nationalities.Select(CountryNames.ToIso2).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
}

/// <summary>A loaded list: the entries and where they came from.</summary>
public sealed record SanctionsList(IReadOnlyList<SanctionsEntry> Entries, string Source, DateTimeOffset? Generated, DateTimeOffset LoadedAt);
