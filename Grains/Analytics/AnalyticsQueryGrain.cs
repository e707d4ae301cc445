using Orleans.Concurrency;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>The read side for the API: any silo can answer, from its own <see cref="AnalyticsQueries"/> and cache.</summary>
[StatelessWorker]
public sealed class AnalyticsQueryGrain(AnalyticsQueries queries) : Grain, IAnalyticsQueryGrain
{
    public Task<AnalyticsPage<RemittanceItem>> Remittance(AnalyticsRequest r) => queries.Remittance(r);

    public Task<AnalyticsPage<StablecoinItem>> Stablecoin(AnalyticsRequest r) => queries.Stablecoin(r);

    public Task<AnalyticsPage<MerchantItem>> Merchants(AnalyticsRequest r) => queries.Merchants(r);

    public Task<AnalyticsPage<NetworkItem>> Network(AnalyticsRequest r) => queries.Network(r);

    public Task<DashboardReport> Dashboard(AnalyticsRequest r) => queries.Dashboard(r);

    public Task<TimeseriesReport> Timeseries(AnalyticsRequest r, string metric, string interval) => queries.Timeseries(r, metric, interval);
}
