using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;
using Rowell.Abstractions.Analytics;
using Rowell.Grains.Analytics;

namespace Rowell.Tests.Analytics;

/// <summary>
/// Analytics answers cross the wire between silo and API in the cluster, where a grain's response is written with
/// its type name. A generic type's alias must name its arity ("…`1") or the reader cannot parse it back: every
/// paged analytics endpoint then failed in the cluster while embedded mode (no serialization) passed.
/// </summary>
public sealed class AnalyticsSerializationTests
{
    private static readonly Serializer Serializer = new ServiceCollection()
        .AddSerializer(b => b.AddAssembly(typeof(AnalyticsPage<>).Assembly).AddAssembly(typeof(AnalyticsAnswer<>).Assembly))
        .BuildServiceProvider().GetRequiredService<Serializer>();

    [Fact]
    public void Analytics_pages_round_trip_as_untyped_responses()
    {
        var settlement = new SettlementSeconds(3, "1.5", "1.2", "2.9");
        object[] answers =
        [
            Page(new RemittanceItem("2026-11-01", "2026-11-01", true, "NG", "KE", "USDC", "stellar", "12.5", "12.50", 4, 3, 1, 0, 2, 2, "0.00001", "XLM", "0.7500", settlement)),
            Page(new MerchantItem("2026-11-01", "2026-11-30", false, "acc_x", "9.00", 2, 2, 1)),
        ];
        foreach (var answer in answers)
        {
            var back = Serializer.Deserialize<object>(Serializer.SerializeToArray<object>(answer))!;
            Assert.Equal(answer.GetType(), back.GetType());
            Assert.Equal(Describe(answer), Describe(back));
        }
    }

    [Fact]
    public void Answers_with_and_without_a_value_round_trip_with_their_version()
    {
        var version = new AnswerVersion(new DateTime(2026, 11, 3, 0, 0, 0, DateTimeKind.Utc), 7, null, 12, "static;2026-12-01;USDC=1");
        var page = Page(new MerchantItem("2026-11-01", "2026-11-30", false, "acc_x", "9.00", 2, 2, 1));
        var full = (AnalyticsAnswer<AnalyticsPage<MerchantItem>>)Serializer.Deserialize<object>(Serializer.SerializeToArray<object>(
            new AnalyticsAnswer<AnalyticsPage<MerchantItem>>(version, page)))!;
        Assert.Equal(version, full.Version);
        Assert.Equal(Describe(page), Describe(full.Value!));
        var unchanged = (AnalyticsAnswer<AnalyticsPage<MerchantItem>>)Serializer.Deserialize<object>(Serializer.SerializeToArray<object>(
            new AnalyticsAnswer<AnalyticsPage<MerchantItem>>(version, null)))!;
        Assert.Equal(version, unchanged.Version);
        Assert.Null(unchanged.Value);
        var recent = new RecentActivity("evt_1", "transfer.created", "tr_1", "1.5", "USDC", "stellar", DateTimeOffset.UnixEpoch);
        var dashboard = (DashboardAnswer)Serializer.Deserialize<object>(Serializer.SerializeToArray<object>(new DashboardAnswer(version, null, [recent])))!;
        Assert.Equal(version, dashboard.Version);
        Assert.Null(dashboard.Report);
        Assert.Equal(recent, Assert.Single(dashboard.Recent));
    }

    private static AnalyticsPage<T> Page<T>(T item) => new([item], true, "off_1", "static", "2026-11-01");

    // Records compare their lists by reference; compare what they print, item by item.
    private static string Describe(object page) => page switch
    {
        AnalyticsPage<RemittanceItem> p => string.Join(";", p.Items) + p with { Items = [] },
        AnalyticsPage<MerchantItem> p => string.Join(";", p.Items) + p with { Items = [] },
        _ => throw new InvalidOperationException(page.GetType().Name),
    };
}
