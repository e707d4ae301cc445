using Rowell.Grains.Analytics;

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
/// Compliance's view of the one operator price table (<see cref="IUsdPriceSource"/>, ROWELL_USD_RATES — the same
/// rates analytics reports in, so a limit and a report never value one transfer two ways). What compliance adds is
/// caution: an asset the table has no rate for is valued at the highest rate in it, so an unknown asset can never
/// slip under a limit.
/// </summary>
public sealed class ComplianceUsdRates(IUsdPriceSource prices) : IComplianceUsdRates
{
    private readonly decimal _highest = prices.Assets.Select(prices.Rate).OfType<decimal>().DefaultIfEmpty(1m).Max();

    public string Source => prices.Source;

    public DateOnly AsOf { get; } = DateOnly.ParseExact(prices.AsOf, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    public decimal? UsdPerUnit(string assetCode) => prices.Rate(assetCode);

    public decimal ToUsd(string assetCode, decimal amount) => amount * (UsdPerUnit(assetCode) ?? _highest);
}
