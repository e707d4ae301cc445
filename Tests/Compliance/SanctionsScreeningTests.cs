using System.Text;
using Rowell.Grains.Compliance.Sanctions;

namespace Rowell.Tests.Compliance;

public sealed class SanctionsScreeningTests
{
    private static SanctionsIndex Sample()
    {
        using var xml = typeof(SanctionsListProvider).Assembly.GetManifestResourceStream(SanctionsListProvider.SampleResource)!;
        return new SanctionsIndex(UnConsolidatedListParser.Parse(xml, "sample", DateTimeOffset.UtcNow));
    }

    [Theory]
    // Published reference values (Winkler 1990; the examples in most implementations' tests).
    [InlineData("MARTHA", "MARHTA", 0.9611)]
    [InlineData("DWAYNE", "DUANE", 0.84)]
    [InlineData("DIXON", "DICKSONX", 0.8133)]
    [InlineData("JELLYFISH", "SMELLYFISH", 0.8963)]
    [InlineData("ABC", "ABC", 1.0)]
    [InlineData("ABC", "XYZ", 0.0)]
    [InlineData("", "", 1.0)]
    [InlineData("A", "", 0.0)]
    public void Jaro_winkler_matches_reference_values(string a, string b, double expected)
    {
        Assert.Equal(expected, JaroWinkler.Similarity(a, b), 3);
        Assert.Equal(JaroWinkler.Similarity(a, b), JaroWinkler.Similarity(b, a), 10);
    }

    [Theory]
    [InlineData("Bello, Musa", "bello musa")]
    [InlineData("MUSA BELLO", "bello musa")]
    [InlineData("Barnabé Ngozi-Vallentrek", "barnabe ngozi vallentrek")]
    [InlineData("  N’Diaye   O'Neil ", "ndiaye oneil")]
    [InlineData("Ḿüšä  Bèllö", "bello musa")]
    public void Names_are_normalised_for_case_accents_punctuation_and_order(string raw, string key) =>
        Assert.Equal(key, NameNormalizer.Key(raw));

    [Fact]
    public void The_sample_list_parses_individuals_entities_aliases_dates_and_nationalities()
    {
        var list = Sample().List;
        Assert.Equal(8, list.Entries.Count);
        var zeb = list.Entries.Single(e => e.ReferenceNumber == "XSi.001");
        Assert.Equal("ZEBEDIAH QUORTANO MBAKWE", zeb.PrimaryName);
        Assert.Equal(["Zeb Quortano", "Abu Zebediah"], zeb.Aliases);
        Assert.Equal(new DateOnly(1971, 6, 9), zeb.BirthDates.Single().Exact);
        Assert.Equal(["Nigeria"], zeb.Nationalities);
        Assert.Equal(new ListedBirthDate(null, 1979, 1982), list.Entries.Single(e => e.ReferenceNumber == "XSi.003").BirthDates.Single());
        Assert.Equal(1968, list.Entries.Single(e => e.ReferenceNumber == "XSi.002").BirthDates.Single().FromYear);
        Assert.Equal("entity", list.Entries.Single(e => e.ReferenceNumber == "XSe.001").Kind);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), list.Generated);
    }

    [Theory]
    [InlineData("Zebediah Quortano Mbakwe", "XSi.001")]
    [InlineData("MBAKWE, Zebediah Quortano", "XSi.001")]   // token order
    [InlineData("Zebedia Quortano Mbakwe", "XSi.001")]     // a typo
    [InlineData("Zebediah Mbakwe", "XSi.001")]             // a middle name left out
    [InlineData("Zeb Quortano", "XSi.001")]                // an alias
    [InlineData("Othniella Vraskova", "XSi.002")]          // accent dropped
    [InlineData("Moustapha El Kirwandi", "XSi.005")]       // second alias
    [InlineData("Quortex Sahel Trading", "XSe.001")]       // an entity alias
    public void Listed_names_and_their_variants_are_hits(string name, string reference)
    {
        var result = SanctionsScreener.Screen(Sample(), new ScreeningSubject(name));
        Assert.True(result.IsHit, $"{name}: score {result.Score}");
        Assert.Equal(reference, result.Best!.Entry.ReferenceNumber);
    }

    [Theory]
    [InlineData("Musa Bello")]
    [InlineData("Grace Otieno")]
    [InlineData("Zebediah")]            // one token alone is not a person on the list
    [InlineData("Thandi Ndlovu")]
    [InlineData("Kofi Mensah")]
    [InlineData("Acme Trading Limited")]
    public void Unrelated_names_are_clear(string name) =>
        Assert.False(SanctionsScreener.Screen(Sample(), new ScreeningSubject(name)).IsHit);

    [Fact]
    public void Date_of_birth_and_nationality_strengthen_or_weaken_a_match()
    {
        var index = Sample();
        var bare = SanctionsScreener.Screen(index, new ScreeningSubject("Thandiwe Orlovsky Mabuza"));
        var agrees = SanctionsScreener.Screen(index, new ScreeningSubject("Thandiwe Orlovsky Mabuza", new DateOnly(1985, 2, 28), "ZA"));
        var yearOnly = SanctionsScreener.Screen(index, new ScreeningSubject("Thandiwe Orlovsky Mabuza", new DateOnly(1985, 7, 1), "ZA"));
        var differs = SanctionsScreener.Screen(index, new ScreeningSubject("Thandiwe Orlovsky Mabuza", new DateOnly(1999, 1, 1), "KE"));
        Assert.True(agrees.Score >= yearOnly.Score && yearOnly.Score >= bare.Score && bare.Score > differs.Score,
            $"{agrees.Score} >= {yearOnly.Score} >= {bare.Score} > {differs.Score}");
        // Below the clamp at 1 every adjustment shows exactly.
        var entry = index.List.Entries.Single(e => e.ReferenceNumber == "XSi.004");
        Assert.Equal(0.88, SanctionsScreener.Adjust(0.80, entry, new ScreeningSubject("x", new DateOnly(1985, 2, 28), "ZA")).Score, 6);
        Assert.Equal(0.85, SanctionsScreener.Adjust(0.80, entry, new ScreeningSubject("x", new DateOnly(1985, 7, 1), "ZA")).Score, 6);
        Assert.Equal(0.80, SanctionsScreener.Adjust(0.80, entry, new ScreeningSubject("x")).Score, 6);
        Assert.Equal(0.69, SanctionsScreener.Adjust(0.80, entry, new ScreeningSubject("x", new DateOnly(1999, 1, 1), "KE")).Score, 6);
        Assert.Equal(0.77, SanctionsScreener.Adjust(0.80, entry, new ScreeningSubject("x", null, "GH")).Score, 6);
        Assert.True(agrees.Best!.BirthDateAgrees);
        Assert.True(agrees.Best.NationalityAgrees);
        Assert.False(differs.Best!.BirthDateAgrees);
        Assert.False(differs.Best.NationalityAgrees);
        // The same name with another person's birth date and nationality is only a possible match, for a person to decide.
        Assert.True(differs.IsPossibleMatch, $"score {differs.Score}");
        // A year range covers the years in it.
        Assert.True(SanctionsScreener.Screen(index, new ScreeningSubject("Kwabena Xanthos Duodu-Fellwharte", new DateOnly(1981, 3, 3))).Best!.BirthDateAgrees);
    }

    [Fact]
    public void The_list_is_reloaded_when_the_file_changes_without_a_restart()
    {
        var path = Path.Combine(Path.GetTempPath(), $"un-list-{Guid.NewGuid():N}.xml");
        try
        {
            File.WriteAllText(path, UnListXml.Of(("9000001", "QRT.1", "ALARIC", "PENDERWHISTLE")));
            var time = new ManualTime(DateTimeOffset.UtcNow);
            var provider = new SanctionsListProvider(path, TimeSpan.FromSeconds(30), time);
            Assert.True(SanctionsScreener.Screen(provider.Current, new ScreeningSubject("Alaric Penderwhistle")).IsHit);
            Assert.False(SanctionsScreener.Screen(provider.Current, new ScreeningSubject("Desmond Quillfeather")).IsHit);

            File.WriteAllText(path, UnListXml.Of(("9000002", "QRT.2", "DESMOND", "QUILLFEATHER")));
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));
            Assert.False(SanctionsScreener.Screen(provider.Current, new ScreeningSubject("Desmond Quillfeather")).IsHit); // not checked yet
            time.Advance(TimeSpan.FromSeconds(31));
            Assert.True(SanctionsScreener.Screen(provider.Current, new ScreeningSubject("Desmond Quillfeather")).IsHit);
            Assert.False(SanctionsScreener.Screen(provider.Current, new ScreeningSubject("Alaric Penderwhistle")).IsHit);

            // A broken download leaves the last good list in force.
            File.WriteAllText(path, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIV");
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(2));
            Assert.False(provider.ReloadIfChanged());
            Assert.True(SanctionsScreener.Screen(provider.Current, new ScreeningSubject("Desmond Quillfeather")).IsHit);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_file_with_a_dtd_is_refused()
    {
        var xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"aaaa\">]><CONSOLIDATED_LIST><INDIVIDUALS/></CONSOLIDATED_LIST>";
        Assert.ThrowsAny<System.Xml.XmlException>(() => UnConsolidatedListParser.Parse(new MemoryStream(Encoding.UTF8.GetBytes(xml)), "x", DateTimeOffset.UtcNow));
    }
}

/// <summary>A minimal list in the UN consolidated format, for tests and the bench.</summary>
public static class UnListXml
{
    public static string Of(params (string DataId, string Reference, string First, string Second)[] people)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CONSOLIDATED_LIST dateGenerated=\"2026-12-01T00:00:00Z\"><INDIVIDUALS>");
        foreach (var p in people)
        {
            sb.Append($"<INDIVIDUAL><DATAID>{p.DataId}</DATAID><VERSIONNUM>1</VERSIONNUM><FIRST_NAME>{p.First}</FIRST_NAME><SECOND_NAME>{p.Second}</SECOND_NAME>")
              .Append($"<UN_LIST_TYPE>Test</UN_LIST_TYPE><REFERENCE_NUMBER>{p.Reference}</REFERENCE_NUMBER><LISTED_ON>2020-01-01</LISTED_ON>")
              .Append("<LIST_TYPE><VALUE>UN List</VALUE></LIST_TYPE><INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS></INDIVIDUAL>");
        }
        return sb.Append("</INDIVIDUALS><ENTITIES/></CONSOLIDATED_LIST>").ToString();
    }
}

public sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
