using CsCheck;
using Rowell.Abstractions.Analytics;
using Rowell.Grains.Analytics;

namespace Rowell.Tests.Analytics;

/// <summary>
/// Pages of a report are the slices of all its items in sort order, whatever the sort, limit and offset: checked
/// against sorting every item the plain way (the report builds items for the page's rows only).
/// </summary>
public sealed class AnalyticsPagingTests
{
    private static readonly DateTime Day0 = new(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc);

    // Few merchants, days and volumes, so ties on every sort key are common and the tie-breaks decide.
    private static readonly Gen<StoredRow> Row =
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 2], Gen.Int[1, 4]).Select((merchant, day, count, usdc, xlm) =>
        {
            var m = new RollupMeasures { Count = count, Completed = count };
            m.Volume["USDC"] = usdc * 100_000_000L; // whole dollars (8-decimal units), so the shown USD is exact
            m.Volume["XLM"] = xlm * 400_000_000L;
            return new StoredRow("acc_m" + merchant, Day0.AddDays(day), m);
        });

    private static readonly Gen<List<StoredRow>> Rows = Row.List[0, 40].Select(rows =>
        rows.DistinctBy(r => (r.Key, r.Start)).ToList()); // a bucket is one row

    [Fact]
    public void Every_page_is_the_slice_of_all_items_in_sort_order() =>
        Gen.Select(Rows, Gen.Int[0, AnalyticsQueryNames.SortNames.Length - 1].Select(i => AnalyticsQueryNames.SortNames[i]), Gen.Int[1, 10], Gen.Int[0, 45]).Sample((rows, sort, limit, offset) =>
        {
            var r = new AnalyticsRequest("dev", "test", "daily", DateOnly.FromDateTime(Day0), DateOnly.FromDateTime(Day0.AddDays(3)),
                new Dictionary<string, string>(), sort, limit, offset);
            var page = AnalyticsReports.Merchants(r, rows, null, StaticUsdRates.Default);

            var all = AnalyticsReports.Merchants(r with { Sort = "period_start", Limit = 1000, Offset = 0 }, rows, null, StaticUsdRates.Default).Items;
            var descending = sort.StartsWith('-');
            IOrderedEnumerable<MerchantItem> ordered = sort.TrimStart('-') switch
            {
                "volume_usd" => descending ? all.OrderByDescending(i => decimal.Parse(i.VolumeUsd, System.Globalization.CultureInfo.InvariantCulture)) : all.OrderBy(i => decimal.Parse(i.VolumeUsd, System.Globalization.CultureInfo.InvariantCulture)),
                "count" => descending ? all.OrderByDescending(i => i.Count) : all.OrderBy(i => i.Count),
                _ => descending ? all.OrderByDescending(i => i.PeriodStart, StringComparer.Ordinal) : all.OrderBy(i => i.PeriodStart, StringComparer.Ordinal),
            };
            var expected = ordered.ThenBy(i => i.PeriodStart, StringComparer.Ordinal).ThenBy(i => i.AccountId, StringComparer.Ordinal)
                .Skip(offset).Take(limit).ToList();
            var more = offset + expected.Count < all.Count;
            return all.Count == rows.Count && page.Items.SequenceEqual(expected) && page.HasMore == more &&
                page.NextCursor == (more ? AnalyticsReports.Cursor(offset + expected.Count) : null);
        }, iter: 3_000);
}
