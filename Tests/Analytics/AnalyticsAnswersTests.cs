using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Rowell.Abstractions.Analytics;
using Rowell.Api.Endpoints;
using Rowell.Api.Infrastructure;
using Rowell.Grains.Analytics;

namespace Rowell.Tests.Analytics;

/// <summary>
/// The API's kept analytics JSON must be the bytes the typed envelope would have written, and kept bytes are only
/// ever sent for the version they were built under.
/// </summary>
public sealed class AnalyticsAnswersTests
{
    private static readonly AnswerVersion V1 = new(null, 0, null, 1, "static");
    private static readonly AnswerVersion V2 = new(null, 0, null, 2, "static");

    private static DashboardReport Report(IReadOnlyList<RecentActivity> recent) => new("2026-11-01", "2026-11-30", false,
        new DashboardTotals(5, 4, 1, 0, "12.50", 3, 1, "0.8000"),
        [new DashboardCorridor("NG", "KE", "12.50", 5)], [new DashboardCountry("NG", "12.50", 5)],
        [new DashboardDay("2026-11-01", true, "12.50", 5, 4)], recent, "static", "2026-12-01");

    private static readonly RecentActivity[] Recent =
    [
        new("evt_1", "transfer.completed", "tr_1", "12.5", "USDC", "stellar", new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero)),
        new("evt_2", "account.created", "acc_1", null, null, null, new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero)),
    ];

    [Fact]
    public void The_dashboard_with_its_recent_activity_spliced_in_is_the_serialised_report()
    {
        var answers = new AnalyticsAnswers();
        var first = answers.Dashboard("k", new DashboardAnswer(V1, Report([]), Recent))!;
        Assert.Equal(JsonSerializer.Serialize(Report(Recent), ApiJson.Options), Encoding.UTF8.GetString(first));
        // Kept: the next request under the same version sends no report, only its own recent activity.
        Assert.Equal(V1, answers.Known("k"));
        var again = answers.Dashboard("k", new DashboardAnswer(V1, null, Recent[1..]))!;
        Assert.Equal(JsonSerializer.Serialize(Report(Recent[1..]), ApiJson.Options), Encoding.UTF8.GetString(again));
    }

    [Fact]
    public void Kept_bytes_are_sent_only_for_their_own_version()
    {
        var answers = new AnalyticsAnswers();
        var page = new AnalyticsPage<MerchantItem>([new MerchantItem("2026-11-01", "2026-11-30", false, "acc_x", "9.00", 2, 2, 1)], false, null, "static", "2026-12-01");
        var json = answers.Json("k", V1, page)!;
        Assert.Equal(JsonSerializer.Serialize(page, ApiJson.Options), Encoding.UTF8.GetString(json));
        Assert.Same(json, answers.Json<AnalyticsPage<MerchantItem>>("k", V1, null));
        // A version nothing was kept under (a concurrent request replaced it) is not answered from other bytes.
        Assert.Null(answers.Json<AnalyticsPage<MerchantItem>>("k", V2, null));
        Assert.Null(answers.Json<AnalyticsPage<MerchantItem>>("other", V1, null));
    }

    [Fact]
    public async Task The_envelope_is_the_typed_results_envelope()
    {
        var page = new AnalyticsPage<MerchantItem>([], false, null, "static", "2026-12-01");
        var data = JsonSerializer.SerializeToUtf8Bytes(page, ApiJson.Options);
        var http = new DefaultHttpContext();
        http.Response.Body = new MemoryStream();
        await new AnalyticsJson<AnalyticsPage<MerchantItem>>(data).ExecuteAsync(http);
        var written = Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        var timestamp = JsonDocument.Parse(written).RootElement.GetProperty("timestamp").GetString()!;
        Assert.Equal(JsonSerializer.Serialize(new SuccessEnvelope<AnalyticsPage<MerchantItem>>(true, page, timestamp), ApiJson.Options), written);
        Assert.Equal("application/json; charset=utf-8", http.Response.ContentType);
        Assert.Equal(200, http.Response.StatusCode);
    }
}
