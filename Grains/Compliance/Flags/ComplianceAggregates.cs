using Rowell.Abstractions.Compliance;

namespace Rowell.Grains.Compliance.Flags;

/// <summary>The arithmetic of GET /compliance/flags/analytics and /compliance/reports, one implementation for both stores.</summary>
public static class ComplianceAggregates
{
    public static FlagAnalyticsView Analytics(IReadOnlyList<FlagView> flags)
    {
        static IReadOnlyList<CountBucket> By(IEnumerable<FlagView> rows, Func<FlagView, string> key) =>
            rows.GroupBy(key).Select(g => new CountBucket(g.Key, g.LongCount())).OrderByDescending(b => b.Count).ThenBy(b => b.Key, StringComparer.Ordinal).ToList();

        var hours = flags
            .Select(f => f.History.FirstOrDefault(h => h.Status is "resolved" or "closed") is { } decided ? (decided.At - f.CreatedAt).TotalHours : (double?)null)
            .OfType<double>().Order().ToList();
        double? median = hours.Count == 0 ? null
            : hours.Count % 2 == 1 ? hours[hours.Count / 2] : (hours[hours.Count / 2 - 1] + hours[hours.Count / 2]) / 2;
        return new FlagAnalyticsView(flags.Count, flags.Count(f => f.IsOpen), By(flags, f => f.Status), By(flags, f => f.Severity),
            By(flags, f => f.ReasonCode), By(flags, f => f.EntityType), median is null ? null : Math.Round(median.Value, 4),
            flags.Count == 0 ? 0 : Math.Round(flags.Average(f => f.RiskScore), 2));
    }

    public static DateOnly PeriodStart(DateOnly day, string period) => period switch
    {
        "weekly" => day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), // ISO weeks start on Monday
        "monthly" => new DateOnly(day.Year, day.Month, 1),
        _ => day,
    };

    public static DateOnly PeriodEnd(DateOnly start, string period) => period switch
    {
        "weekly" => start.AddDays(6),
        "monthly" => start.AddMonths(1).AddDays(-1),
        _ => start,
    };

    public static IReadOnlyList<ComplianceReportRow> Report(ComplianceReportQuery q, IReadOnlyList<VerificationView> verifications, IReadOnlyList<FlagView> flags)
    {
        var rows = new Dictionary<(DateOnly, string, string), long[]>();
        long[] Row(DateTimeOffset at, string country, string level)
        {
            var key = (PeriodStart(DateOnly.FromDateTime(at.UtcDateTime), q.Period), country, level);
            return rows.TryGetValue(key, out var counts) ? counts : rows[key] = new long[8];
        }
        foreach (var v in verifications.Where(v => (q.Country is null || v.DocumentCountry == q.Country) && (q.RiskLevel is null || v.RiskLevel == q.RiskLevel)))
        {
            var c = Row(v.CreatedAt, v.DocumentCountry, v.RiskLevel);
            c[0]++;
            c[v.Status switch { "verified" => 1, "pending" => 2, _ => 3 }]++;
        }
        foreach (var f in flags.Where(f => (q.Country is null || f.Country == q.Country) && (q.RiskLevel is null || f.RiskLevel == q.RiskLevel)))
        {
            var c = Row(f.CreatedAt, f.Country ?? "unknown", f.RiskLevel);
            c[4]++;
            c[f.Status switch { "resolved" => 5, "closed" => 6, _ => 7 }]++;
        }
        return rows.OrderBy(r => r.Key.Item1).ThenBy(r => r.Key.Item2, StringComparer.Ordinal).ThenBy(r => r.Key.Item3, StringComparer.Ordinal)
            .Select(r => new ComplianceReportRow(r.Key.Item1, PeriodEnd(r.Key.Item1, q.Period), r.Key.Item2, r.Key.Item3,
                r.Value[0], r.Value[1], r.Value[2], r.Value[3], r.Value[4], r.Value[5], r.Value[6], r.Value[7]))
            .ToList();
    }
}
