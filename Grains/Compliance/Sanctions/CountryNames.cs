namespace Rowell.Grains.Compliance.Sanctions;

/// <summary>
/// The list states nationality in English country names ("Nigeria"); documents give ISO 3166 alpha-2 ("NG").
/// This table covers the countries Rowell serves and their neighbours; an unknown name simply neither
/// strengthens nor weakens a match.
/// </summary>
public static class CountryNames
{
    private static readonly Dictionary<string, string> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Kenya"] = "KE", ["Nigeria"] = "NG", ["South Africa"] = "ZA", ["Ghana"] = "GH", ["Uganda"] = "UG",
        ["United Republic of Tanzania"] = "TZ", ["Tanzania"] = "TZ", ["Ethiopia"] = "ET", ["Egypt"] = "EG",
        ["Somalia"] = "SO", ["Sudan"] = "SD", ["South Sudan"] = "SS", ["Democratic Republic of the Congo"] = "CD",
        ["Congo"] = "CG", ["Rwanda"] = "RW", ["Burundi"] = "BI", ["Mali"] = "ML", ["Niger"] = "NE", ["Chad"] = "TD",
        ["Cameroon"] = "CM", ["Libya"] = "LY", ["Central African Republic"] = "CF", ["Eritrea"] = "ER",
        ["Zimbabwe"] = "ZW", ["Mozambique"] = "MZ", ["Burkina Faso"] = "BF", ["Senegal"] = "SN", ["Guinea"] = "GN",
        ["Liberia"] = "LR", ["Sierra Leone"] = "SL", ["Yemen"] = "YE", ["Afghanistan"] = "AF", ["Iraq"] = "IQ",
        ["Syrian Arab Republic"] = "SY", ["Iran (Islamic Republic of)"] = "IR",
        ["Democratic People's Republic of Korea"] = "KP", ["United Kingdom"] = "GB", ["France"] = "FR",
    };

    public static string? ToIso2(string name) => ByName.TryGetValue(name.Trim(), out var code) ? code : null;
}
