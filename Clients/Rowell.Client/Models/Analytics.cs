namespace Rowell.Client.Models;

/// <summary>period daily|weekly|monthly; dates are ISO dates.</summary>
public sealed record AnalyticsQuery(string? Period = null, DateOnly? StartDate = null, DateOnly? EndDate = null, int? Limit = null, string? StartingAfter = null)
{
    internal QueryString Apply(QueryString q) => q.With("period", Period).With("start_date", StartDate).With("end_date", EndDate)
        .With("limit", Limit).With("starting_after", StartingAfter);
}

// Analytics amounts and ratios are decimal strings (never floats); periods are ISO dates.

/// <summary>An analytics list: the page plus where the USD rates came from.</summary>
public sealed record AnalyticsPage<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor, string? UsdRateSource, string? UsdRatesAsOf);

public sealed record SettlementSeconds(long Count, string? Mean, string? P50, string? P95);

public sealed record RemittanceItem(string PeriodStart, string PeriodEnd, bool Reconciled, string? FromCountry, string? ToCountry,
    string AssetCode, string Network, string Volume, string VolumeUsd, long Count, long CompletedCount, long FailedCount, long RejectedCount,
    long UniqueSenders, long UniqueReceivers, string Fees, string? FeeAsset, string? SuccessRate, SettlementSeconds? SettlementSeconds);

public sealed record StablecoinItem(string PeriodStart, string PeriodEnd, bool Reconciled, string AssetCode, string Network,
    string? CountryCode, string Volume, string VolumeUsd, long Count, long UniqueUsers, string? VolumeGrowth);

public sealed record MerchantItem(string PeriodStart, string PeriodEnd, bool Reconciled, string AccountId, string VolumeUsd,
    long Count, long CompletedCount, long UniqueCustomers);

public sealed record NetworkItem(string PeriodStart, string PeriodEnd, bool Reconciled, string Network, long Count, long CompletedCount,
    string VolumeUsd, string? SuccessRate, string? AvgFee, string? FeeAsset, SettlementSeconds? SettlementSeconds, long ActiveAccounts,
    long NewAccounts, long Deposits, string? DepositVolumeUsd);

public sealed record AnalyticsDashboard(string PeriodStart, string PeriodEnd, bool Reconciled, DashboardTotals Totals,
    IReadOnlyList<DashboardCorridor> TopCorridors, IReadOnlyList<DashboardCountry> TopCountries, IReadOnlyList<DashboardDay> VolumeByDay,
    IReadOnlyList<RecentActivity> Recent, string? UsdRateSource, string? UsdRatesAsOf);

public sealed record DashboardTotals(long Count, long CompletedCount, long FailedCount, long RejectedCount, string VolumeUsd,
    long Accounts, long NewAccounts, string? SuccessRate);

public sealed record DashboardCorridor(string? FromCountry, string? ToCountry, string VolumeUsd, long Count);

public sealed record DashboardCountry(string? CountryCode, string VolumeUsd, long Count);

public sealed record DashboardDay(string Date, bool Reconciled, string VolumeUsd, long Count, long CompletedCount);

public sealed record RecentActivity(string EventId, string Type, string ObjectId, string? Amount, string? AssetCode, string? Network, DateTimeOffset At);

public sealed record Timeseries(string Metric, string Interval, IReadOnlyList<TimeseriesPoint> Points, string? UsdRateSource, string? UsdRatesAsOf);

public sealed record TimeseriesPoint(DateTimeOffset At, string? Value, bool Reconciled);
