using Orleans.Concurrency;

namespace Rowell.Abstractions.Analytics;

/// <summary>
/// What an answer was built from: the scope's rollup state and the USD table of the silo that built it (a table is
/// fixed for a process's life, but two silos could be configured differently). While a caller's version equals the
/// current one, the answer it holds is the answer.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.analytics-answer-version")]
public sealed record AnswerVersion(
    [property: Id(0)] DateTime? Until,
    [property: Id(1)] long Generation,
    [property: Id(2)] DateTime? GlobalUntil,
    [property: Id(3)] long Written,
    [property: Id(4)] string Prices);

/// <summary>An answer under <see cref="Version"/>; <see cref="Value"/> is null when the caller already holds it.</summary>
[GenerateSerializer, Immutable, Alias("rowell.analytics-answer`1")]
public sealed record AnalyticsAnswer<T>([property: Id(0)] AnswerVersion Version, [property: Id(1)] T? Value) where T : class;

/// <summary>
/// The dashboard under <see cref="Version"/> without its recent activity (<see cref="Report"/>: null when the caller
/// already holds it, else with an empty <c>Recent</c>), and the recent activity, read from the log on every call.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.analytics-dashboard-answer")]
public sealed record DashboardAnswer(
    [property: Id(0)] AnswerVersion Version,
    [property: Id(1)] DashboardReport? Report,
    [property: Id(2)] IReadOnlyList<RecentActivity> Recent);

/// <summary>
/// The read side for the API's answer cache: like <see cref="IAnalyticsQueryGrain"/>,
/// but the caller says which version it holds, and an unchanged answer comes back as its version alone. A page is
/// ~9 KB that Orleans serialised on the silo, deserialised on the API and the API serialised to JSON again, per
/// request: with this the API serialises it once per version and sends the kept bytes.
/// </summary>
[Alias("rowell.IAnalyticsAnswerGrain")]
public interface IAnalyticsAnswerGrain : IGrainWithIntegerKey
{
    [Alias("remittance")]
    Task<AnalyticsAnswer<AnalyticsPage<RemittanceItem>>> Remittance(AnalyticsRequest request, AnswerVersion? known);

    [Alias("stablecoin")]
    Task<AnalyticsAnswer<AnalyticsPage<StablecoinItem>>> Stablecoin(AnalyticsRequest request, AnswerVersion? known);

    [Alias("merchants")]
    Task<AnalyticsAnswer<AnalyticsPage<MerchantItem>>> Merchants(AnalyticsRequest request, AnswerVersion? known);

    [Alias("network")]
    Task<AnalyticsAnswer<AnalyticsPage<NetworkItem>>> Network(AnalyticsRequest request, AnswerVersion? known);

    [Alias("dashboard")]
    Task<DashboardAnswer> Dashboard(AnalyticsRequest request, AnswerVersion? known);

    [Alias("timeseries")]
    Task<AnalyticsAnswer<TimeseriesReport>> Timeseries(AnalyticsRequest request, string metric, string interval, AnswerVersion? known);
}
