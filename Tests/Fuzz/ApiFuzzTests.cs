using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rowell.Tests.Fuzz;

/// <summary>
/// A seeded, reproducible fuzz run over every operation of /openapi/v1.json on the embedded API.
/// ROWELL_FUZZ_REQUESTS sets the count (default 2,000; scripts/fuzz.sh runs 10,000), ROWELL_FUZZ_SEED the seed.
/// Asserts: no response ≥ 500; every 4xx is the error envelope; every operation was hit; the sandbox books have
/// no negative balance and balance per asset (sum = opened + funded − fees burnt), funding added exactly what was
/// acknowledged; a bystander developer's data is byte-for-byte what it was.
/// </summary>
public sealed class ApiFuzzTests(ITestOutputHelper output)
{
    private static int Requests => int.TryParse(Environment.GetEnvironmentVariable("ROWELL_FUZZ_REQUESTS"), out var n) && n > 0 ? n : 2_000;
    private static int Seed => int.TryParse(Environment.GetEnvironmentVariable("ROWELL_FUZZ_SEED"), out var s) ? s : 20_261_202;

    [Fact]
    public async Task Hostile_requests_over_every_endpoint_never_get_a_5xx_and_never_move_money_they_should_not()
    {
        // Rate limits off (a 429 would hide what is behind it); logs at Warning (a 5xx is still logged as an error).
        await using var factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string>
        {
            ["ROWELL_RATE_LIMIT"] = "off",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        var anonymous = factory.CreateClient();
        var document = JsonDocument.Parse(await anonymous.GetStringAsync("/openapi/v1.json")).RootElement;
        var operations = FuzzOperation.Read(document);
        Assert.True(operations.Count >= 20, $"the OpenAPI document lists only {operations.Count} operations");

        // The bystander: a developer with accounts, a settled transfer and metadata; nobody uses its key during the run.
        var (bystander, _, _) = await factory.NewDeveloperAsync();
        var world = new FuzzWorld();
        var b1 = (await Http.CreateAccountAsync(bystander)).GetProperty("id").GetString()!;
        var b2 = (await Http.CreateAccountAsync(bystander, "hedera")).GetProperty("id").GetString()!;
        var b3 = (await Http.CreateAccountAsync(bystander)).GetProperty("id").GetString()!;
        var bt = (await Http.ReadAsync(await bystander.PostAsync("/api/v1/transfers", ApiFactory.Json(new { from_account = b1, to_account = b3, asset_code = "XLM", amount = "2.5", metadata = new { who = "bystander" } })), 201))
            .GetProperty("data").GetProperty("id").GetString()!;
        await Task.Delay(1500); // settles
        world.BystanderIds.AddRange([b1, b2, b3, bt]);
        var before = await SnapshotAsync(bystander, [b1, b2, b3], bt);

        var (fuzzer, _, key) = await factory.NewDeveloperAsync();
        world.Key = key;
        world.UnknownKey = key[..8] + new string('q', key.Length - 8);
        for (var i = 0; i < 3; i++)
        {
            world.Accounts.Add((await Http.CreateAccountAsync(fuzzer)).GetProperty("id").GetString()!);
            world.Accounts.Add((await Http.CreateAccountAsync(fuzzer, "hedera")).GetProperty("id").GetString()!);
        }
        var books = factory.Services.GetRequiredService<ISandboxLedgerStore>() as InMemorySandboxLedgerStore
            ?? throw new InvalidOperationException("the embedded API should use the in-memory sandbox books");
        var booksBefore = books.Audit();

        var random = new Random(Seed);
        var builder = new FuzzRequestBuilder(random, world) { HugeBodiesLeft = Math.Max(2, Requests / 1000) };
        var client = factory.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(60);
        var failures = new List<string>();
        var hits = operations.ToDictionary(o => o.Label, _ => 0);
        var statuses = new SortedDictionary<int, int>();
        var funded = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var unattributedFunding = 0;
        // Operations in a shuffled round robin: every one is hit about equally, in a seeded order.
        var order = Enumerable.Range(0, Requests).Select(i => operations[i % operations.Count]).OrderBy(_ => random.Next()).ToList();
        foreach (var op in order)
        {
            var request = builder.Build(op);
            hits[op.Label]++;
            using var response = await client.SendAsync(request.Message);
            var status = (int)response.StatusCode;
            statuses[status] = statuses.GetValueOrDefault(status) + 1;
            var text = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                failures.Add($"{status} for {request.Describe}\n    → {Trim(text)}");
                continue;
            }
            if (status >= 400 && !IsErrorEnvelope(text))
            {
                failures.Add($"{status} without the error envelope for {request.Describe}\n    → {Trim(text)}");
            }
            if (status < 300 && request.UsesBystander && request.Message.Method != HttpMethod.Get)
            {
                failures.Add($"{status} on a write that named the bystander's data: {request.Describe}");
            }
            if (status < 300 && request.UsesBystander && request.Message.Method == HttpMethod.Get && text.Contains("bystander", StringComparison.Ordinal))
            {
                failures.Add($"{status}: the bystander's data was readable: {request.Describe}");
            }
            if (status < 300)
            {
                Harvest(world, op, text);
                if (op.Path.EndsWith("/sandbox/fund", StringComparison.Ordinal) && request.Message.Method == HttpMethod.Post)
                {
                    if (request.Funds is { } f && Rowell.Abstractions.Common.Money.TryParse(f.Amount, out var amount, out _))
                    {
                        funded[f.Asset] = funded.GetValueOrDefault(f.Asset) + amount;
                    }
                    else
                    {
                        unattributedFunding++;
                    }
                }
            }
        }
        output.WriteLine($"seed {Seed}, {Requests} requests over {operations.Count} operations; statuses: {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}");

        // Money: no negative balance, every asset's books balance, and funding added exactly what was acknowledged.
        var booksAfter = books.Audit();
        foreach (var asset in booksAfter)
        {
            if (asset.Lowest < 0)
            {
                failures.Add($"negative balance on {asset.Network} {asset.Asset}: {asset.Lowest}");
            }
            if (asset.Balances != asset.Opened + asset.Credited - asset.Burnt)
            {
                failures.Add($"{asset.Network} {asset.Asset} does not balance: sum {asset.Balances} ≠ opened {asset.Opened} + funded {asset.Credited} − fees {asset.Burnt}");
            }
        }
        foreach (var code in AssetCatalog.Codes)
        {
            var credited = booksAfter.Where(b => b.Asset == code).Sum(b => b.Credited / Scale(b.Network, code))
                - booksBefore.Where(b => b.Asset == code).Sum(b => b.Credited / Scale(b.Network, code));
            if (credited != funded.GetValueOrDefault(code))
            {
                failures.Add($"{code}: the books were funded {credited}, the API acknowledged {funded.GetValueOrDefault(code)}");
            }
        }
        if (unattributedFunding > 0)
        {
            failures.Add($"{unattributedFunding} acknowledged fundings whose amount the fuzzer cannot account for");
        }
        var after = await SnapshotAsync(bystander, [b1, b2, b3], bt);
        if (after != before)
        {
            failures.Add($"the bystander's data changed:\n before {Trim(before)}\n after  {Trim(after)}");
        }
        foreach (var (label, count) in hits.Where(h => h.Value == 0))
        {
            failures.Add($"{label} was never exercised");
        }
        foreach (var f in failures.Take(40))
        {
            output.WriteLine(f);
        }
        Assert.True(failures.Count == 0, $"{failures.Count} fuzz failures (seed {Seed}); first: {failures.FirstOrDefault()}");
    }

    private static decimal Scale(Network network, string code) =>
        (decimal)Math.Pow(10, AssetCatalog.Find(network, LedgerEnvironment.Testnet, code)?.Decimals ?? 0);

    private static bool IsErrorEnvelope(string text)
    {
        try
        {
            var json = JsonDocument.Parse(text).RootElement;
            return json.GetProperty("success").GetBoolean() == false
                && json.GetProperty("error").GetProperty("code").GetString() is { Length: > 0 }
                && json.GetProperty("error").GetProperty("message").GetString() is { Length: > 0 }
                && json.GetProperty("request_id").GetString()!.StartsWith("req_", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return false;
        }
    }

    /// <summary>Ids from successful answers become targets for later requests.</summary>
    private static void Harvest(FuzzWorld world, FuzzOperation op, string text)
    {
        try
        {
            if (!JsonDocument.Parse(text).RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                return;
            }
            if (data.TryGetProperty("id", out var id) && id.GetString() is { } s && world.Accounts.Count + world.Transfers.Count < 500)
            {
                (s.StartsWith("acc_", StringComparison.Ordinal) ? world.Accounts
                    : s.StartsWith("tr_", StringComparison.Ordinal) ? world.Transfers
                    : s.StartsWith("sim_", StringComparison.Ordinal) ? world.Simulations : null)?.Add(s);
            }
            if (data.TryGetProperty("transaction_hash", out var hash) && hash.ValueKind == JsonValueKind.String && world.Hashes.Count < 200)
            {
                world.Hashes.Add(hash.GetString()!);
            }
        }
        catch (JsonException)
        {
        }
    }

    /// <summary>The bystander's accounts, balances, wallets and transfers as the API returns them (envelope timestamps stripped).</summary>
    private static async Task<string> SnapshotAsync(HttpClient client, string[] accounts, string transfer)
    {
        var parts = new List<string>();
        async Task Add(string url) =>
            parts.Add(url + " " + (await Http.ReadAsync(await client.GetAsync(url), 200)).GetProperty("data").GetRawText());
        await Add("/api/v1/accounts?limit=100");
        foreach (var a in accounts)
        {
            await Add($"/api/v1/accounts/{a}");
            await Add($"/api/v1/accounts/{a}/balances");
            await Add($"/api/v1/accounts/{a}/wallets");
        }
        await Add("/api/v1/transfers?limit=100");
        await Add($"/api/v1/transfers/{transfer}");
        await Add($"/api/v1/transfers/{transfer}/events");
        return string.Join("\n", parts);
    }

    private static string Trim(string text) => text.Length > 400 ? text[..400] + "…" : text;
}
