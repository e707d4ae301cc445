using System.Text.Json;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Platform.PlatformClient;

namespace Rowell.Tests.Platform;

/// <summary>POST /sandbox/simulate as a resource: 202 + Location, progress by polling, ownership, idempotency, reset.</summary>
[Collection(PlatformCollection.Name)]
public sealed class SandboxSimulationTests(PlatformFixture fixture)
{
    private ApiFactory Factory => fixture.Factory;

    /// <summary>A developer on the pro tier: polling every 50-100 ms for up to 30 s must not meet the free tier's limit.</summary>
    private async Task<(HttpClient Client, string DeveloperId, string Key)> PollingDeveloperAsync()
    {
        var developer = await Factory.NewDeveloperAsync();
        await SetTierAsync(Factory, developer.DeveloperId, "pro");
        return developer;
    }

    [Fact]
    public async Task Simulate_answers_202_at_once_then_progress_only_grows_until_completed()
    {
        var (client, _, _) = await PollingDeveloperAsync();
        var response = await SimulateAsync(client, new { accounts = 30, transfers = 300 });

        // The answer is the simulation as started: the work has not begun in this turn.
        var started = (await Http.ReadAsync(response, 202)).GetProperty("data");
        var id = started.GetProperty("id").GetString()!;
        Assert.StartsWith("sim_", id);
        Assert.Equal($"/api/v1/sandbox/simulations/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("sandbox_simulation", started.GetProperty("object").GetString());
        Assert.Equal("running", started.GetProperty("status").GetString());
        Assert.Equal(30, started.GetProperty("requested").GetProperty("accounts").GetInt32());
        Assert.Equal(300, started.GetProperty("requested").GetProperty("transfers").GetInt32());
        Assert.Equal((0, 0, 0, 0), SimulationProgress(started));
        Assert.Equal(JsonValueKind.Null, started.GetProperty("completed_at").ValueKind);
        Assert.Equal(JsonValueKind.Null, started.GetProperty("failure_message").ValueKind);
        Assert.Equal(0, started.GetProperty("account_ids").GetArrayLength());

        // Steps of 25 land one turn at a time, and a GET is served between turns: polling every 5 ms
        // (a step of 25 real creations takes longer than that on any machine) must see one land
        // before the run ends. Bounded, so the pro tier's 1,000 requests a minute are never reached.
        var location = response.Headers.Location!.OriginalString;
        var seen = new List<JsonElement>();
        for (var polls = 0; polls < 400; polls++)
        {
            var snapshot = (await Http.ReadAsync(await client.GetAsync(location), 200)).GetProperty("data");
            seen.Add(snapshot);
            if (snapshot.GetProperty("status").GetString() != "running" || SimulationProgress(snapshot) is { Accounts: > 0 } or { Transfers: > 0 })
            {
                break;
            }
            await Task.Delay(5);
        }
        Assert.Contains(seen, s => s.GetProperty("status").GetString() == "running"
            && SimulationProgress(s) is var p && p.Accounts + p.Transfers + p.Refused is > 0 and < 330);
        seen.AddRange(await PollSimulationAsync(client, location, every: TimeSpan.FromMilliseconds(50)));
        var previous = SimulationProgress(started);
        foreach (var snapshot in seen)
        {
            var now = SimulationProgress(snapshot);
            Assert.True(now.Accounts >= previous.Accounts && now.Transfers >= previous.Transfers && now.Refused >= previous.Refused && now.Percent >= previous.Percent,
                $"progress went back from {previous} to {now}");
            if (snapshot.GetProperty("status").GetString() == "running")
            {
                Assert.True(now.Percent < 100, "only a completed simulation shows 100 %");
            }
            previous = now;
        }

        var done = seen[^1];
        Assert.Equal("completed", done.GetProperty("status").GetString());
        var (accounts, created, refused, percent) = SimulationProgress(done);
        Assert.Equal(30, accounts);
        Assert.Equal(300, created + refused);
        Assert.Equal(100, percent);
        Assert.Equal(created, done.GetProperty("transfer_statuses").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(30, done.GetProperty("account_ids").GetArrayLength());
        Assert.Equal(Math.Min(100, created), done.GetProperty("transfer_ids").GetArrayLength());
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("completed_at").ValueKind);

        // The counters are the truth: exactly that many accounts exist.
        var listed = (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts?limit=100"), 200)).GetProperty("data");
        Assert.Equal(30, listed.GetProperty("items").GetArrayLength());
        Assert.False(listed.GetProperty("has_more").GetBoolean());
    }

    [Fact]
    public async Task Another_developers_simulation_is_404_and_live_keys_are_refused()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var response = await SimulateAsync(client, new { accounts = 2, transfers = 0 });
        var id = (await Http.ReadAsync(response, 202)).GetProperty("data").GetProperty("id").GetString()!;
        await Http.ReadAsync(await client.GetAsync($"/api/v1/sandbox/simulations/{id}"), 200);

        var (stranger, _, _) = await Factory.NewDeveloperAsync();
        await Http.ErrorAsync(await stranger.GetAsync($"/api/v1/sandbox/simulations/{id}"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await client.GetAsync("/api/v1/sandbox/simulations/sim_00000000000000000000"), 404, "NOT_FOUND");
        await Http.ErrorAsync(await client.GetAsync("/api/v1/sandbox/simulations/not-an-id"), 404, "NOT_FOUND");

        var (_, live) = await CreateKeyAsync(client, "live");
        var liveClient = Factory.WithKey(live);
        await Http.ErrorAsync(await liveClient.GetAsync($"/api/v1/sandbox/simulations/{id}"), 403, "FORBIDDEN");
        await Http.ErrorAsync(await SimulateAsync(liveClient, new { accounts = 2 }), 403, "FORBIDDEN");
    }

    [Fact]
    public async Task Bad_sizes_are_400_and_create_nothing()
    {
        var (client, _, _) = await Factory.NewDeveloperAsync();
        var cases = new (object Body, string Field)[]
        {
            (new { accounts = 1 }, "accounts"),
            (new { accounts = 1001 }, "accounts"),
            (new { accounts = "5" }, "accounts"),
            (new { accounts = 2.5 }, "accounts"),
            (new { transfers = -1 }, "transfers"),
            (new { transfers = 10_001 }, "transfers"),
        };
        foreach (var (body, field) in cases)
        {
            var error = await Http.ErrorAsync(await SimulateAsync(client, body, idempotencyKey: "sim-bad-sizes"), 400, "VALIDATION_ERROR");
            Assert.Equal(field, error.GetProperty("details").GetProperty("field").GetString());
        }
        await Http.ErrorAsync(await SimulateAsync(client, new { accounts = 2, colour = "blue" }), 400, "VALIDATION_ERROR");

        Assert.Equal(0, (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
        // Refused before the key was claimed: the corrected request may use the same key.
        await Http.ReadAsync(await SimulateAsync(client, new { accounts = 2, transfers = 0 }, idempotencyKey: "sim-bad-sizes"), 202);
    }

    [Fact]
    public async Task A_retried_post_with_the_same_idempotency_key_is_the_same_simulation()
    {
        var (client, _, _) = await PollingDeveloperAsync();
        var first = await SimulateAsync(client, new { accounts = 3, transfers = 4 }, idempotencyKey: "sim-retry-1");
        var id = (await Http.ReadAsync(first, 202)).GetProperty("data").GetProperty("id").GetString()!;

        var again = await SimulateAsync(client, new { accounts = 3, transfers = 4 }, idempotencyKey: "sim-retry-1");
        Assert.Equal(id, (await Http.ReadAsync(again, 202)).GetProperty("data").GetProperty("id").GetString());
        Assert.Equal("true", Assert.Single(again.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        await Http.ErrorAsync(await SimulateAsync(client, new { accounts = 4, transfers = 4 }, idempotencyKey: "sim-retry-1"), 409, "IDEMPOTENCY_KEY_REUSED");

        var done = (await PollSimulationAsync(client, first.Headers.Location!.OriginalString))[^1];
        Assert.Equal("completed", done.GetProperty("status").GetString());
        // One run, not two: three accounts in all.
        Assert.Equal(3, (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts?limit=100"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Reset_stops_a_running_simulation_and_nothing_is_created_afterwards()
    {
        var (client, _, _) = await PollingDeveloperAsync();
        var response = await SimulateAsync(client, new { accounts = 40, transfers = 5_000 });
        var location = response.Headers.Location!.OriginalString;
        var id = (await Http.ReadAsync(response, 202)).GetProperty("data").GetProperty("id").GetString()!;

        // Wait for real work (some accounts exist), far from the end of a 5 040-item run.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (SimulationProgress((await Http.ReadAsync(await client.GetAsync(location), 200)).GetProperty("data")).Accounts == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "The simulation made no progress.");
            await Task.Delay(50);
        }

        var reset = (await Http.ReadAsync(await client.PostAsync("/api/v1/sandbox/reset", null), 200)).GetProperty("data");
        Assert.Equal([id], reset.GetProperty("stopped_simulations").EnumerateArray().Select(s => s.GetString()));
        Assert.True(reset.GetProperty("deleted_accounts").GetArrayLength() > 0);

        var stopped = (await Http.ReadAsync(await client.GetAsync(location), 200)).GetProperty("data");
        Assert.Equal("failed", stopped.GetProperty("status").GetString());
        Assert.Contains("reset", stopped.GetProperty("failure_message").GetString());
        var atReset = SimulationProgress(stopped);
        Assert.True(atReset.Percent < 100);

        // Several steps' worth of time later: no progress, no accounts.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var later = (await Http.ReadAsync(await client.GetAsync(location), 200)).GetProperty("data");
        Assert.Equal(atReset, SimulationProgress(later));
        Assert.Equal("failed", later.GetProperty("status").GetString());
        Assert.Equal(0, (await Http.ReadAsync(await client.GetAsync("/api/v1/accounts"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());

        // A second reset has nothing left to stop.
        var second = (await Http.ReadAsync(await client.PostAsync("/api/v1/sandbox/reset", null), 200)).GetProperty("data");
        Assert.Equal(0, second.GetProperty("stopped_simulations").GetArrayLength());
    }
}
