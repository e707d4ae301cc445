namespace Rowell.Grains.Compliance.Risk;

/// <summary>
/// USD value of an amount, for compliance limits and risk. Compliance needs a stable, conservative figure more than a
/// live quote: a limit that moves with every tick would approve and refuse the same transfer minutes apart.
/// </summary>
public interface IComplianceUsdRates
{
    /// <summary>USD per one unit of <paramref name="assetCode"/>; null for an asset without a rate.</summary>
    decimal? UsdPerUnit(string assetCode);

    /// <summary>The USD value of <paramref name="amount"/> units; never less than the asset's worth.</summary>
    decimal ToUsd(string assetCode, decimal amount);

    string Source { get; }
    DateOnly AsOf { get; }
}

/// <summary>
/// A static table, overridable with ROWELL_COMPLIANCE_USD_RATES="XLM:0.25,HBAR:0.06,USDC:1". Defaults are rounded
/// market levels as of the date below. An asset with no rate is valued with the highest rate in the table, so an
/// unknown asset can never slip under a limit.
/// </summary>
public sealed class StaticComplianceUsdRates : IComplianceUsdRates
{
    private readonly Dictionary<string, decimal> _rates;

    public StaticComplianceUsdRates(IReadOnlyDictionary<string, decimal> rates, string source, DateOnly asOf)
    {
        _rates = new Dictionary<string, decimal>(rates, StringComparer.Ordinal);
        Source = source;
        AsOf = asOf;
    }

    public static readonly IReadOnlyDictionary<string, decimal> Defaults = new Dictionary<string, decimal>
    {
        ["USDC"] = 1.00m,
        ["XLM"] = 0.25m,
        ["HBAR"] = 0.17m,
    };

    public static StaticComplianceUsdRates FromSetting(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting))
        {
            return new StaticComplianceUsdRates(Defaults, "static-default", new DateOnly(2026, 11, 1));
        }
        var rates = new Dictionary<string, decimal>(Defaults, StringComparer.Ordinal);
        foreach (var entry in setting.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split(':');
            if (parts.Length != 2 || !decimal.TryParse(parts[1], System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out var rate) || rate <= 0)
            {
                throw new FormatException($"ROWELL_COMPLIANCE_USD_RATES entry '{entry}' is not ASSET:usd_per_unit (e.g. XLM:0.25).");
            }
            rates[parts[0]] = rate;
        }
        return new StaticComplianceUsdRates(rates, "static-configured", DateOnly.FromDateTime(DateTime.UtcNow));
    }

    public string Source { get; }
    public DateOnly AsOf { get; }

    public decimal? UsdPerUnit(string assetCode) => _rates.TryGetValue(assetCode, out var rate) ? rate : null;

    public decimal ToUsd(string assetCode, decimal amount) => amount * (UsdPerUnit(assetCode) ?? _rates.Values.Max());
}
