using Rowell.Abstractions.Events;

namespace Rowell.Abstractions.Analytics;

/// <summary>
/// A developer's rollups (key: the developer id, the same key as its event stream). It receives committed events
/// through an implicit stream subscription, aggregates them in memory and writes them in batches.
/// </summary>
[Alias("rowell.IAnalyticsRollupGrain")]
public interface IAnalyticsRollupGrain : IGrainWithStringKey
{
    /// <summary>Takes events as a stream delivery would (the same path, the same drop hook): for catch-up and tests.</summary>
    [Alias("deliver")]
    Task Deliver(IReadOnlyList<CommittedEvent> events);

    /// <summary>Writes what is buffered now instead of at the next flush tick.</summary>
    [Alias("flush")]
    Task Flush();
}

/// <summary>Recomputes closed days from the event log and corrects the rollups (one per cluster, key 0).</summary>
[Alias("rowell.IAnalyticsReconcilerGrain")]
public interface IAnalyticsReconcilerGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the reminder exists (idempotent; every silo calls it at start-up).</summary>
    [Alias("start")]
    Task Start();

    /// <summary>Every closed day not reconciled yet, for every developer and mode (what the reminder runs).</summary>
    [Alias("reconcile-closed")]
    Task<ReconcileReport> ReconcileClosedDays();

    /// <summary>
    /// Closed days of one developer and mode from <paramref name="from"/> (null: where its reconciliation stopped), for
    /// at most a few seconds per call; call again from the report's <c>Next</c> while it <c>HasMore</c>.
    /// </summary>
    [Alias("reconcile-developer")]
    Task<ReconcileReport> ReconcileDeveloper(string developerId, string mode, DateOnly? from);
}

/// <summary>Read side of analytics (stateless worker): shapes rollup rows into the API's reports.</summary>
[Alias("rowell.IAnalyticsQueryGrain")]
public interface IAnalyticsQueryGrain : IGrainWithIntegerKey
{
    [Alias("remittance")]
    Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest request);

    [Alias("stablecoin")]
    Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest request);

    [Alias("merchants")]
    Task<AnalyticsPage<MerchantItem>> Merchants(AnalyticsRequest request);

    [Alias("network")]
    Task<AnalyticsPage<NetworkItem>> Network(AnalyticsRequest request);

    [Alias("dashboard")]
    Task<DashboardReport> Dashboard(AnalyticsRequest request);

    /// <summary><paramref name="metric"/> volume|count|success_rate|settlement_p95, <paramref name="interval"/> hour|day.</summary>
    [Alias("timeseries")]
    Task<TimeseriesReport> Timeseries(AnalyticsRequest request, string metric, string interval);
}
