using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>Rollup rows → the API's analytics items: filters, USD values, sort and offset pages.</summary>
public static partial class AnalyticsReports
{
    public static readonly string[] PeriodNames = ["daily", "weekly", "monthly"];

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
        var items = new List<(RemittanceItem Item, decimal Usd)>();
        foreach (var row in rows)
        {
            var k = Dimensions.Split(row.Key);
            var (from, to, asset, network) = (k[0], k[1], k[2]!, k[3]!);
            if (!Matches(r, "from_country", from) || !Matches(r, "to_country", to) || !Matches(r, "asset_code", asset) || !Matches(r, "network", network))
            {
                continue;
            }
            var m = row.Measures;
            var usd = Usd.Value(prices, m.Volume);
            var feeAsset = AnalyticsFormat.FeeAsset(network);
            items.Add((new RemittanceItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until),
                from, to, asset, network, Units.Format(m.Volume.GetValueOrDefault(asset)), Usd.Format(usd), m.Count, m.Completed, m.Failed,
                m.Rejected, m.Senders, m.Receivers, Units.Format(m.Fees.GetValueOrDefault(feeAsset)), feeAsset, AnalyticsFormat.SuccessRate(m),
                AnalyticsFormat.Settlement(m)), usd));
        }
        return Page(r, items, x => x.Item.PeriodStart, x => x.Usd, x => x.Item.Count, x => KeyOf(x.Item), prices);

        static string KeyOf(RemittanceItem i) => Dimensions.Join(i.FromCountry, i.ToCountry, i.AssetCode, i.Network);
    }

    public static AnalyticsPage<StablecoinItem> Stablecoin(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime from, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        var byKey = rows.ToDictionary(x => (x.Key, x.Start));
        var items = new List<(StablecoinItem Item, decimal Usd)>();
        foreach (var row in rows.Where(x => x.Start >= from))
        {
            var k = Dimensions.Split(row.Key);
            var (asset, network, country) = (k[0]!, k[1]!, k[2]);
            if (!Matches(r, "asset_code", asset) || !Matches(r, "network", network) || !Matches(r, "country_code", country))
            {
                continue;
            }
            var volume = row.Measures.Volume.GetValueOrDefault(asset);
            string? growth = null;
            if (byKey.TryGetValue((row.Key, Previous(r.Period, row.Start)), out var prev) && prev.Measures.Volume.GetValueOrDefault(asset) is var before and > 0)
            {
                growth = AnalyticsFormat.Rate(checked(volume - before), before);
            }
            var usd = Usd.Value(prices, row.Measures.Volume);
            items.Add((new StablecoinItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until), asset, network, country,
                Units.Format(volume), Usd.Format(usd), row.Measures.Count, row.Measures.Users, growth), usd));
        }
        return Page(r, items, x => x.Item.PeriodStart, x => x.Usd, x => x.Item.Count,
            x => Dimensions.Join(x.Item.AssetCode, x.Item.Network, x.Item.CountryCode), prices);
    }

    public static AnalyticsPage<MerchantItem> Merchants(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        var items = new List<(MerchantItem Item, decimal Usd)>();
        foreach (var row in rows)
        {
            if (!Matches(r, "account_id", row.Key))
            {
                continue;
            }
            var usd = Usd.Value(prices, row.Measures.Volume);
            items.Add((new MerchantItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until), row.Key,
                Usd.Format(usd), row.Measures.Count, row.Measures.Completed, row.Measures.Senders), usd));
        }
        return Page(r, items, x => x.Item.PeriodStart, x => x.Usd, x => x.Item.Count, x => x.Item.AccountId, prices);
    }

    public static AnalyticsPage<NetworkItem> Network(AnalyticsRequest r, IReadOnlyList<StoredRow> rows, DateTime? until, IUsdPriceSource prices)
    {
        var kind = Kind(r.Period);
        var items = new List<(NetworkItem Item, decimal Usd)>();
        foreach (var row in rows)
        {
            if (!Matches(r, "network", row.Key))
            {
                continue;
            }
            var m = row.Measures;
            var feeAsset = AnalyticsFormat.FeeAsset(row.Key);
            var usd = Usd.Value(prices, m.Volume);
            items.Add((new NetworkItem(Periods.Date(row.Start), LastDay(kind, row.Start), Reconciled(kind, row.Start, until), row.Key, m.Count,
                m.Completed, Usd.Format(usd), AnalyticsFormat.SuccessRate(m), AnalyticsFormat.Average(m.Fees.GetValueOrDefault(feeAsset), m.Completed),
                feeAsset, AnalyticsFormat.Settlement(m), m.Users, m.NewAccounts, m.Deposits, Usd.Format(Usd.Value(prices, m.DepositVolume))), usd));
        }
        return Page(r, items, x => x.Item.PeriodStart, x => x.Usd, x => x.Item.Count, x => x.Item.Network, prices);
    }

    public static bool Reconciled(string kind, DateTime start, DateTime? until) => until is { } u && Periods.End(kind, start) <= u;

    private static string LastDay(string kind, DateTime start) => Periods.Date(Periods.End(kind == Periods.Hour ? Periods.Day : kind, start).AddDays(-1));

    private static bool Matches(AnalyticsRequest r, string filter, string? value) =>
        !r.Filters.TryGetValue(filter, out var wanted) || string.Equals(wanted, value, StringComparison.Ordinal);

    /// <summary>
    /// Sorts (period_start by default; volume_usd or count, '-' for descending; ties by period then key) and slices.
    /// </summary>
    private static AnalyticsPage<T> Page<T>(AnalyticsRequest r, List<(T Item, decimal Usd)> items, Func<(T Item, decimal Usd), string> period,
        Func<(T Item, decimal Usd), decimal> usd, Func<(T Item, decimal Usd), long> count, Func<(T Item, decimal Usd), string> key, IUsdPriceSource prices)
    {
        var sort = r.Sort ?? "period_start";
        var descending = sort.StartsWith('-');
        var field = sort.TrimStart('-');
        IOrderedEnumerable<(T Item, decimal Usd)> ordered = field switch
        {
            "volume_usd" => descending ? items.OrderByDescending(usd) : items.OrderBy(usd),
            "count" => descending ? items.OrderByDescending(count) : items.OrderBy(count),
            _ => descending ? items.OrderByDescending(period, StringComparer.Ordinal) : items.OrderBy(period, StringComparer.Ordinal),
        };
        var sorted = ordered.ThenBy(period, StringComparer.Ordinal).ThenBy(key, StringComparer.Ordinal).ToList();
        var slice = sorted.Skip(r.Offset).Take(r.Limit).Select(x => x.Item).ToList();
        var hasMore = r.Offset + slice.Count < sorted.Count;
        return new AnalyticsPage<T>(slice, hasMore, hasMore ? Cursor(r.Offset + slice.Count) : null, prices.Source, prices.AsOf);
    }

    public static readonly string[] SortNames = ["period_start", "-period_start", "volume_usd", "-volume_usd", "count", "-count"];

    public const string CursorPrefix = "anc_";

    public static string Cursor(int offset) => CursorPrefix + offset.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
