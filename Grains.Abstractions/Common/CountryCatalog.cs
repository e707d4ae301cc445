namespace Rowell.Abstractions.Common;

/// <summary>
/// The countries Rowell serves and the region each belongs to. The default is the launch set;
/// operators extend it with ROWELL_COUNTRIES="KE:east_africa,RW:east_africa" without a code change.
/// API and silos read the same setting, so validation agrees on both sides.
/// </summary>
public sealed class CountryCatalog
{
    private static readonly Dictionary<string, string> Launch = new(StringComparer.Ordinal)
    {
        ["KE"] = "east_africa",
        ["UG"] = "east_africa",
        ["TZ"] = "east_africa",
        ["ET"] = "east_africa",
        ["NG"] = "west_africa",
        ["GH"] = "west_africa",
        ["ZA"] = "southern_africa",
        ["EG"] = "north_africa",
    };

    private readonly Dictionary<string, string> _regions;

    public CountryCatalog(IReadOnlyDictionary<string, string>? regions = null)
    {
        _regions = new Dictionary<string, string>(regions ?? Launch, StringComparer.Ordinal);
    }

    public static CountryCatalog Default { get; } = new();

    /// <summary>Parses "KE:east_africa,RW:east_africa"; entries extend (or override) the launch set.</summary>
    public static CountryCatalog FromSetting(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return Default;
        }
        var map = new Dictionary<string, string>(Launch, StringComparer.Ordinal);
        foreach (var entry in setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length != 2 || !parts[0].All(char.IsAsciiLetterUpper) || parts[1].Length == 0)
            {
                throw new FormatException($"ROWELL_COUNTRIES entry '{entry}' is not CC:region (e.g. RW:east_africa).");
            }
            map[parts[0]] = parts[1];
        }
        return new CountryCatalog(map);
    }

    public IReadOnlyCollection<string> Codes => _regions.Keys;

    /// <summary>The region of <paramref name="code"/>; a VALIDATION_ERROR on <paramref name="field"/> for a country we don't serve.</summary>
    public string RegionOf(string? code, string field) =>
        TryGetRegion(code, out var region)
            ? region
            : throw RowellException.Validation(field, $"{field} must be one of {string.Join(", ", _regions.Keys.Order())}.");

    /// <summary>An optional country: null stays null, anything else must be one we serve.</summary>
    public string? Check(string? code, string field)
    {
        if (code is not null)
        {
            RegionOf(code, field);
        }
        return code;
    }

    public bool TryGetRegion(string? code, out string region)
    {
        region = "";
        return code is not null && _regions.TryGetValue(code, out region!);
    }
}
