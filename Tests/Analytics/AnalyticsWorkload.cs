using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Analytics;
using Rowell.Abstractions.Events;
using Rowell.Grains.Events;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Analytics;

/// <summary>One transfer as the workload sent it and as it ended.</summary>
public sealed record SentTransfer(string Id, string From, string To, string ToId, string? ToAccount, string Asset, string Network, string FromCountry, string ToCountry, decimal Amount)
{
    public string Status { get; set; } = "";
    public decimal Fee { get; set; }
    public string FeeAsset { get; set; } = "";
}

/// <summary>
/// An embedded API on an injected clock with a sandbox that fails some settlements and a blocklist that rejects some
/// transfers; it sends a known workload over four corridors, three assets and two networks.
/// </summary>
public sealed class AnalyticsWorkload : IAsyncDisposable
{
    public const string BlockedStellar = "GAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAWHF";
    public const string BlockedHedera = "0.0.98";
    public static readonly (string From, string To)[] Corridors = [("NG", "KE"), ("KE", "NG"), ("GH", "NG"), ("NG", "ZA")];
    public static readonly DateTimeOffset Day1 = new(2026, 11, 16, 9, 0, 0, TimeSpan.Zero);

    public TestClock Clock { get; } = new(Day1);
    public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory { get; }
    public HttpClient Client { get; private set; } = null!;
    public string DeveloperId { get; private set; } = "";
    public List<SentTransfer> Sent { get; } = [];

    private readonly ApiFactory _base;

    public AnalyticsWorkload(int dropPercent = 0)
    {
        _base = new ApiFactory(TestSettings.Embedded() with { SandboxFailureRate = 0.1 }, new Dictionary<string, string>
        {
            ["ROWELL_SANDBOX_FAILURE_RATE"] = "0.1",
            ["ROWELL_COMPLIANCE_BLOCKED"] = $"{BlockedStellar},{BlockedHedera}",
            ["ROWELL_ANALYTICS_DROP_PERCENT"] = dropPercent.ToString(),
            ["ROWELL_ANALYTICS_FLUSH_MS"] = "50",
            ["ROWELL_RATE_LIMIT"] = "off",
        });
        Factory = _base.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock)));
    }

    public async Task StartAsync()
    {
        var anonymous = Factory.CreateClient();
        var response = await anonymous.PostAsync("/api/v1/developers/register", ApiFactory.Json(new { email = $"an{Guid.NewGuid():N}@example.com", first_name = "A", last_name = "N" }));
        var body = await Http.ReadAsync(response, 201);
        DeveloperId = body.GetProperty("data").GetProperty("developer").GetProperty("id").GetString()!;
        Client = Factory.CreateClient();
        Client.DefaultRequestHeaders.Authorization = new("Bearer", body.GetProperty("data").GetProperty("api_key").GetProperty("secret").GetString());
    }

    /// <summary>Sends <paramref name="count"/> transfers on the clock's current day and waits until each one is final.</summary>
    public async Task SendDayAsync(int count, int seed)
    {
        var random = new Random(seed);
        var accounts = new Dictionary<(string Network, string Country), List<string>>();
        foreach (var network in new[] { "stellar", "hedera" })
        {
            foreach (var country in new[] { "NG", "KE", "GH", "ZA" })
            {
                var list = accounts[(network, country)] = [];
                for (var i = 0; i < 3; i++)
                {
                    list.Add((await Http.CreateAccountAsync(Client, network, country)).GetProperty("id").GetString()!);
                }
            }
        }
        var plans = Enumerable.Range(0, count).Select(i =>
        {
            var (from, to) = Corridors[random.Next(Corridors.Length)];
            var network = random.Next(2) == 0 ? "stellar" : "hedera";
            var asset = random.Next(2) == 0 ? "USDC" : network == "stellar" ? "XLM" : "HBAR";
            var sender = accounts[(network, from)][random.Next(3)];
            var rejected = random.Next(20) == 0;
            var toAccount = rejected ? null : accounts[(network, to)][random.Next(3)];
            var toId = toAccount ?? (network == "stellar" ? BlockedStellar : BlockedHedera);
            var amount = Math.Round((decimal)random.Next(1, 200_000) / 100_000m, 5);
            return new SentTransfer("", sender, toId, toId, toAccount, asset, network, from, to, amount);
        }).ToList();
        using var gate = new SemaphoreSlim(8);
        var sent = await Task.WhenAll(plans.Select(async p =>
        {
            await gate.WaitAsync();
            try
            {
                var r = await Client.PostAsync("/api/v1/transfers", ApiFactory.Json(new
                {
                    from_account = p.From, to_account = p.To, asset_code = p.Asset, amount = p.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    from_country = p.FromCountry, to_country = p.ToCountry,
                }));
                var text = await r.Content.ReadAsStringAsync();
                var data = JsonDocument.Parse(text).RootElement;
                Assert.True(r.IsSuccessStatusCode || (int)r.StatusCode == 422, text);
                var id = data.TryGetProperty("data", out var d) ? d.GetProperty("id").GetString()! : data.GetProperty("error").GetProperty("details").GetProperty("transfer_id").GetString()!;
                return p with { Id = id };
            }
            finally
            {
                gate.Release();
            }
        }));
        foreach (var t in sent)
        {
            for (var i = 0; ; i++)
            {
                var v = (await Http.ReadAsync(await Client.GetAsync($"/api/v1/transfers/{t.Id}"), 200)).GetProperty("data");
                t.Status = v.GetProperty("status").GetString()!;
                t.Fee = decimal.Parse(v.GetProperty("fee").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                t.FeeAsset = v.GetProperty("fee_asset").GetString()!;
                if (t.Status is "completed" or "failed" or "rejected")
                {
                    break;
                }
                Assert.True(i < 400, $"transfer {t.Id} stuck in {t.Status}");
                await Task.Delay(25);
            }
        }
        Sent.AddRange(sent);
    }

    /// <summary>The committed event log of the embedded silo.</summary>
    public IReadOnlyList<CommittedEvent> Log =>
        Factory.Services.GetRequiredService<InMemoryEventLog>().All.Where(e => e.DeveloperId == DeveloperId).ToList();

    /// <summary>
    /// Waits until the event relay's stream deliveries have reached the rollups: the dashboard's totals (count and every
    /// outcome) equal <paramref name="x"/>'s, or stop moving for three seconds. Waiting on the count alone is not enough:
    /// a transfer's created event can arrive while its completed or failed event is still on the stream.
    /// </summary>
    public async Task WaitForStreamAsync(ExpectedAnalytics x)
    {
        var expected = (x.Totals.Values.Sum(c => c.Count), x.Totals.Values.Sum(c => c.Completed), x.Totals.Values.Sum(c => c.Failed), x.Totals.Values.Sum(c => c.Rejected));
        (long, long, long, long)? last = null;
        var stableSince = DateTime.UtcNow;
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline; await Task.Delay(100))
        {
            var t = (await GetAsync("/api/v1/analytics/dashboard?start_date=2026-11-16&end_date=2026-11-18")).GetProperty("totals");
            var shown = (N(t, "count"), N(t, "completed_count"), N(t, "failed_count"), N(t, "rejected_count"));
            if (shown == expected)
            {
                return;
            }
            if (shown != last)
            {
                (last, stableSince) = (shown, DateTime.UtcNow);
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(3))
            {
                return;
            }
        }

        static long N(JsonElement e, string name) => e.GetProperty(name).GetInt64();
    }

    /// <summary>Replays the whole log into the developer's rollup grain through the stream's delivery path, then flushes.</summary>
    public async Task ReplayAsync()
    {
        var grain = Factory.Services.GetRequiredService<IClusterClient>().GetGrain<IAnalyticsRollupGrain>(DeveloperId);
        foreach (var chunk in Log.Chunk(500))
        {
            await grain.Deliver(chunk);
        }
        await grain.Flush();
    }

    public async Task<JsonElement> GetAsync(string path) => (await Http.ReadAsync(await Client.GetAsync(path), 200)).GetProperty("data");

    public async ValueTask DisposeAsync()
    {
        await Factory.DisposeAsync();
        await _base.DisposeAsync();
    }
}
