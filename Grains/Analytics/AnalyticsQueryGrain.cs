using Orleans.Concurrency;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>Reads rollup rows for the API and shapes them (see <see cref="AnalyticsReports"/>); any silo can answer.</summary>
[StatelessWorker]
public sealed class AnalyticsQueryGrain(IAnalyticsStore store, IAnalyticsEventLog log, IUsdPriceSource prices) : Grain, IAnalyticsQueryGrain
{
    public async Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest r) =>
        AnalyticsReports.Remittance(r, await RowsAsync(r, Dimensions.Corridor), await ReconciledUntilAsync(r), prices);

    public async Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest r)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        // One period earlier too: growth compares each period with the one before it.
        var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Asset, AnalyticsReports.Kind(r.Period), AnalyticsReports.Previous(r.Period, from), to, CancellationToken.None);
        return AnalyticsReports.Stablecoin(r, rows, from, await ReconciledUntilAsync(r), prices);
    }

    public async Task<AnalyticsPage<MerchantItem>> Merchants(AnalyticsRequest r) =>
        AnalyticsReports.Merchants(r, await RowsAsync(r, Dimensions.Merchant), await ReconciledUntilAsync(r), prices);

    public async Task<AnalyticsPage<NetworkItem>> Network(AnalyticsRequest r) =>
        AnalyticsReports.Network(r, await RowsAsync(r, Dimensions.Network), await ReconciledUntilAsync(r), prices);

    public async Task<DashboardReport> Dashboard(AnalyticsRequest r)
    {
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var totals = store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, Periods.Day, from, to, CancellationToken.None);
        var corridors = store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Corridor, Periods.Day, from, to, CancellationToken.None);
        var users = store.DistinctUsersAsync(r.DeveloperId, r.Mode, from, to, CancellationToken.None);
        var recent = log.RecentAsync(r.DeveloperId, r.Mode, 10, CancellationToken.None);
        var until = ReconciledUntilAsync(r);
        await Task.WhenAll(totals, corridors, users, recent, until);
        return AnalyticsReports.Dashboard(r, totals.Result, corridors.Result, users.Result, recent.Result, until.Result, prices);
    }

    public async Task<TimeseriesReport> Timeseries(AnalyticsRequest r, string metric, string interval)
    {
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, interval == "hour" ? Periods.Hour : Periods.Day, from, to, CancellationToken.None);
        return AnalyticsReports.Timeseries(metric, interval, from, to, rows, await ReconciledUntilAsync(r), prices);
    }

    private async Task<IReadOnlyList<StoredRow>> RowsAsync(AnalyticsRequest r, string dimension)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        return await store.QueryAsync(r.DeveloperId, r.Mode, dimension, AnalyticsReports.Kind(r.Period), from, to, CancellationToken.None);
    }

    /// <summary>Days before this are reconciled: the developer's own progress or the cluster-wide cursor, whichever is further.</summary>
    private async Task<DateTime?> ReconciledUntilAsync(AnalyticsRequest r)
    {
        var own = await store.ReconciledUntilAsync(r.DeveloperId, r.Mode, CancellationToken.None);
        var global = await store.GlobalCursorAsync(CancellationToken.None);
        return own is null ? global : global is null ? own : own > global ? own : global;
    }
}
