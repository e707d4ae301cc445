using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// Reads the UN Security Council consolidated list in its published XML format:
/// CONSOLIDATED_LIST (dateGenerated) → INDIVIDUALS/INDIVIDUAL and ENTITIES/ENTITY, each with DATAID,
/// REFERENCE_NUMBER, FIRST_NAME … FOURTH_NAME, UN_LIST_TYPE, LISTED_ON, NATIONALITY/VALUE, INDIVIDUAL_ALIAS or
/// ENTITY_ALIAS (QUALITY, ALIAS_NAME), INDIVIDUAL_DATE_OF_BIRTH (TYPE_OF_DATE EXACT with DATE, APPROXIMATELY
/// with YEAR, BETWEEN with FROM_YEAR/TO_YEAR). Unknown elements are ignored, so a newer edition still loads.
/// DTDs are refused (no entity expansion from a file we did not write).
/// </summary>
public static class UnConsolidatedListParser
{
    public static SanctionsList Parse(Stream xml, string source, DateTimeOffset loadedAt)
    {
        using var reader = XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var doc = XDocument.Load(reader);
        var root = doc.Root ?? throw new FormatException("The sanctions file is empty.");
        if (root.Name.LocalName != "CONSOLIDATED_LIST")
        {
            throw new FormatException($"The sanctions file's root is <{root.Name.LocalName}>, not <CONSOLIDATED_LIST>.");
        }
        DateTimeOffset? generated = DateTimeOffset.TryParse((string?)root.Attribute("dateGenerated"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var g) ? g : null;
        var entries = new List<SanctionsEntry>();
        foreach (var e in root.Elements("INDIVIDUALS").Elements("INDIVIDUAL"))
        {
            entries.Add(Read(e, "individual", "INDIVIDUAL_ALIAS"));
        }
        foreach (var e in root.Elements("ENTITIES").Elements("ENTITY"))
        {
            entries.Add(Read(e, "entity", "ENTITY_ALIAS"));
        }
        return new SanctionsList(entries, source, generated, loadedAt);
    }

    private static SanctionsEntry Read(XElement e, string kind, string aliasElement)
    {
        var name = string.Join(' ', new[] { "FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME" }
            .Select(n => Text(e, n)).Where(s => s is not null));
        var aliases = e.Elements(aliasElement).Select(a => Text(a, "ALIAS_NAME")).OfType<string>().ToList();
        var births = e.Elements("INDIVIDUAL_DATE_OF_BIRTH").Select(BirthDate).OfType<ListedBirthDate>().ToList();
        var nationalities = e.Elements("NATIONALITY").Elements("VALUE").Select(v => v.Value.Trim()).Where(v => v.Length > 0).ToList();
        var listedOn = DateOnly.TryParseExact(Text(e, "LISTED_ON"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var on) ? on : (DateOnly?)null;
        return new SanctionsEntry(Text(e, "DATAID") ?? "", Text(e, "REFERENCE_NUMBER") ?? "", kind, name, aliases, births,
            nationalities, Text(e, "UN_LIST_TYPE"), listedOn);
    }

    private static ListedBirthDate? BirthDate(XElement d)
    {
        if (DateOnly.TryParseExact(Text(d, "DATE"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var exact))
        {
            return new ListedBirthDate(exact, null, null);
        }
        if (int.TryParse(Text(d, "YEAR"), CultureInfo.InvariantCulture, out var year))
        {
            return new ListedBirthDate(null, year, year);
        }
        if (int.TryParse(Text(d, "FROM_YEAR"), CultureInfo.InvariantCulture, out var from))
        {
            return new ListedBirthDate(null, from, int.TryParse(Text(d, "TO_YEAR"), CultureInfo.InvariantCulture, out var to) ? to : from);
        }
        return null;
    }

    private static string? Text(XElement e, string name)
    {
        var value = e.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
