namespace Rowell.Grains.Analytics;

/// <summary>
/// The analytics query vocabulary the API validates against and the report code interprets: here, in Shared, so the
/// API needs no reference to the analytics implementation (see docs/ARCHITECTURE.md, "Who may reference whom").
/// </summary>
public static class AnalyticsQueryNames
{
    public static readonly string[] PeriodNames = ["daily", "weekly", "monthly"];

    public static readonly string[] SortNames = ["period_start", "-period_start", "volume_usd", "-volume_usd", "count", "-count"];

    public const string CursorPrefix = "anc_";
}
