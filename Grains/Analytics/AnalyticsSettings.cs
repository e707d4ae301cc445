using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rowell.Grains.Analytics;

/// <summary>Analytics knobs (environment variables, like every Rowell setting).</summary>
public sealed record AnalyticsSettings
{
    /// <summary>ROWELL_ANALYTICS_FLUSH_MS: how long a rollup grain gathers deliveries before one batched write.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>ROWELL_ANALYTICS_FLUSH_MAX: a batch this large is written at once, without waiting for the tick.</summary>
    public int FlushMaxEvents { get; init; } = 2000;

    /// <summary>
    /// ROWELL_ANALYTICS_DROP_PERCENT (test hook, 0 by default): discard this share of stream deliveries, chosen by
    /// event id, to show that the reconciler restores exact numbers. Never set it in production.
    /// </summary>
    public int DropPercent { get; init; }

    /// <summary>ROWELL_ANALYTICS_RECONCILE_GRACE_S: a day is closed this long after its end (late commits land first).</summary>
    public TimeSpan ReconcileGrace { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>ROWELL_ANALYTICS_RECONCILE_MINUTES: the reconciler's reminder period.</summary>
    public TimeSpan ReconcilePeriod { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>ROWELL_USD_RATES ("USDC=1,XLM=0.25,HBAR=0.08") and ROWELL_USD_RATES_AS_OF (an ISO date).</summary>
    public StaticUsdRates UsdRates { get; init; } = StaticUsdRates.Default;

    public static AnalyticsSettings From(IConfiguration? config)
    {
        if (config is null)
        {
            return new AnalyticsSettings();
        }
        var defaults = new AnalyticsSettings();
        return new AnalyticsSettings
        {
            FlushInterval = Int(config, "ROWELL_ANALYTICS_FLUSH_MS") is { } ms ? TimeSpan.FromMilliseconds(Math.Max(1, ms)) : defaults.FlushInterval,
            FlushMaxEvents = Int(config, "ROWELL_ANALYTICS_FLUSH_MAX") is { } max ? Math.Max(1, max) : defaults.FlushMaxEvents,
            DropPercent = Int(config, "ROWELL_ANALYTICS_DROP_PERCENT") is { } drop ? Math.Clamp(drop, 0, 100) : 0,
            ReconcileGrace = Int(config, "ROWELL_ANALYTICS_RECONCILE_GRACE_S") is { } grace ? TimeSpan.FromSeconds(Math.Max(0, grace)) : defaults.ReconcileGrace,
            ReconcilePeriod = Int(config, "ROWELL_ANALYTICS_RECONCILE_MINUTES") is { } minutes ? TimeSpan.FromMinutes(Math.Max(1, minutes)) : defaults.ReconcilePeriod,
            UsdRates = StaticUsdRates.Parse(config["ROWELL_USD_RATES"], config["ROWELL_USD_RATES_AS_OF"]),
        };
    }

    private static int? Int(IConfiguration config, string name) =>
        int.TryParse(config[name], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
}
