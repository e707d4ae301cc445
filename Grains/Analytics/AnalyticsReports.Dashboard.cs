using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

public static partial class AnalyticsReports
{
    private const int Top = 5;

    public static DashboardReport Dashboard(AnalyticsRequest r, IReadOnlyList<StoredRow> totals, IReadOnlyList<StoredRow> corridors, long users,
        IReadOnlyList<RecentActivity> recent, DateTime? until, IUsdPriceSource prices)
    {
        var sum = new RollupMeasures();
        foreach (var row in totals)
        {
            sum.AddAdditive(row.Measures);
        }
        var byCorridor = new Dictionary<(string?, string?), (decimal Usd, long Count)>();
        var byCountry = new Dictionary<string, (string? Country, decimal Usd, long Count)>(StringComparer.Ordinal);
        foreach (var row in corridors)
        {
            var k = Dimensions.Split(row.Key);
            var usd = Usd.Value(prices, row.Measures.Volume);
            var c = byCorridor.GetValueOrDefault((k[0], k[1]));
            byCorridor[(k[0], k[1])] = (c.Usd + usd, checked(c.Count + row.Measures.Count));
            var n = byCountry.GetValueOrDefault(k[0] ?? "");
            byCountry[k[0] ?? ""] = (k[0], n.Usd + usd, checked(n.Count + row.Measures.Count));
        }
        var topCorridors = byCorridor.OrderByDescending(kv => kv.Value.Usd).ThenByDescending(kv => kv.Value.Count)
            .ThenBy(kv => Dimensions.Join(kv.Key.Item1, kv.Key.Item2), StringComparer.Ordinal).Take(Top)
            .Select(kv => new DashboardCorridor(kv.Key.Item1, kv.Key.Item2, Usd.Format(kv.Value.Usd), kv.Value.Count)).ToList();
        var topCountries = byCountry.Values.OrderByDescending(v => v.Usd).ThenByDescending(v => v.Count).ThenBy(v => v.Country ?? "", StringComparer.Ordinal)
            .Take(Top).Select(v => new DashboardCountry(v.Country, Usd.Format(v.Usd), v.Count)).ToList();
        var days = totals.ToDictionary(t => t.Start);
        var from = Periods.Utc(r.StartDate);
        var to = Periods.Utc(r.EndDate).AddDays(1);
        var byDay = new List<DashboardDay>();
        for (var d = from; d < to; d = d.AddDays(1))
        {
            var m = days.TryGetValue(d, out var row) ? row.Measures : new RollupMeasures();
            byDay.Add(new DashboardDay(Periods.Date(d), Reconciled(Periods.Day, d, until), Usd.Format(Usd.Value(prices, m.Volume)), m.Count, m.Completed));
        }
        return new DashboardReport(Periods.Date(from), Periods.Date(to.AddDays(-1)), Reconciled(Periods.Day, to.AddDays(-1), until),
            new DashboardTotals(sum.Count, sum.Completed, sum.Failed, sum.Rejected, Usd.Format(Usd.Value(prices, sum.Volume)), users, sum.NewAccounts,
                AnalyticsFormat.SuccessRate(sum)),
            topCorridors, topCountries, byDay, recent, prices.Source, prices.AsOf);
    }

    public static TimeseriesReport Timeseries(string metric, string interval, DateTime from, DateTime to, IReadOnlyList<StoredRow> rows, DateTime? until, IUsdPriceSource prices)
    {
        var kind = interval == "hour" ? Periods.Hour : Periods.Day;
        var byStart = rows.ToDictionary(x => x.Start);
        var points = new List<TimeseriesPoint>();
        for (var t = from; t < to; t = Periods.End(kind, t))
        {
            var m = byStart.TryGetValue(t, out var row) ? row.Measures : new RollupMeasures();
            var value = metric switch
            {
                "volume" => Usd.Format(Usd.Value(prices, m.Volume)),
                "count" => m.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "success_rate" => AnalyticsFormat.SuccessRate(m),
                _ => AnalyticsFormat.Seconds(m.P95Ms),
            };
            points.Add(new TimeseriesPoint(new DateTimeOffset(t, TimeSpan.Zero), value, Reconciled(kind, t, until)));
        }
        return new TimeseriesReport(metric, interval, points, prices.Source, prices.AsOf);
    }
}
