using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>Rollup rows → the API's analytics items: filters, USD values, sort and offset pages.</summary>
public static partial class AnalyticsReports
{
    public static readonly string[] PeriodNames = AnalyticsQueryNames.PeriodNames;

    public static string Kind(string period) => period switch
    {
        "weekly" => Periods.Week,
        "monthly" => Periods.Month,
        _ => Periods.Day,
    };

    /// <summary>The buckets a request covers: every day, ISO week or month that overlaps [start, end].</summary>
    public static (DateTime From, DateTime To) Range(string period, DateOnly start, DateOnly end)
    {
        var kind = Kind(period);
        var from = Periods.Start(kind, Periods.Utc(start));
        var to = Periods.End(kind, Periods.Start(kind, Periods.Utc(end)));
        return (from, to);
    }

    public static DateTime Previous(string period, DateTime start) => Kind(period) switch
    {
        Periods.Week => start.AddDays(-7),
        Periods.Month => start.AddMonths(-1),
        _ => start.AddDays(-1),
    };

    public static AnalyticsPage<RemittanceItem> Remittance(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        var candidates = new List<Candidate>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var k = Dimensions.Split(row.Key);
            var (from, to, asset, network) = (k[0], k[1], k[2]!, k[3]!);
            if (!Matches(r, "from_country", from) || !Matches(r, "to_country", to) || !Matches(r, "asset_code", asset) || !Matches(r, "network", network))
            {
                continue;
            }
            candidates.Add(new Candidate(row.Start, Usd.Value(prices, row.Measures.Volume), row.Measures.Count, Dimensions.Join(from, to, asset, network), i));
        }
        return Page(r, candidates, c =>
        {
            var row = rows[c.Row];
            var k = Dimensions.Split(row.Key);
            var (from, to, asset, network) = (k[0], k[1], k[2]!, k[3]!);
            var m = row.Measures;
            var feeAsset = AnalyticsFormat.FeeAsset(network);
            return new RemittanceItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until),
                from, to, asset, network, Units.Format(m.Volume.GetValueOrDefault(asset)), Usd.Format(c.Usd), m.Count, m.Completed, m.Failed,
                m.Rejected, m.Senders, m.Receivers, Units.Format(m.Fees.GetValueOrDefault(feeAsset)), feeAsset, AnalyticsFormat.SuccessRate(m),
                AnalyticsFormat.Settlement(m));
        }, prices);
    }

    public static AnalyticsPage<StablecoinItem> Stablecoin(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime from, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        var byKey = rows.ToDictionary(x => (x.Key, x.Start));
        var candidates = new List<Candidate>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.Start < from)
            {
                continue;
            }
            var k = Dimensions.Split(row.Key);
            var (asset, network, country) = (k[0]!, k[1]!, k[2]);
            if (!Matches(r, "asset_code", asset) || !Matches(r, "network", network) || !Matches(r, "country_code", country))
            {
                continue;
            }
            candidates.Add(new Candidate(row.Start, Usd.Value(prices, row.Measures.Volume), row.Measures.Count, Dimensions.Join(asset, network, country), i));
        }
        return Page(r, candidates, c =>
        {
            var row = rows[c.Row];
            var k = Dimensions.Split(row.Key);
            var (asset, network, country) = (k[0]!, k[1]!, k[2]);
            var volume = row.Measures.Volume.GetValueOrDefault(asset);
            string? growth = null;
            if (byKey.TryGetValue((row.Key, Previous(r.Period, row.Start)), out var prev) && prev.Measures.Volume.GetValueOrDefault(asset) is var before and > 0)
            {
                growth = AnalyticsFormat.Rate(checked(volume - before), before);
            }
            return new StablecoinItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until), asset, network, country,
                Units.Format(volume), Usd.Format(c.Usd), row.Measures.Count, row.Measures.Users, growth);
        }, prices);
    }

    public static AnalyticsPage<MerchantItem> Merchants(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        return Page(r, KeyedCandidates(r, "account_id", rows, prices), c =>
        {
            var row = rows[c.Row];
            return new MerchantItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until), row.Key,
                Usd.Format(c.Usd), row.Measures.Count, row.Measures.Completed, row.Measures.Senders);
        }, prices);
    }

    public static AnalyticsPage<NetworkItem> Network(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        return Page(r, KeyedCandidates(r, "network", rows, prices), c =>
        {
            var row = rows[c.Row];
            var m = row.Measures;
            var feeAsset = AnalyticsFormat.FeeAsset(row.Key);
            return new NetworkItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until), row.Key, m.Count,
                m.Completed, Usd.Format(c.Usd), AnalyticsFormat.SuccessRate(m), AnalyticsFormat.Average(m.Fees.GetValueOrDefault(feeAsset), m.Completed),
                feeAsset, AnalyticsFormat.Settlement(m), m.Users, m.NewAccounts, m.Deposits, Usd.Format(Usd.Value(prices, m.DepositVolume)));
        }, prices);
    }

    public static bool Reconciled(string kind, DateTime start, DateTime? until) => until is { } u && Periods.End(kind, start) <= u;

    private static string LastDay(string kind, DateTime start) => Periods.Date(Periods.End(kind == Periods.Hour ? Periods.Day : kind, start).AddDays(-1));

    private static bool Matches(AnalyticsRequest r, string filter, string? value) =>
        !r.Filters.TryGetValue(filter, out var wanted) || string.Equals(wanted, value, StringComparison.Ordinal);

    /// <summary>
    /// What a row is sorted by, and which row it is. A range can hold tens of thousands of rows (a month of 1,000
    /// merchants by day) for a page of at most 100, so only the page's rows become items.
    /// </summary>
    private readonly record struct Candidate(DateTime Start, decimal Usd, long Count, string Key, int Row);

    /// <summary>The rows whose whole key is the one <paramref name="filter"/> asks for (or every row without it).</summary>
    private static List<Candidate> KeyedCandidates(AnalyticsRequest r, string filter, IReadOnlyList<StoredRow> rows, IUsdPriceSource prices)
    {
        var candidates = new List<Candidate>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (Matches(r, filter, row.Key))
            {
                candidates.Add(new Candidate(row.Start, Usd.Value(prices, row.Measures.Volume), row.Measures.Count, row.Key, i));
            }
        }
        return candidates;
    }

    /// <summary>
    /// Sorts (period_start by default; volume_usd or count, '-' for descending; ties by period then key) and slices.
    /// </summary>
    private static AnalyticsPage<T> Page<T>(AnalyticsRequest r, List<Candidate> candidates, Func<Candidate, T> item, IUsdPriceSource prices)
    {
        var sort = r.Sort ?? "period_start";
        var descending = sort.StartsWith('-');
        var field = sort.TrimStart('-');
        // Period starts are whole periods (days, ISO weeks, months) shown as yyyy-MM-dd: their order is their dates'.
        IOrderedEnumerable<Candidate> ordered = field switch
        {
            "volume_usd" => descending ? candidates.OrderByDescending(c => c.Usd) : candidates.OrderBy(c => c.Usd),
            "count" => descending ? candidates.OrderByDescending(c => c.Count) : candidates.OrderBy(c => c.Count),
            _ => descending ? candidates.OrderByDescending(c => c.Start) : candidates.OrderBy(c => c.Start),
        };
        var slice = ordered.ThenBy(c => c.Start).ThenBy(c => c.Key, StringComparer.Ordinal).Skip(r.Offset).Take(r.Limit).Select(item).ToList();
        var hasMore = r.Offset + slice.Count < candidates.Count;
        return new AnalyticsPage<T>(slice, hasMore, hasMore ? Cursor(r.Offset + slice.Count) : null, prices.Source, prices.AsOf);
    }

    public static readonly string[] SortNames = AnalyticsQueryNames.SortNames;

    public const string CursorPrefix = AnalyticsQueryNames.CursorPrefix;

    public static string Cursor(int offset) => CursorPrefix + offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
