using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rowell.Grains.Observability;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Analytics instruments on the Rowell meter: the reconciler's corrections, discarded deliveries (test hook), and
/// gauges from today's rollups (fed by <see cref="AnalyticsGaugeSampler"/>, so a scrape never waits on the store).
/// Labels: dimension, mode, asset — never ids.
/// </summary>
public static class AnalyticsMetrics
{
    private static readonly Meter Meter = new(RowellMetrics.MeterName, "1.0");

    private static readonly Counter<long> Corrections = Meter.CreateCounter<long>(
        "rowell_analytics_corrections", description: "Rollup buckets the reconciler found different from the event log and corrected, by dimension.");

    private static readonly Counter<long> Dropped = Meter.CreateCounter<long>(
        "rowell_analytics_dropped_deliveries", description: "Stream deliveries discarded by the ROWELL_ANALYTICS_DROP_PERCENT test hook.");

    private static readonly Counter<long> Applied = Meter.CreateCounter<long>(
        "rowell_analytics_events_applied", description: "Events the rollup grains applied (duplicates and reconciled days excluded).");

    private static volatile IReadOnlyDictionary<string, RollupMeasures> _today = new Dictionary<string, RollupMeasures>();

    static AnalyticsMetrics()
    {
        Meter.CreateObservableGauge("rowell_analytics_active_accounts_today", ObserveActive,
            description: "Accounts that sent or received a transfer today (UTC), by key mode (summed over developers).");
        Meter.CreateObservableGauge("rowell_analytics_volume_today", ObserveVolume,
            description: "Completed transfer volume today (UTC), by key mode and asset, in units of the asset.");
    }

    public static void Corrected(string dimension) => Corrections.Add(1, new TagList { { "dimension", dimension } });

    public static void DroppedDelivery() => Dropped.Add(1);

    public static void EventsApplied(int count) => Applied.Add(count);

    internal static void SetToday(IReadOnlyDictionary<string, RollupMeasures> today) => _today = today;

    private static IEnumerable<Measurement<long>> ObserveActive() =>
        _today.Select(kv => new Measurement<long>(kv.Value.Users, new TagList { { "mode", kv.Key } }));

    private static IEnumerable<Measurement<double>> ObserveVolume() =>
        _today.SelectMany(kv => kv.Value.Volume.Select(v =>
            new Measurement<double>((double)Units.ToDecimal(v.Value), new TagList { { "mode", kv.Key }, { "asset", v.Key } })));
}
