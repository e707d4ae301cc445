using Orleans.Concurrency;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Reads rollup rows for the API and shapes them (see <see cref="AnalyticsReports"/>); any silo can answer. A
/// question about fully reconciled periods has one answer until the next reconciliation write, so that answer is
/// kept (<see cref="AnalyticsReadCache"/>); a question that reaches an open period is computed every time.
/// </summary>
[StatelessWorker]
public sealed class AnalyticsQueryGrain(IAnalyticsStore store, IAnalyticsEventLog log, IUsdPriceSource prices, AnalyticsReadCache cache) : Grain, IAnalyticsQueryGrain
{
    public Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest r) =>
        PagedAsync(r, "remittance", Dimensions.Corridor, (rows, until) => AnalyticsReports.Remittance(r, rows, until, prices));

    public async Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest r)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        var state = await StateAsync(r);
        return await cache.GetAsync(AnalyticsReadCache.Key(r, "stablecoin"), to, state, async () =>
        {
            // One period earlier too: growth compares each period with the one before it.
            var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Asset, AnalyticsReports.Kind(r.Period), AnalyticsReports.Previous(r.Period, from), to, CancellationToken.None);
            return AnalyticsReports.Stablecoin(r, rows, from, Until(state), prices);
        });
    }

    public Task<AnalyticsPage<MerchantItem>> Merchants(AnalyticsRequest r) =>
        PagedAsync(r, "merchants", Dimensions.Merchant, (rows, until) => AnalyticsReports.Merchants(r, rows, until, prices));

    public Task<AnalyticsPage<NetworkItem>> Network(AnalyticsRequest r) =>
        PagedAsync(r, "network", Dimensions.Network, (rows, until) => AnalyticsReports.Network(r, rows, until, prices));

    public async Task<DashboardReport> Dashboard(AnalyticsRequest r)
    {
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var state = await StateAsync(r);
        var totals = cache.GetAsync(AnalyticsReadCache.Key(r, "dashboard/total"), to, state,
            () => store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, Periods.Day, from, to, CancellationToken.None));
        var corridors = cache.GetAsync(AnalyticsReadCache.Key(r, "dashboard/corridor"), to, state,
            () => store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Corridor, Periods.Day, from, to, CancellationToken.None));
        var users = cache.GetAsync(AnalyticsReadCache.Key(r, "dashboard/users"), to, state,
            async () => (object)await store.DistinctUsersAsync(r.DeveloperId, r.Mode, from, to, CancellationToken.None));
        // Recent activity is the log's newest events, whatever the range: never kept.
        var recent = log.RecentAsync(r.DeveloperId, r.Mode, 10, CancellationToken.None);
        await Task.WhenAll(totals, corridors, users, recent);
        return AnalyticsReports.Dashboard(r, totals.Result, corridors.Result, (long)users.Result, recent.Result, Until(state), prices);
    }

    public async Task<TimeseriesReport> Timeseries(AnalyticsRequest r, string metric, string interval)
    {
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var state = await StateAsync(r);
        return await cache.GetAsync(AnalyticsReadCache.Key(r, "timeseries/" + metric + "/" + interval), to, state, async () =>
        {
            var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, interval == "hour" ? Periods.Hour : Periods.Day, from, to, CancellationToken.None);
            return AnalyticsReports.Timeseries(metric, interval, from, to, rows, Until(state), prices);
        });
    }

    private async Task<AnalyticsPage<T>> PagedAsync<T>(AnalyticsRequest r, string what, string dimension, Func<IReadOnlyList<StoredRow>, DateTime?, AnalyticsPage<T>> shape)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        var state = await StateAsync(r);
        return await cache.GetAsync(AnalyticsReadCache.Key(r, what), to, state, async () =>
            shape(await store.QueryAsync(r.DeveloperId, r.Mode, dimension, AnalyticsReports.Kind(r.Period), from, to, CancellationToken.None), Until(state)));
    }

    private Task<ReconciledState> StateAsync(AnalyticsRequest r) => store.ReconciledStateAsync(r.DeveloperId, r.Mode, CancellationToken.None);

    /// <summary>Days before this are reconciled: the developer's own progress or the cluster-wide cursor, whichever is further.</summary>
    private static DateTime? Until(ReconciledState s) =>
        s.Until is null ? s.GlobalUntil : s.GlobalUntil is null ? s.Until : s.Until > s.GlobalUntil ? s.Until : s.GlobalUntil;
}
