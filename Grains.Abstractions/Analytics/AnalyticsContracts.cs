namespace Rowell.Abstractions.Analytics;

/// <summary>
/// One analytics question, already validated by the API: the caller's developer id and key mode, the period
/// kind (daily|weekly|monthly), an inclusive date range, the endpoint's filters, sort and page.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.analytics-request")]
public sealed record AnalyticsRequest(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string Mode,
    [property: Id(2)] string Period,
    [property: Id(3)] DateOnly StartDate,
    [property: Id(4)] DateOnly EndDate,
    [property: Id(5)] IReadOnlyDictionary<string, string> Filters,
    [property: Id(6)] string? Sort,
    [property: Id(7)] int Limit,
    [property: Id(8)] int Offset)
{
    /// <summary>
    /// The question whole, for keeping answers: everything an answer depends on besides the stored rows, with
    /// <paramref name="what"/> naming the report (and, for a time series, its metric and interval).
    /// </summary>
    public string Key(string what) =>
        string.Join('\u001f', DeveloperId, Mode, what, Period, StartDate.DayNumber, EndDate.DayNumber, Sort ?? "", Limit, Offset,
            string.Join('\u001e', Filters.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => f.Key + "=" + f.Value)));
}

/// <summary>A page of analytics items; every answer says where its USD values come from.</summary>
[GenerateSerializer, Immutable, Alias("rowell.analytics-page`1")]
public sealed record AnalyticsPage<T>(
    [property: Id(0)] IReadOnlyList<T> Items,
    [property: Id(1)] bool HasMore,
    [property: Id(2)] string? NextCursor,
    [property: Id(3)] string UsdRateSource,
    [property: Id(4)] string UsdRatesAsOf);

[GenerateSerializer, Immutable, Alias("rowell.analytics-settlement")]
public sealed record SettlementSeconds(
    [property: Id(0)] long Count,
    [property: Id(1)] string? Mean,
    [property: Id(2)] string? P50,
    [property: Id(3)] string? P95);

[GenerateSerializer, Immutable, Alias("rowell.analytics-remittance")]
public sealed record RemittanceItem(
    [property: Id(0)] string PeriodStart,
    [property: Id(1)] string PeriodEnd,
    [property: Id(2)] bool Reconciled,
    [property: Id(3)] string? FromCountry,
    [property: Id(4)] string? ToCountry,
    [property: Id(5)] string AssetCode,
    [property: Id(6)] string Network,
    [property: Id(7)] string Volume,
    [property: Id(8)] string VolumeUsd,
    [property: Id(9)] long Count,
    [property: Id(10)] long CompletedCount,
    [property: Id(11)] long FailedCount,
    [property: Id(12)] long RejectedCount,
    [property: Id(13)] long UniqueSenders,
    [property: Id(14)] long UniqueReceivers,
    [property: Id(15)] string Fees,
    [property: Id(16)] string FeeAsset,
    [property: Id(17)] string? SuccessRate,
    [property: Id(18)] SettlementSeconds SettlementSeconds);

[GenerateSerializer, Immutable, Alias("rowell.analytics-stablecoin")]
public sealed record StablecoinItem(
    [property: Id(0)] string PeriodStart,
    [property: Id(1)] string PeriodEnd,
    [property: Id(2)] bool Reconciled,
    [property: Id(3)] string AssetCode,
    [property: Id(4)] string Network,
    [property: Id(5)] string? CountryCode,
    [property: Id(6)] string Volume,
    [property: Id(7)] string VolumeUsd,
    [property: Id(8)] long Count,
    [property: Id(9)] long UniqueUsers,
    [property: Id(10)] string? VolumeGrowth);

[GenerateSerializer, Immutable, Alias("rowell.analytics-merchant")]
public sealed record MerchantItem(
    [property: Id(0)] string PeriodStart,
    [property: Id(1)] string PeriodEnd,
    [property: Id(2)] bool Reconciled,
    [property: Id(3)] string AccountId,
    [property: Id(4)] string VolumeUsd,
    [property: Id(5)] long Count,
    [property: Id(6)] long CompletedCount,
    [property: Id(7)] long UniqueCustomers);

[GenerateSerializer, Immutable, Alias("rowell.analytics-network")]
public sealed record NetworkItem(
    [property: Id(0)] string PeriodStart,
    [property: Id(1)] string PeriodEnd,
    [property: Id(2)] bool Reconciled,
    [property: Id(3)] string Network,
    [property: Id(4)] long Count,
    [property: Id(5)] long CompletedCount,
    [property: Id(6)] string VolumeUsd,
    [property: Id(7)] string? SuccessRate,
    [property: Id(8)] string? AvgFee,
    [property: Id(9)] string FeeAsset,
    [property: Id(10)] SettlementSeconds SettlementSeconds,
    [property: Id(11)] long ActiveAccounts,
    [property: Id(12)] long NewAccounts,
    [property: Id(13)] long Deposits,
    [property: Id(14)] string DepositVolumeUsd);

[GenerateSerializer, Immutable, Alias("rowell.analytics-dashboard")]
public sealed record DashboardReport(
    [property: Id(0)] string PeriodStart,
    [property: Id(1)] string PeriodEnd,
    [property: Id(2)] bool Reconciled,
    [property: Id(3)] DashboardTotals Totals,
    [property: Id(4)] IReadOnlyList<DashboardCorridor> TopCorridors,
    [property: Id(5)] IReadOnlyList<DashboardCountry> TopCountries,
    [property: Id(6)] IReadOnlyList<DashboardDay> VolumeByDay,
    [property: Id(7)] IReadOnlyList<RecentActivity> Recent,
    [property: Id(8)] string UsdRateSource,
    [property: Id(9)] string UsdRatesAsOf);

[GenerateSerializer, Immutable, Alias("rowell.analytics-dashboard-totals")]
public sealed record DashboardTotals(
    [property: Id(0)] long Count,
    [property: Id(1)] long CompletedCount,
    [property: Id(2)] long FailedCount,
    [property: Id(3)] long RejectedCount,
    [property: Id(4)] string VolumeUsd,
    [property: Id(5)] long Accounts,
    [property: Id(6)] long NewAccounts,
    [property: Id(7)] string? SuccessRate);

[GenerateSerializer, Immutable, Alias("rowell.analytics-dashboard-corridor")]
public sealed record DashboardCorridor(
    [property: Id(0)] string? FromCountry,
    [property: Id(1)] string? ToCountry,
    [property: Id(2)] string VolumeUsd,
    [property: Id(3)] long Count);

[GenerateSerializer, Immutable, Alias("rowell.analytics-dashboard-country")]
public sealed record DashboardCountry(
    [property: Id(0)] string? CountryCode,
    [property: Id(1)] string VolumeUsd,
    [property: Id(2)] long Count);

[GenerateSerializer, Immutable, Alias("rowell.analytics-dashboard-day")]
public sealed record DashboardDay(
    [property: Id(0)] string Date,
    [property: Id(1)] bool Reconciled,
    [property: Id(2)] string VolumeUsd,
    [property: Id(3)] long Count,
    [property: Id(4)] long CompletedCount);

[GenerateSerializer, Immutable, Alias("rowell.analytics-recent")]
public sealed record RecentActivity(
    [property: Id(0)] string EventId,
    [property: Id(1)] string Type,
    [property: Id(2)] string ObjectId,
    [property: Id(3)] string? Amount,
    [property: Id(4)] string? AssetCode,
    [property: Id(5)] string? Network,
    [property: Id(6)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("rowell.analytics-timeseries")]
public sealed record TimeseriesReport(
    [property: Id(0)] string Metric,
    [property: Id(1)] string Interval,
    [property: Id(2)] IReadOnlyList<TimeseriesPoint> Points,
    [property: Id(3)] string UsdRateSource,
    [property: Id(4)] string UsdRatesAsOf);

[GenerateSerializer, Immutable, Alias("rowell.analytics-point")]
public sealed record TimeseriesPoint(
    [property: Id(0)] DateTimeOffset At,
    [property: Id(1)] string? Value,
    [property: Id(2)] bool Reconciled);

/// <summary>What one reconciliation did: days recomputed, events read, buckets corrected; where to continue when <see cref="HasMore"/>.</summary>
[GenerateSerializer, Immutable, Alias("rowell.analytics-reconcile-report")]
public sealed record ReconcileReport(
    [property: Id(0)] int Days,
    [property: Id(1)] long Events,
    [property: Id(2)] int Corrections,
    [property: Id(3)] long ElapsedMs,
    [property: Id(4)] string? Next,
    [property: Id(5)] bool HasMore);
