using Orleans.Concurrency;
using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>Any silo answers, from its own <see cref="AnalyticsQueries"/> and cache.</summary>
[StatelessWorker]
public sealed class AnalyticsAnswerGrain(AnalyticsQueries queries) : Grain, IAnalyticsAnswerGrain
{
    public Task<AnalyticsAnswer<AnalyticsPage<RemittanceItem>>> Remittance(AnalyticsRequest r, AnswerVersion? known) => queries.Remittance(r, known);

    public Task<AnalyticsAnswer<AnalyticsPage<StablecoinItem>>> Stablecoin(AnalyticsRequest r, AnswerVersion? known) => queries.Stablecoin(r, known);

    public Task<AnalyticsAnswer<AnalyticsPage<MerchantItem>>> Merchants(AnalyticsRequest r, AnswerVersion? known) => queries.Merchants(r, known);

    public Task<AnalyticsAnswer<AnalyticsPage<NetworkItem>>> Network(AnalyticsRequest r, AnswerVersion? known) => queries.Network(r, known);

    public Task<DashboardAnswer> Dashboard(AnalyticsRequest r, AnswerVersion? known) => queries.Dashboard(r, known);

    public Task<AnalyticsAnswer<TimeseriesReport>> Timeseries(AnalyticsRequest r, string metric, string interval, AnswerVersion? known) =>
        queries.Timeseries(r, metric, interval, known);
}
