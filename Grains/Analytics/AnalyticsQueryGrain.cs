using Orleans.Concurrency;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>Reads rollup rows for the API and shapes them (see <see cref="AnalyticsReports"/>); any silo can answer.</summary>
[StatelessWorker]
public sealed class AnalyticsQueryGrain(IAnalyticsStore store, IAnalyticsEventLog log, IUsdPriceSource prices, AnalyticsReadCache cache) : Grain, IAnalyticsQueryGrain
{
    public async Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest r)
    {
        var state = await StateAsync(r);
        return AnalyticsReports.Remittance(r, await RowsAsync(r, Dimensions.Corridor, state), await ReconciledUntilAsync(state), prices);
    }

    public async Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest r)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        var state = await StateAsync(r);
        // One period earlier too: growth compares each period with the one before it.
        var rows = await QueryAsync(r, Dimensions.Asset, AnalyticsReports.Kind(r.Period), AnalyticsReports.Previous(r.Period, from), to, state);
        return AnalyticsReports.Stablecoin(r, rows, from, await ReconciledUntilAsync(state), prices);
    }

    public async Task<AnalyticsPage<MerchantItem>> Merchants(AnalyticsRequest r)
    {
        var state = await StateAsync(r);
        return AnalyticsReports.Merchants(r, await RowsAsync(r, Dimensions.Merchant, state), await ReconciledUntilAsync(state), prices);
    }

    public async Task<AnalyticsPage<NetworkItem>> Network(AnalyticsRequest r)
    {
        var state = await StateAsync(r);
        return AnalyticsReports.Network(r, await RowsAsync(r, Dimensions.Network, state), await ReconciledUntilAsync(state), prices);
    }

    public async Task<DashboardReport> Dashboard(AnalyticsRequest r)
    {
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var state = await StateAsync(r);
        var totals = QueryAsync(r, Dimensions.Total, Periods.Day, from, to, state);
        var corridors = QueryAsync(r, Dimensions.Corridor, Periods.Day, from, to, state);
        var users = cache.GetAsync(AnalyticsReadCache.Key(r.DeveloperId, r.Mode, "users", from, to), to, state,
            async () => (object)await store.DistinctUsersAsync(r.DeveloperId, r.Mode, from, to, CancellationToken.None));
        // Recent activity is the log's newest events, whatever the range: never kept.
        var recent = log.RecentAsync(r.DeveloperId, r.Mode, 10, CancellationToken.None);
        var until = ReconciledUntilAsync(state);
        await Task.WhenAll(totals, corridors, users, recent, until);
        return AnalyticsReports.Dashboard(r, totals.Result, corridors.Result, (long)users.Result, recent.Result, until.Result, prices);
    }

    public async Task<TimeseriesReport> Timeseries(AnalyticsRequest r, string metric, string interval)
    {
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var state = await StateAsync(r);
        var rows = await QueryAsync(r, Dimensions.Total, interval == "hour" ? Periods.Hour : Periods.Day, from, to, state);
        return AnalyticsReports.Timeseries(metric, interval, from, to, rows, await ReconciledUntilAsync(state), prices);
    }

    private Task<IReadOnlyList<StoredRow>> RowsAsync(AnalyticsRequest r, string dimension, ReconciledState state)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        return QueryAsync(r, dimension, AnalyticsReports.Kind(r.Period), from, to, state);
    }

    // Rows of reconciled periods are kept (AnalyticsReadCache); a range that reaches an open period is read every time.
    private Task<IReadOnlyList<StoredRow>> QueryAsync(AnalyticsRequest r, string dimension, string period, DateTime from, DateTime to, ReconciledState state) =>
        cache.GetAsync(AnalyticsReadCache.Key(r.DeveloperId, r.Mode, dimension + "/" + period, from, to), to, state,
            () => store.QueryAsync(r.DeveloperId, r.Mode, dimension, period, from, to, CancellationToken.None));

    private Task<ReconciledState> StateAsync(AnalyticsRequest r) => store.ReconciledStateAsync(r.DeveloperId, r.Mode, CancellationToken.None);

    /// <summary>Days before this are reconciled: the developer's own progress or the cluster-wide cursor, whichever is further.</summary>
    private async Task<DateTime?> ReconciledUntilAsync(ReconciledState state)
    {
        var own = state.Until;
        var global = await store.GlobalCursorAsync(CancellationToken.None);
        return own is null ? global : global is null ? own : own > global ? own : global;
    }
}
