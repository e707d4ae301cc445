using System.Globalization;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// The analytics questions over the rollups, shaped by <see cref="AnalyticsReports"/> (one per silo, behind
/// <see cref="AnalyticsAnswerGrain"/> and <see cref="AnalyticsQueryGrain"/>). Each request reads the scope's state
/// (one small row lookup) and is answered from the answer built under that same state when there is one
/// (<see cref="AnalyticsReadCache"/>): rows are read, decoded, converted to USD and sorted once per write, not once
/// per request. A caller that already holds the answer of that state (the API's byte cache) gets the version
/// alone. Only the dashboard's recent activity, the log's newest events, is read every time.
/// </summary>
public sealed class AnalyticsQueries(IAnalyticsStore store, IAnalyticsEventLog log, IUsdPriceSource prices, AnalyticsReadCache cache)
{
    // Part of every version: an answer's USD values are the table's.
    private readonly string _prices = string.Join(';', [prices.Source, prices.AsOf,
        .. prices.Assets.Order(StringComparer.Ordinal).Select(a => a + "=" + prices.Rate(a)?.ToString(CultureInfo.InvariantCulture))]);

    public async Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest r) => (await Remittance(r, null)).Value!;

    public async Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest r) => (await Stablecoin(r, null)).Value!;

    public async Task<AnalyticsPage<MerchantItem>> Merchants(AnalyticsRequest r) => (await Merchants(r, null)).Value!;

    public async Task<AnalyticsPage<NetworkItem>> Network(AnalyticsRequest r) => (await Network(r, null)).Value!;

    public async Task<DashboardReport> Dashboard(AnalyticsRequest r)
    {
        var a = await Dashboard(r, null);
        return a.Report! with { Recent = a.Recent };
    }

    public async Task<TimeseriesReport> Timeseries(AnalyticsRequest r, string metric, string interval) => (await Timeseries(r, metric, interval, null)).Value!;

    public Task<AnalyticsAnswer<AnalyticsPage<RemittanceItem>>> Remittance(AnalyticsRequest r, AnswerVersion? known) =>
        PagedAsync(r, known, "remittance", Dimensions.Corridor, (rows, until) => AnalyticsReports.Remittance(r, rows, until, prices));

    public Task<AnalyticsAnswer<AnalyticsPage<StablecoinItem>>> Stablecoin(AnalyticsRequest r, AnswerVersion? known)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        return AnswerAsync(r, known, "stablecoin", async state =>
        {
            // One period earlier too: growth compares each period with the one before it.
            var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Asset, AnalyticsReports.Kind(r.Period), AnalyticsReports.Previous(r.Period, from), to, CancellationToken.None);
            return AnalyticsReports.Stablecoin(r, rows, from, Until(state), prices);
        });
    }

    public Task<AnalyticsAnswer<AnalyticsPage<MerchantItem>>> Merchants(AnalyticsRequest r, AnswerVersion? known) =>
        PagedAsync(r, known, "merchants", Dimensions.Merchant, (rows, until) => AnalyticsReports.Merchants(r, rows, until, prices));

    public Task<AnalyticsAnswer<AnalyticsPage<NetworkItem>>> Network(AnalyticsRequest r, AnswerVersion? known) =>
        PagedAsync(r, known, "network", Dimensions.Network, (rows, until) => AnalyticsReports.Network(r, rows, until, prices));

    public async Task<DashboardAnswer> Dashboard(AnalyticsRequest r, AnswerVersion? known)
    {
        // Recent activity is the log's newest events, whatever the range and whatever the rollups say: never kept.
        var recent = log.RecentAsync(r.DeveloperId, r.Mode, 10, CancellationToken.None);
        var report = await AnswerAsync(r, known, "dashboard", async state =>
        {
            var from = Periods.Utc(r.StartDate);
            var to = Periods.Utc(r.EndDate).AddDays(1);
            var totals = store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, Periods.Day, from, to, CancellationToken.None);
            var corridors = store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Corridor, Periods.Day, from, to, CancellationToken.None);
            var users = store.DistinctUsersAsync(r.DeveloperId, r.Mode, from, to, CancellationToken.None);
            await Task.WhenAll(totals, corridors, users);
            return AnalyticsReports.Dashboard(r, totals.Result, corridors.Result, users.Result, [], Until(state), prices);
        });
        return new DashboardAnswer(report.Version, report.Value, await recent);
    }

    public Task<AnalyticsAnswer<TimeseriesReport>> Timeseries(AnalyticsRequest r, string metric, string interval, AnswerVersion? known) =>
        AnswerAsync(r, known, "timeseries/" + metric + "/" + interval, async state =>
        {
            var from = Periods.Utc(r.StartDate);
            var to = Periods.Utc(r.EndDate).AddDays(1);
            var rows = await store.QueryAsync(r.DeveloperId, r.Mode, Dimensions.Total, interval == "hour" ? Periods.Hour : Periods.Day, from, to, CancellationToken.None);
            return AnalyticsReports.Timeseries(metric, interval, from, to, rows, Until(state), prices);
        });

    private Task<AnalyticsAnswer<AnalyticsPage<T>>> PagedAsync<T>(AnalyticsRequest r, AnswerVersion? known, string what, string dimension,
        Func<IReadOnlyList<StoredRow>, DateTime?, AnalyticsPage<T>> shape)
    {
        var (from, to) = AnalyticsReports.Range(r.Period, r.StartDate, r.EndDate);
        return AnswerAsync(r, known, what, async state =>
            shape(await store.QueryAsync(r.DeveloperId, r.Mode, dimension, AnalyticsReports.Kind(r.Period), from, to, CancellationToken.None), Until(state)));
    }

    /// <summary>The answer under the scope's current state: nothing but the version when the caller holds that one.</summary>
    private async Task<AnalyticsAnswer<T>> AnswerAsync<T>(AnalyticsRequest r, AnswerVersion? known, string what, Func<ReconciledState, Task<T>> build) where T : class
    {
        var state = await store.ReconciledStateAsync(r.DeveloperId, r.Mode, CancellationToken.None);
        var version = new AnswerVersion(state.Until, state.Generation, state.GlobalUntil, state.Written, _prices);
        if (version == known)
        {
            return new AnalyticsAnswer<T>(version, null);
        }
        return new AnalyticsAnswer<T>(version, await cache.GetAsync(r.Key(what), state, () => build(state)));
    }

    /// <summary>Days before this are reconciled: the developer's own progress or the cluster-wide cursor, whichever is further.</summary>
    private static DateTime? Until(ReconciledState s) =>
        s.Until is null ? s.GlobalUntil : s.GlobalUntil is null ? s.Until : s.Until > s.GlobalUntil ? s.Until : s.GlobalUntil;
}
