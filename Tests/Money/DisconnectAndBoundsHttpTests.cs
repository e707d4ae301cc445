using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Api.Auth;
using Rowell.Api.Endpoints;
using Rowell.Grains.Transfers;
using Rowell.Tests.Infrastructure;
using Rowell.Tests.Transfers;

namespace Rowell.Tests.Money;

/// <summary>
/// The embedded API with a fault-injecting transfer store: a client that hangs up after its Idempotency-Key
/// was claimed does not cancel the transfer, and its replay returns the one transfer, paid once. Plus the
/// bounds that keep hostile traffic cheap: cached readiness, negatively cached unknown keys.
/// </summary>
public sealed class DisconnectAndBoundsHttpTests : IAsyncLifetime
{
    private readonly FaultyTransferStore _faulty = new(new InMemoryTransferStore()) { DelayFor = TimeSpan.FromMilliseconds(1500) };
    private ApiFactory _factory = null!;

    public Task InitializeAsync()
    {
        _factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string> { ["ROWELL_RATE_LIMIT"] = "off" }, services: s => s.AddSingleton<ITransferStore>(_faulty));
        _factory.CreateClient().Dispose();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_client_that_disconnects_mid_create_does_not_cancel_it_and_the_replay_returns_the_transfer_paid_once()
    {
        var (client, developerId, _) = await _factory.NewDeveloperAsync();
        var from = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var to = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        var body = new { from_account = from, to_account = to, asset_code = "XLM", amount = "4.5" };
        // The create's first write is held 1.5 s; the client gives up after 0.3 s, while it is held.
        _faulty.Arm(developerId, FaultyTransferStore.Fault.Delay);
        using (var hangUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transfers") { Content = ApiFactory.Json(body) };
            request.Headers.Add("Idempotency-Key", "disconnect-1");
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(request, hangUp.Token));
        }

        // The work went on without the client: the transfer exists and is paid, with nobody asking.
        var listed = await WaitForTransfersAsync(client, 1);
        var id = listed[0].GetProperty("id").GetString()!;

        var replay = new HttpRequestMessage(HttpMethod.Post, "/api/v1/transfers") { Content = ApiFactory.Json(body) };
        replay.Headers.Add("Idempotency-Key", "disconnect-1");
        var response = await client.SendAsync(replay);
        var data = (await Http.ReadAsync(response, 201)).GetProperty("data");
        Assert.Equal(id, data.GetProperty("id").GetString());
        Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());

        await WaitForStatusAsync(client, id, "completed");
        Assert.Single(await WaitForTransfersAsync(client, 1));
        var balances = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{from}/balances"), 200)).GetProperty("data");
        Assert.Equal("9995.4999900", balances.EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM").GetProperty("balance").GetString());
    }

    [Fact]
    public async Task Readiness_runs_at_most_one_probe_per_second_however_often_it_is_asked()
    {
        var client = _factory.CreateClient();
        var probe = _factory.Services.GetRequiredService<ReadinessProbe>();
        var before = probe.Probes;
        var started = DateTime.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ => Assert.Equal(200, (int)(await client.GetAsync("/health/ready")).StatusCode)));
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        Assert.InRange(probe.Probes - before, 1, (long)Math.Ceiling(seconds) + 1);
    }

    [Fact]
    public async Task An_unknown_well_formed_key_asks_the_key_grain_once_not_once_per_request()
    {
        var (_, _, realKey) = await _factory.NewDeveloperAsync();
        // Same shape as a real key (prefix, key id, secret), but never issued.
        var fake = realKey[..8] + new string('a', realKey.Length - 8);
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", fake);
        var misses = _factory.Services.GetRequiredService<ApiKeyMissCache>();
        var before = misses.GrainLookups;
        for (var i = 0; i < 25; i++)
        {
            await Http.ErrorAsync(await client.GetAsync("/api/v1/accounts"), 401, "UNAUTHORIZED");
        }
        Assert.Equal(1, misses.GrainLookups - before);

        // A real key, presented for the first time, still works at once.
        var good = _factory.CreateClient();
        good.DefaultRequestHeaders.Add("X-API-Key", realKey);
        await Http.ReadAsync(await good.GetAsync("/api/v1/accounts"), 200);
    }

    [Fact]
    public async Task Funding_that_would_pass_the_int64_balance_is_a_400_and_leaves_the_balance_as_it_was()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        var account = (await Http.CreateAccountAsync(client)).GetProperty("id").GetString()!;
        // 1e9 XLM (the per-call ceiling) = 1e16 stroops: int64 holds 922 such credits on top of the 10,000 start.
        JsonElement? error = null;
        for (var i = 0; i < 1000 && error is null; i++)
        {
            var response = await client.PostAsync("/api/v1/sandbox/fund", ApiFactory.Json(new { account_id = account, asset_code = "XLM", amount = "1000000000" }));
            if ((int)response.StatusCode != 200)
            {
                error = await Http.ErrorAsync(response, 400, "VALIDATION_ERROR");
            }
        }
        Assert.Equal("amount", error!.Value.GetProperty("details").GetProperty("field").GetString());
        var balances = (await Http.ReadAsync(await client.GetAsync($"/api/v1/accounts/{account}/balances"), 200)).GetProperty("data");
        // 922 credits landed whole, the 923rd not at all.
        Assert.Equal("922000010000.0000000", balances.EnumerateArray().Single(b => b.GetProperty("asset_code").GetString() == "XLM").GetProperty("balance").GetString());
    }

    private static async Task<List<JsonElement>> WaitForTransfersAsync(HttpClient client, int count)
    {
        for (var i = 0; ; i++)
        {
            var items = (await Http.ReadAsync(await client.GetAsync("/api/v1/transfers"), 200)).GetProperty("data").GetProperty("items").EnumerateArray().ToList();
            if (items.Count >= count || i > 100)
            {
                Assert.Equal(count, items.Count);
                return items;
            }
            await Task.Delay(50);
        }
    }

    private static async Task WaitForStatusAsync(HttpClient client, string id, string status)
    {
        var now = "";
        for (var i = 0; i < 200 && now != status; i++)
        {
            await Task.Delay(50);
            now = (await Http.ReadAsync(await client.GetAsync($"/api/v1/transfers/{id}/status"), 200)).GetProperty("data").GetProperty("status").GetString()!;
        }
        Assert.Equal(status, now);
    }
}
