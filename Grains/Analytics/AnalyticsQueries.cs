using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// The analytics questions over the rollups, shaped by <see cref="AnalyticsReports"/> (one per silo, behind
/// <see cref="AnalyticsQueryGrain"/>). Each request reads the scope's state (one small row lookup) and is answered from the answer built under that same
/// state when there is one (<see cref="AnalyticsReadCache"/>): rows are read, decoded, converted to USD and sorted
/// once per write, not once per request. Only the dashboard's recent activity, the log's newest events, is read
/// every time.
/// </summary>
public sealed class AnalyticsQueries(IAnalyticsStore store, IAnalyticsEventLog log, IUsdPriceSource prices, AnalyticsReadCache cache)
{
    public Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest r) =>
        PagedAsync(r, "remittance", Dimensions.Corridor, (rows, until) => AnalyticsReports.Remittance(r, rows, until, prices));

    public async Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest r)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        var state = await StateAsync(r);
        return await cache.GetAsync(AnalyticsReadCache.Key(r, "stablecoin"), state, async () =>
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
        // Recent activity is the log's newest events, whatever the range and whatever the rollups say: never kept.
        var recent = log.RecentAsync(r.DeveloperId, r.Mode, 10, CancellationToken.None);
        var state = await StateAsync(r);
        var report = await cache.GetAsync(AnalyticsReadCache.Key(r, "dashboard"), state, async () =>
        {
            var from = Periods.Utc(r.StartDate);
            var to = Periods.Utc(r.EndDate).AddDays(1);
            var totals = store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, Periods.Day, from, to, CancellationToken.None);
            var corridors = store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Corridor, Periods.Day, from, to, CancellationToken.None);
            var users = store.DistinctUsersAsync(r.DeveloperId, r.Mode, from, to, CancellationToken.None);
            await Task.WhenAll(totals, corridors, users);
            return AnalyticsReports.Dashboard(r, totals.Result, corridors.Result, users.Result, [], Until(state), prices);
        });
        return report with { Recent = await recent };
    }

    public async Task<TimeseriesReport> Timeseries(AnalyticsRequest r, string metric, string interval)
    {
        var state = await StateAsync(r);
        return await cache.GetAsync(AnalyticsReadCache.Key(r, "timeseries/" + metric + "/" + interval), state, async () =>
        {
            var from = Periods.Utc(r.StartDate);
            var to = Periods.Utc(r.EndDate).AddDays(1);
            var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, interval == "hour" ? Periods.Hour : Periods.Day, from, to, CancellationToken.None);
            return AnalyticsReports.Timeseries(metric, interval, from, to, rows, Until(state), prices);
        });
    }

    private async Task<AnalyticsPage<T>> PagedAsync<T>(AnalyticsRequest r, string what, string dimension, Func<IReadOnlyList<StoredRow>, DateTime?, AnalyticsPage<T>> shape)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        var state = await StateAsync(r);
        return await cache.GetAsync(AnalyticsReadCache.Key(r, what), state, async () =>
            shape(await store.QueryAsync(r.DeveloperId, r.Mode, dimension, AnalyticsReports.Kind(r.Period), from, to, CancellationToken.None), Until(state)));
    }

    private Task<ReconciledState> StateAsync(AnalyticsRequest r) => store.ReconciledStateAsync(r.DeveloperId, r.Mode, CancellationToken.None);

    /// <summary>Days before this are reconciled: the developer's own progress or the cluster-wide cursor, whichever is further.</summary>
    private static DateTime? Until(ReconciledState s) =>
        s.Until is null ? s.GlobalUntil : s.GlobalUntil is null ? s.Until : s.Until > s.GlobalUntil ? s.Until : s.GlobalUntil;
}
