using System.Diagnostics;
using System.Diagnostics.Metrics;
using Rowell.Grains.Observability;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Analytics instruments on the Rowell meter: the reconciler's corrections, discarded deliveries (test hook), and
/// gauges from today's rollups (fed by <see cref="AnalyticsGaugeSampler"/>, so a scrape never waits on the store).
/// Labels: dimension, mode, asset — never ids.
/// </summary>
public sealed class AnalyticsMetrics
{
    private readonly Counter<long> _corrections;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _applied;
    private volatile IReadOnlyDictionary<string, RollupMeasures> _today = new Dictionary<string, RollupMeasures>();

    public AnalyticsMetrics(RowellMetrics core)
    {
        var meter = core.Meter;
        _corrections = meter.CreateCounter<long>(
            "rowell_analytics_corrections", description: "Rollup buckets the reconciler found different from the event log and corrected, by dimension.");

        _dropped = meter.CreateCounter<long>(
            "rowell_analytics_dropped_deliveries", description: "Stream deliveries discarded by the ROWELL_ANALYTICS_DROP_PERCENT test hook.");

        _applied = meter.CreateCounter<long>(
            "rowell_analytics_events_applied", description: "Events the rollup grains applied (duplicates and reconciled days excluded).");

        meter.CreateObservableGauge("rowell_analytics_active_accounts_today", ObserveActive,
            description: "Accounts that sent or received a transfer today (UTC), by key mode (summed over developers).");
        meter.CreateObservableGauge("rowell_analytics_volume_today", ObserveVolume,
            description: "Completed transfer volume today (UTC), by key mode and asset, in units of the asset.");
    }

    public void Corrected(string dimension) => _corrections.Add(1, new TagList { { "dimension", dimension } });

    public void DroppedDelivery() => _dropped.Add(1);

    public void EventsApplied(int count) => _applied.Add(count);

    internal void SetToday(IReadOnlyDictionary<string, RollupMeasures> today) => _today = today;

    private IEnumerable<Measurement<long>> ObserveActive() =>
        _today.Select(kv => new Measurement<long>(kv.Value.Users, new TagList { { "mode", kv.Key } }));

    private IEnumerable<Measurement<double>> ObserveVolume() =>
        _today.SelectMany(kv => kv.Value.Volume.Select(v =>
            new Measurement<double>((double)Units.ToDecimal(v.Value), new TagList { { "mode", kv.Key }, { "asset", v.Key } })));
}
