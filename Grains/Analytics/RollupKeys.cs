using System.Globalization;

namespace Rowell.Grains.Analytics;

/// <summary>The dimensions a rollup is kept by, and what each bucket key is made of.</summary>
public static class Dimensions
{
    /// <summary>Key: from_country|to_country|asset|network.</summary>
    public const string Corridor = "corridor";
    /// <summary>Key: asset|network|country (the sender's country).</summary>
    public const string Asset = "asset";
    /// <summary>Key: the receiving account id (a merchant is an account that is paid).</summary>
    public const string Merchant = "merchant";
    /// <summary>Key: network.</summary>
    public const string Network = "network";
    /// <summary>Key: "*": everything of the developer and mode.</summary>
    public const string Total = "total";

    public const char Separator = '|';

    // Called for every event by the reconciler: no LINQ, one string.
    public static string Join(string? a, string? b, string? c) => string.Concat(a, "|", b, "|", c);

    public static string Join(string? a, string? b, string? c, string? d) => string.Concat([a, "|", b, "|", c, "|", d]);

    public static string Join(params string?[] parts) => string.Join(Separator, parts.Select(p => p ?? ""));

    public static string?[] Split(string key) => key.Split(Separator).Select(p => p.Length == 0 ? null : p).ToArray();
}

/// <summary>
/// Period kinds. Days are UTC days; weeks are ISO weeks (Monday to Sunday) and months calendar months, both made
/// of whole UTC days, so a week or month is exactly the sum of its days. Hours exist for the total only (charts).
/// </summary>
public static class Periods
{
    public const string Hour = "hour";
    public const string Day = "day";
    public const string Week = "week";
    public const string Month = "month";

    public static DateTime DayOf(DateTimeOffset at) => at.UtcDateTime.Date;

    public static DateTime HourOf(DateTimeOffset at)
    {
        var u = at.UtcDateTime;
        return new DateTime(u.Year, u.Month, u.Day, u.Hour, 0, 0, DateTimeKind.Utc);
    }

    public static DateTime Start(string period, DateTime day) => period switch
    {
        Day => day.Date,
        Week => day.Date.AddDays(-(((int)day.DayOfWeek + 6) % 7)),
        Month => new DateTime(day.Year, day.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        Hour => new DateTime(day.Year, day.Month, day.Day, day.Hour, 0, 0, DateTimeKind.Utc),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period"),
    };

    /// <summary>The exclusive end of the period that starts at <paramref name="start"/>.</summary>
    public static DateTime End(string period, DateTime start) => period switch
    {
        Day => start.AddDays(1),
        Week => start.AddDays(7),
        Month => start.AddMonths(1),
        Hour => start.AddHours(1),
        _ => throw new ArgumentOutOfRangeException(nameof(period), period, "unknown period"),
    };

    public static string Date(DateTime d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static DateTime Utc(DateOnly d) => d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
}

/// <summary>One bucket: dimension × period × key, within one developer and mode.</summary>
public readonly record struct BucketKey(string Dimension, string Period, DateTime Start, string Key)
{
    public DateTime Day => Periods.DayOf(new DateTimeOffset(Start, TimeSpan.Zero));
}
