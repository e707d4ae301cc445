using System.Text.RegularExpressions;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Observability;

/// <summary>/metrics on the real API: Prometheus text, no key needed, route templates as labels, never raw ids.</summary>
/// <remarks>
/// Instruments come from each host's IMeterFactory, but the OpenTelemetry exporter listens to meters by name across
/// the process, and a host that shuts down retires the streams its meters fed. Scraping text is therefore done on a
/// host of its own while no other host starts or stops (tests that need exact numbers read their host's meter
/// with a MetricCollector instead, and run in parallel with everything).
/// </remarks>
[Collection(MetricsScrapeCollection.Name)]
public sealed class MetricsHttpTests : IAsyncLifetime
{
    private ApiFactory Factory { get; } = new();

    public Task InitializeAsync()
    {
        Factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await Factory.DisposeAsync();

    [Fact]
    public async Task Requests_are_counted_by_route_template_and_metrics_need_no_key()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var account = await Http.CreateAccountAsync(client);
        var id = account.GetProperty("id").GetString()!;
        await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{id}"), 200);
        await Http.ErrorAsync(await client.GetAsync("/api/v1/accounts/acc_doesnotexist"), 404, "NOT_FOUND");

        var anonymous = Factory.CreateClient();
        var response = await anonymous.GetAsync("/metrics");
        Assert.Equal(200, (int)response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        // The middleware records after the response is handed to the test client: scrape until the last request shows.
        var text = await response.Content.ReadAsStringAsync();
        for (var i = 0; i < 50 && !(text.Contains("status=\"404\"", StringComparison.Ordinal)); i++)
        {
            await Task.Delay(100);
            text = await anonymous.GetStringAsync("/metrics");
        }

        AssertSample(text, "rowell_requests_total", ("endpoint", "/api/v1/accounts/{id}"), ("method", "GET"), ("status", "200"));
        AssertSample(text, "rowell_requests_total", ("endpoint", "/api/v1/accounts/{id}"), ("method", "GET"), ("status", "404"));
        AssertSample(text, "rowell_requests_total", ("endpoint", "/api/v1/accounts"), ("method", "POST"), ("status", "201"));
        AssertSample(text, "rowell_request_duration_seconds_bucket", ("endpoint", "/api/v1/accounts/{id}"), ("method", "GET"), ("le", "0.5"));
        Assert.Contains("# TYPE rowell_request_duration_seconds histogram", text);
        Assert.DoesNotContain(id, text);
        Assert.DoesNotContain("acc_doesnotexist", text);
        // The sandbox ledger is timed through MeteredLedger.
        AssertSample(text, "rowell_ledger_call_duration_seconds_count", ("operation", "create_account"), ("outcome", "ok"));
        // Orleans' own meter is asserted by the stack selftest against real silo processes: in this test
        // process every host creates a "Microsoft.Orleans" meter, the exporter merges same-named streams,
        // and another host's shutdown retires the merged stream, so a check here depends on test order.
    }

    [Fact]
    public async Task Active_accounts_gauge_counts_the_read_model()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        await Http.CreateAccountAsync(client);
        var anonymous = Factory.CreateClient();
        // The sampler refreshes every few seconds; wait for a sample, bounded.
        double? value = null;
        for (var i = 0; i < 40 && value is not (>= 1); i++)
        {
            var text = await anonymous.GetStringAsync("/metrics");
            var match = Regex.Match(text, @"^rowell_active_accounts\{[^}]*\} (\d+)", RegexOptions.Multiline);
            value = match.Success ? double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : null;
            if (value is not (>= 1))
            {
                await Task.Delay(500);
            }
        }
        Assert.True(value >= 1, $"rowell_active_accounts should count at least the account just made, got {value?.ToString() ?? "no sample"}");
    }

    /// <summary>Asserts a sample line of <paramref name="name"/> carrying every given label (any order, others allowed).</summary>
    private static void AssertSample(string text, string name, params (string Key, string Value)[] labels)
    {
        var found = text.Split('\n').Any(line =>
            line.StartsWith(name + "{", StringComparison.Ordinal)
            && labels.All(l => line.Contains($"{l.Key}=\"{l.Value}\"", StringComparison.Ordinal)));
        Assert.True(found, $"no {name} sample with {string.Join(", ", labels.Select(l => $"{l.Key}={l.Value}"))} in:\n{text}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MetricsScrapeCollection
{
    public const string Name = "metrics-scrape";
}
