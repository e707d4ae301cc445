using System.Globalization;
using System.Text.Json;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Analytics;

/// <summary>
/// Known workloads through the API on an injected clock over three UTC days; every endpoint must show exactly
/// the numbers computed independently from the workload (<see cref="ExpectedAnalytics"/>).
/// </summary>
public sealed class AnalyticsAcceptanceTests
{
    private const string Range = "start_date=2026-11-16&end_date=2026-11-18";

    [Fact]
    public async Task A_known_workload_shows_exact_numbers_at_every_endpoint_and_replays_change_nothing()
    {
        await using var w = new AnalyticsWorkload();
        await w.StartAsync();
        for (var day = 0; day < 3; day++)
        {
            w.Clock.Set(AnalyticsWorkload.Day1.AddDays(day));
            await w.SendDayAsync(700, seed: 11 + day);
        }
        Assert.True(w.Sent.Count >= 2000);
        Assert.Contains(w.Sent, t => t.Status == "failed");
        Assert.Contains(w.Sent, t => t.Status == "rejected");
        Assert.Equal(3, w.Log.Select(e => e.CreatedAt.UtcDateTime.Date).Distinct().Count());
        // The event relay publishes every committed event to the developer's stream; the rollup grain takes it from there.
        var expected = new ExpectedAnalytics(w.Sent, w.Log);
        await w.WaitForStreamAsync(expected);
        // Closed days may already be reconciled by the reminder (its first tick is a minute after start): either way exact.
        await AssertExactAsync(w, expected, reconciled: null);

        // The whole log again, twice (open days: deduplicated by event id).
        var before = await SnapshotAsync(w);
        await w.ReplayAsync();
        await w.ReplayAsync();
        Assert.Equal(before, await SnapshotAsync(w));
    }

    [Fact]
    public async Task Dropped_deliveries_are_corrected_by_the_reconciler_and_replays_after_it_change_nothing()
    {
        await using var w = new AnalyticsWorkload(dropPercent: 30);
        await w.StartAsync();
        for (var day = 0; day < 3; day++)
        {
            w.Clock.Set(AnalyticsWorkload.Day1.AddDays(day));
            await w.SendDayAsync(150, seed: 101 + day);
        }
        var expected = new ExpectedAnalytics(w.Sent, w.Log);
        await w.WaitForStreamAsync(expected);
        var shown = await w.GetAsync($"/api/v1/analytics/dashboard?{Range}");
        Assert.True(shown.GetProperty("totals").GetProperty("count").GetInt64() < expected.Totals.Values.Sum(c => c.Count), "the hook dropped deliveries");

        // Days close; the reconciler recomputes them from the log and reports its corrections.
        w.Clock.Set(AnalyticsWorkload.Day1.AddDays(5));
        var report = (await Http.ReadAsync(await w.Client.PostAsync("/api/v1/analytics/reconcile", null), 200)).GetProperty("data");
        Assert.Equal(3, report.GetProperty("days").GetInt32());
        Assert.True(report.GetProperty("corrections").GetInt32() > 0);
        await AssertExactAsync(w, expected, reconciled: true);

        var before = await SnapshotAsync(w);
        await w.ReplayAsync();
        await w.ReplayAsync();
        Assert.Equal(before, await SnapshotAsync(w));
        // A second reconciliation finds nothing to correct.
        var again = (await Http.ReadAsync(await w.Client.PostAsync("/api/v1/analytics/reconcile?from=2026-11-16", null), 200)).GetProperty("data");
        Assert.Equal(0, again.GetProperty("corrections").GetInt32());
        Assert.Equal(before, await SnapshotAsync(w));
    }

    private static async Task<string> SnapshotAsync(AnalyticsWorkload w)
    {
        var parts = new List<string>();
        foreach (var path in new[] { "remittance", "stablecoin", "merchants", "network" })
        {
            parts.Add((await w.GetAsync($"/api/v1/analytics/{path}?{Range}&limit=100")).GetRawText());
        }
        var dashboard = await w.GetAsync($"/api/v1/analytics/dashboard?{Range}");
        parts.Add(dashboard.GetProperty("totals").GetRawText() + dashboard.GetProperty("volume_by_day").GetRawText());
        parts.Add((await w.GetAsync($"/api/v1/analytics/timeseries?{Range}&metric=settlement_p95&interval=hour")).GetRawText());
        return string.Join("\n", parts);
    }

    private static async Task AssertExactAsync(AnalyticsWorkload w, ExpectedAnalytics x, bool? reconciled)
    {
        var remittance = await w.GetAsync($"/api/v1/analytics/remittance?{Range}&limit=100");
        Assert.Equal("static", remittance.GetProperty("usd_rate_source").GetString());
        Assert.Equal("2026-12-01", remittance.GetProperty("usd_rates_as_of").GetString());
        var items = Items(remittance);
        Assert.Equal(x.Corridors.Count, items.Count);
        foreach (var i in items)
        {
            var c = x.Corridors[(Day(i), $"{S(i, "from_country")}|{S(i, "to_country")}|{S(i, "asset_code")}|{S(i, "network")}")];
            if (reconciled is { } r)
            {
                Assert.Equal(r, i.GetProperty("reconciled").GetBoolean());
            }
            Assert.Equal((c.Count, c.Completed, c.Failed, c.Rejected), (L(i, "count"), L(i, "completed_count"), L(i, "failed_count"), L(i, "rejected_count")));
            Assert.Equal(c.Volume, D(i, "volume"));
            Assert.Equal(ExpectedAnalytics.UsdText(c), S(i, "volume_usd"));
            Assert.Equal(c.Fees, D(i, "fees"));
            Assert.Equal((c.Senders.Count, c.Receivers.Count), ((int)L(i, "unique_senders"), (int)L(i, "unique_receivers")));
            Assert.Equal(ExpectedAnalytics.Rate(c), S(i, "success_rate"));
            var s = i.GetProperty("settlement_seconds");
            Assert.Equal((ExpectedAnalytics.Mean(c), ExpectedAnalytics.Percentile(c, 0.5), ExpectedAnalytics.Percentile(c, 0.95)), (S(s, "mean"), S(s, "p50"), S(s, "p95")));
        }

        // Weekly: the three days are one ISO week; uniques are the union over the days, not a sum.
        var weekly = Items(await w.GetAsync($"/api/v1/analytics/remittance?{Range}&period=weekly&limit=100"));
        foreach (var i in weekly)
        {
            var key = $"{S(i, "from_country")}|{S(i, "to_country")}|{S(i, "asset_code")}|{S(i, "network")}";
            var days = x.Corridors.Where(kv => kv.Key.Key == key).Select(kv => kv.Value).ToList();
            Assert.Equal("2026-11-16", S(i, "period_start"));
            Assert.Equal("2026-11-22", S(i, "period_end"));
            Assert.Equal(days.Sum(c => c.Count), L(i, "count"));
            Assert.Equal(days.SelectMany(c => c.Senders).Distinct().Count(), (int)L(i, "unique_senders"));
            Assert.Equal(days.Sum(c => c.Volume), D(i, "volume"));
        }
        Assert.Equal(x.Corridors.Keys.Select(k => k.Key).Distinct().Count(), weekly.Count);

        var stablecoin = Items(await w.GetAsync($"/api/v1/analytics/stablecoin?{Range}&limit=100"));
        Assert.Equal(x.Assets.Count, stablecoin.Count);
        foreach (var i in stablecoin)
        {
            var c = x.Assets[(Day(i), $"{S(i, "asset_code")}|{S(i, "network")}|{S(i, "country_code")}")];
            Assert.Equal((c.Count, c.Volume, ExpectedAnalytics.UsdText(c), (long)c.Users.Count), (L(i, "count"), D(i, "volume"), S(i, "volume_usd"), L(i, "unique_users")));
        }

        var merchants = Items(await w.GetAsync($"/api/v1/analytics/merchants?{Range}&limit=100"));
        Assert.Equal(x.Merchants.Count, merchants.Count);
        foreach (var i in merchants)
        {
            var c = x.Merchants[(Day(i), S(i, "account_id")!)];
            Assert.Equal((c.Count, c.Completed, ExpectedAnalytics.UsdText(c), (long)c.Senders.Count), (L(i, "count"), L(i, "completed_count"), S(i, "volume_usd"), L(i, "unique_customers")));
        }

        var network = Items(await w.GetAsync($"/api/v1/analytics/network?{Range}&limit=100"));
        Assert.Equal(x.Networks.Count, network.Count);
        foreach (var i in network)
        {
            var c = x.Networks[(Day(i), S(i, "network")!)];
            Assert.Equal((c.Count, c.Completed, ExpectedAnalytics.UsdText(c), ExpectedAnalytics.Rate(c), (long)c.Users.Count),
                (L(i, "count"), L(i, "completed_count"), S(i, "volume_usd"), S(i, "success_rate"), L(i, "active_accounts")));
            Assert.Equal(Math.Round(c.Fees / c.Completed, 8, MidpointRounding.AwayFromZero), D(i, "avg_fee"));
            Assert.Equal(ExpectedAnalytics.Percentile(c, 0.95), S(i.GetProperty("settlement_seconds"), "p95"));
        }

        var dashboard = await w.GetAsync($"/api/v1/analytics/dashboard?{Range}");
        var totals = dashboard.GetProperty("totals");
        var all = new ExpectedAnalytics.Cell();
        foreach (var c in x.Totals.Values)
        {
            all.Count += c.Count; all.Completed += c.Completed; all.Failed += c.Failed; all.Rejected += c.Rejected;
            foreach (var (asset, v) in c.VolumeByAsset) all.VolumeByAsset[asset] = all.VolumeByAsset.GetValueOrDefault(asset) + v;
            all.Users.UnionWith(c.Users);
        }
        Assert.Equal((all.Count, all.Completed, all.Failed, all.Rejected, ExpectedAnalytics.UsdText(all), (long)all.Users.Count, ExpectedAnalytics.Rate(all)),
            (L(totals, "count"), L(totals, "completed_count"), L(totals, "failed_count"), L(totals, "rejected_count"), S(totals, "volume_usd"), L(totals, "accounts"), S(totals, "success_rate")));
        var byDay = dashboard.GetProperty("volume_by_day").EnumerateArray().ToList();
        Assert.Equal(3, byDay.Count);
        foreach (var d in byDay)
        {
            var c = x.Totals[DateTime.ParseExact(S(d, "date")!, "yyyy-MM-dd", CultureInfo.InvariantCulture)];
            Assert.Equal((ExpectedAnalytics.UsdText(c), c.Count, c.Completed), (S(d, "volume_usd"), L(d, "count"), L(d, "completed_count")));
        }
        var top = dashboard.GetProperty("top_corridors").EnumerateArray().First();
        var bestCorridor = x.Corridors.GroupBy(kv => string.Join('|', kv.Key.Key.Split('|').Take(2)))
            .Select(g => (Key: g.Key, Usd: g.Sum(kv => ExpectedAnalytics.Usd(kv.Value)))).OrderByDescending(g => g.Usd).First();
        Assert.Equal(bestCorridor.Key, $"{S(top, "from_country")}|{S(top, "to_country")}");
        Assert.Equal(10, dashboard.GetProperty("recent").GetArrayLength());

        var counts = (await w.GetAsync($"/api/v1/analytics/timeseries?{Range}&metric=count&interval=day")).GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(x.Totals.OrderBy(kv => kv.Key).Select(kv => kv.Value.Count.ToString(CultureInfo.InvariantCulture)), counts.Select(p => S(p, "value")));
        var hours = (await w.GetAsync($"/api/v1/analytics/timeseries?{Range}&metric=count&interval=hour")).GetProperty("points").EnumerateArray().ToList();
        Assert.Equal(72, hours.Count);
        Assert.Equal(all.Count, hours.Sum(p => long.Parse(S(p, "value")!, CultureInfo.InvariantCulture)));
    }

    private static List<JsonElement> Items(JsonElement page) => page.GetProperty("items").EnumerateArray().ToList();
    private static DateTime Day(JsonElement i) => DateTime.ParseExact(S(i, "period_start")!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    private static string? S(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();
    private static long L(JsonElement e, string name) => e.GetProperty(name).GetInt64();
    private static decimal D(JsonElement e, string name) => decimal.Parse(S(e, name)!, CultureInfo.InvariantCulture);
}
