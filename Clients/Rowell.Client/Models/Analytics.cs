using System.Text.Json;

namespace Rowell.Client.Models;

/// <summary>period daily|weekly|monthly; dates are ISO dates.</summary>
public sealed record AnalyticsQuery(string? Period = null, DateOnly? StartDate = null, DateOnly? EndDate = null, int? Limit = null, string? StartingAfter = null)
{
    internal QueryString Apply(QueryString q) => q.With("period", Period).With("start_date", StartDate).With("end_date", EndDate)
        .With("limit", Limit).With("starting_after", StartingAfter);
}

/// <summary>An analytics list: the page plus where the USD rates came from.</summary>
public sealed record AnalyticsPage<T>(IReadOnlyList<T> Items, bool HasMore, string? NextCursor, string? UsdRateSource, DateTimeOffset? UsdRatesAsOf);

public sealed record SettlementSeconds(double? Mean, double? P50, double? P95);

public sealed record RemittanceItem(DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool Reconciled, string FromCountry, string ToCountry,
    string AssetCode, string Network, string Volume, string? VolumeUsd, long Count, long CompletedCount, long FailedCount,
    long UniqueSenders, long UniqueReceivers, string? Fees, JsonElement SuccessRate, SettlementSeconds? SettlementSeconds);

public sealed record StablecoinItem(DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool Reconciled, string AssetCode, string Network,
    string? CountryCode, string Volume, string? VolumeUsd, long Count, long UniqueUsers, JsonElement VolumeGrowth);

public sealed record MerchantItem(DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool Reconciled, string AccountId, string? VolumeUsd,
    long Count, long UniqueCustomers);

public sealed record NetworkItem(DateTimeOffset PeriodStart, DateTimeOffset PeriodEnd, bool Reconciled, string Network, long Count,
    string? VolumeUsd, JsonElement SuccessRate, string? AvgFee, JsonElement SettlementSeconds, long ActiveAccounts, long NewAccounts);

/// <summary>The overview: totals, top corridors and countries, volume by day, recent activity (shapes kept as JSON).</summary>
public sealed record AnalyticsDashboard(JsonElement Totals, JsonElement TopCorridors, JsonElement TopCountries, JsonElement VolumeByDay, JsonElement Recent);

public sealed record Timeseries(JsonElement Points);
