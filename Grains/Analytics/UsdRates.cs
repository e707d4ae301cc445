using System.Globalization;

namespace Rowell.Grains.Analytics;

/// <summary>Where USD values come from. Every analytics answer names the source and the date its rates are of.</summary>
public interface IUsdPriceSource
{
    /// <summary>"static" for the operator's table; a live feed would name itself.</summary>
    string Source { get; }

    /// <summary>The date the rates are of (ISO).</summary>
    string AsOf { get; }

    /// <summary>USD per one unit of the asset; null when the source has no rate for it.</summary>
    decimal? Rate(string asset);

    /// <summary>The assets the source has a rate for.</summary>
    IEnumerable<string> Assets { get; }
}

/// <summary>
/// The default price source: a static table the operator sets (ROWELL_USD_RATES, ROWELL_USD_RATES_AS_OF). It does
/// not move with the market, and answers say so ("usd_rate_source":"static" with the table's date).
/// </summary>
public sealed class StaticUsdRates(IReadOnlyDictionary<string, decimal> rates, string asOf) : IUsdPriceSource
{
    public static StaticUsdRates Default { get; } = new(new Dictionary<string, decimal>(StringComparer.Ordinal)
    {
        ["USDC"] = 1m,
        ["XLM"] = 0.25m,
        ["HBAR"] = 0.08m,
    }, "2026-12-01");

    public string Source => "static";

    public string AsOf => asOf;

    public IReadOnlyDictionary<string, decimal> Rates => rates;

    public decimal? Rate(string asset) => rates.TryGetValue(asset, out var r) ? r : null;

    public IEnumerable<string> Assets => rates.Keys;

    public static StaticUsdRates Parse(string? table, string? asOf)
    {
        if (string.IsNullOrWhiteSpace(table))
        {
            return asOf is null ? Default : new StaticUsdRates(Default.Rates, CheckDate(asOf));
        }
        var rates = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var entry in table.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=');
            if (parts.Length != 2 || !decimal.TryParse(parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) || rate < 0)
            {
                throw new FormatException($"ROWELL_USD_RATES entry '{entry}' is not ASSET=usd_per_unit (e.g. XLM=0.25).");
            }
            rates[parts[0].ToUpperInvariant()] = rate;
        }
        return new StaticUsdRates(rates, asOf is null ? DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : CheckDate(asOf));
    }

    private static string CheckDate(string asOf) =>
        DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            ? asOf
            : throw new FormatException($"ROWELL_USD_RATES_AS_OF must be an ISO date (yyyy-MM-dd), not '{asOf}'.");
}

/// <summary>USD arithmetic on exact per-asset sums; rounded to cents only at the very end.</summary>
public static class Usd
{
    public static decimal Value(IUsdPriceSource prices, IEnumerable<KeyValuePair<string, long>> volume)
    {
        var total = 0m;
        foreach (var (asset, units) in volume)
        {
            total += Units.ToDecimal(units) * (prices.Rate(asset) ?? 0m);
        }
        return total;
    }

    public static string Format(decimal usd) => Math.Round(usd, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture);
}
