using Rowell.Tests.Api;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Analytics;

/// <summary>Bad analytics queries are 400 VALIDATION_ERROR naming the field; good ones answer with the rate source.</summary>
[Collection(ApiCollection.Name)]
public sealed class AnalyticsValidationTests(ApiFixture fixture)
{
    [Theory]
    [InlineData("/api/v1/analytics/remittance?start_date=2026-13-01", "start_date")]
    [InlineData("/api/v1/analytics/remittance?start_date=yesterday", "start_date")]
    [InlineData("/api/v1/analytics/remittance?end_date=2026-02-30", "end_date")]
    [InlineData("/api/v1/analytics/stablecoin?start_date=2026-05-02&end_date=2026-05-01", "end_date")]
    [InlineData("/api/v1/analytics/merchants?start_date=2025-01-01&end_date=2026-01-02", "end_date")]
    [InlineData("/api/v1/analytics/network?period=hourly", "period")]
    [InlineData("/api/v1/analytics/network?network=bitcoin", "network")]
    [InlineData("/api/v1/analytics/remittance?asset_code=DOGE", "asset_code")]
    [InlineData("/api/v1/analytics/remittance?from_country=US", "from_country")]
    [InlineData("/api/v1/analytics/remittance?sort=volume", "sort")]
    [InlineData("/api/v1/analytics/remittance?limit=0", "limit")]
    [InlineData("/api/v1/analytics/remittance?cursor=abc", "cursor")]
    [InlineData("/api/v1/analytics/merchants?account_id=tr_123", "account_id")]
    [InlineData("/api/v1/analytics/timeseries?metric=revenue", "metric")]
    [InlineData("/api/v1/analytics/timeseries?interval=minute", "interval")]
    [InlineData("/api/v1/analytics/timeseries?interval=hour&start_date=2026-01-01&end_date=2026-03-01", "end_date")]
    public async Task Bad_queries_are_400_with_the_field(string path, string field)
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var error = await Http.ErrorAsync(await client.GetAsync(path), 400, "VALIDATION_ERROR");
        Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
    }

    [Fact]
    public async Task Long_ranges_are_fine_in_weeks_and_months_and_every_answer_names_its_rates()
    {
        var (client, _, _) = await fixture.Factory.NewDeveloperAsync();
        var page = (await Http.ReadAsync(await client.GetAsync("/api/v1/analytics/merchants?period=monthly&start_date=2025-01-01&end_date=2026-06-30"), 200)).GetProperty("data");
        Assert.Equal("static", page.GetProperty("usd_rate_source").GetString());
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.False(page.GetProperty("has_more").GetBoolean());
        var dashboard = (await Http.ReadAsync(await client.GetAsync("/api/v1/analytics/dashboard"), 200)).GetProperty("data");
        Assert.Equal(30, dashboard.GetProperty("volume_by_day").GetArrayLength());
        Assert.Equal("0.00", dashboard.GetProperty("totals").GetProperty("volume_usd").GetString());
        await Http.ErrorAsync(await fixture.Factory.CreateClient().GetAsync("/api/v1/analytics/dashboard"), 401, "UNAUTHORIZED");
    }
}
