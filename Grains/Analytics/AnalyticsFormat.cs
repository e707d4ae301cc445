using System.Globalization;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>How numbers leave analytics: decimal strings, rates to 4 places, seconds to 0.1 s (means to 1 ms).</summary>
public static class AnalyticsFormat
{
    public static string? Rate(long numerator, long denominator) =>
        denominator == 0 ? null : Math.Round((decimal)numerator / denominator, 4, MidpointRounding.AwayFromZero).ToString("0.0000", CultureInfo.InvariantCulture);

    public static string? SuccessRate(RollupMeasures m) => Rate(m.Completed, checked(m.Completed + m.Failed + m.Rejected));

    public static SettlementSeconds Settlement(RollupMeasures m) => m.Settled == 0
        ? new SettlementSeconds(0, null, null, null)
        : new SettlementSeconds(m.Settled,
            Math.Round(m.SettledMsSum / (decimal)m.Settled / 1000m, 3, MidpointRounding.AwayFromZero).ToString("0.000", CultureInfo.InvariantCulture),
            Seconds(m.P50Ms), Seconds(m.P95Ms));

    public static string? Seconds(long ms) => ms < 0 ? null : (ms / 1000m).ToString("0.0", CultureInfo.InvariantCulture);

    public static string FeeAsset(string network) => network == "hedera" ? "HBAR" : "XLM";

    /// <summary>Exact average of minor-unit sums, to 8 places.</summary>
    public static string? Average(long units, long count) =>
        count == 0 ? null : Units.Normal(Math.Round(Units.ToDecimal(units) / count, Units.Scale, MidpointRounding.AwayFromZero));
}
