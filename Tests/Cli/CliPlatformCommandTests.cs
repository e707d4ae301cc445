using System.Net;
using System.Text;
using System.Text.Json;
using Rowell.Cli;
using Rowell.Client;
using Rowell.Tests.Clients;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Cli;

/// <summary>webhooks (listen included), events, analytics and compliance commands against the test server.</summary>
[Collection(ClientsCollection.Name)]
public sealed class CliPlatformCommandTests(ClientsFixture fixture)
{
    [Fact]
    public async Task Webhooks_listen_receives_verifies_and_forwards_a_real_delivery_then_removes_its_endpoint()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key);
        await using var target = ForwardTarget.Start();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var listening = cli.RunAsync(stop.Token, "webhooks", "listen", "--forward-to", target.Url, "--events", "account.created", "--max-events", "1", "--timeout", "45", "--json");

        // Once the temporary endpoint is registered, make an event it subscribes to.
        await Until(async () => (await cli.RunAsync("webhooks", "list", "--json")).Ok().Json.GetProperty("items").GetArrayLength() == 1);
        var account = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "KE", "--json")).Ok().Json.GetProperty("id").GetString();

        var lines = (await listening).Ok().JsonLines;
        var ready = lines[0];
        Assert.True(ready.GetProperty("ready").GetBoolean());
        var secret = ready.GetProperty("secret").GetString()!;
        var received = Assert.Single(lines, l => l.TryGetProperty("received", out _));
        Assert.True(received.GetProperty("verified").GetBoolean());
        Assert.Equal("account.created", received.GetProperty("type").GetString());
        Assert.Equal(account, received.GetProperty("object").GetString());
        Assert.Equal(200, received.GetProperty("forwarded_status").GetInt32());

        // The forward target got the same body and headers, and the signature checks out with the endpoint's secret.
        var forwarded = Assert.Single(target.Requests);
        Assert.Null(WebhookSignature.Verify(secret, forwarded.Id, forwarded.Timestamp, forwarded.Signature, forwarded.Body));
        Assert.Equal(account, JsonDocument.Parse(forwarded.Body).RootElement.GetProperty("data").GetProperty("object").GetProperty("id").GetString());

        Assert.Equal(0, (await cli.RunAsync("webhooks", "list", "--json")).Ok().Json.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task Webhooks_create_test_deliveries_redeliver_and_events_list_get()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key);
        await using var target = ForwardTarget.Start();
        var endpoint = (await cli.RunAsync("webhooks", "create", "--url", target.Url, "--events", "*", "--json")).Ok().Json;
        var id = endpoint.GetProperty("id").GetString()!;
        Assert.StartsWith("whsec_", endpoint.GetProperty("secret").GetString());
        Assert.Contains(id, (await cli.RunAsync("webhooks", "list")).Ok().Out);

        var test = (await cli.RunAsync("webhooks", "test", id, "--json")).Ok().Json;
        var deliveryId = test.GetProperty("id").GetString()!;
        Assert.Equal("webhook.test", test.GetProperty("event_type").GetString());
        await Until(async () => (await cli.RunAsync("webhooks", "deliveries", id, "--status", "succeeded", "--json")).Ok().Json.GetProperty("items").GetArrayLength() >= 1);
        Assert.Contains(target.Requests, r => r.Body.Contains("webhook.test", StringComparison.Ordinal));

        var again = (await cli.RunAsync("webhooks", "redeliver", id, deliveryId, "--json")).Ok().Json;
        Assert.Equal(deliveryId, again.GetProperty("id").GetString());
        await Until(() => Task.FromResult(target.Requests.Count(r => r.Body.Contains("webhook.test", StringComparison.Ordinal)) >= 2));

        (await cli.RunAsync("accounts", "create", "--network", "hedera", "--country", "GH", "--json")).Ok();
        JsonElement created = default;
        await Until(async () =>
        {
            var events = (await cli.RunAsync("events", "list", "--type", "account.created", "--json")).Ok().Json.GetProperty("items");
            if (events.GetArrayLength() == 0)
            {
                return false;
            }
            created = events[0];
            return true;
        });
        var eventId = created.GetProperty("id").GetString()!;
        Assert.Equal("account.created", (await cli.RunAsync("events", "get", eventId, "--json")).Ok().Json.GetProperty("type").GetString());
        Assert.Contains(eventId, (await cli.RunAsync("events", "list")).Ok().Out);
        Assert.Equal(ExitCodes.NotFound, (await cli.RunAsync("events", "get", "evt_nothere00000000000000")).ExitCode);
        Assert.Equal(ExitCodes.Failed, (await cli.RunAsync("webhooks", "create", "--url", "ftp://example.com/x")).ExitCode);
    }

    [Fact]
    public async Task Analytics_and_compliance_commands_report_a_completed_and_a_held_transfer()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        var cli = new CliRunner(fixture, key);
        var from = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "ZA", "--json")).Ok().Json.GetProperty("id").GetString()!;
        var to = (await cli.RunAsync("accounts", "create", "--network", "stellar", "--country", "KE", "--json")).Ok().Json.GetProperty("id").GetString()!;
        (await cli.RunAsync("transfers", "create", "--from", from, "--to", to, "--asset", "XLM", "--amount", "20", "--watch", "--timeout", "30")).Ok();

        await Until(async () => (await cli.RunAsync("analytics", "remittance", "--json")).Ok().Json.GetProperty("items").EnumerateArray()
            .Any(i => i.GetProperty("from_country").GetString() == "ZA" && i.GetProperty("to_country").GetString() == "KE" && i.GetProperty("completed_count").GetInt64() == 1));
        Assert.Contains("ZA→KE", (await cli.RunAsync("analytics", "remittance")).Ok().Out);
        foreach (var report in new[] { "stablecoin", "merchants", "network" })
        {
            Assert.True((await cli.RunAsync("analytics", report, "--json")).Ok().Json.TryGetProperty("items", out _));
            (await cli.RunAsync("analytics", report)).Ok();
        }
        Assert.Equal(ExitCodes.Failed, (await cli.RunAsync("analytics", "remittance", "--period", "hourly")).ExitCode);

        var verification = (await cli.RunAsync("compliance", "verify", "--account", from, "--first-name", "Thandeka", "--last-name", "Dlamini",
            "--dob", "1985-02-28", "--document-type", "sa_id", "--document-number", "8502285305089", "--document-country", "ZA", "--json")).Ok().Json;
        Assert.StartsWith("kyc_", verification.GetProperty("id").GetString());
        Assert.DoesNotContain("8502285305089", verification.GetProperty("document_number_masked").GetString());

        var transfers = (await cli.RunAsync("transfers", "list", "--json")).Ok().Json.GetProperty("items");
        var flag = (await cli.RunAsync("compliance", "flags", "raise", "--transfer", transfers[0].GetProperty("id").GetString()!, "--reason", "customer complaint", "--severity", "low", "--json")).Ok().Json;
        var flagId = flag.GetProperty("id").GetString()!;
        Assert.Contains(flagId, (await cli.RunAsync("compliance", "flags", "list")).Ok().Out);
        var resolved = (await cli.RunAsync("compliance", "flags", "update", flagId, "--status", "resolved", "--notes", "checked", "--json")).Ok().Json;
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        Assert.Contains(resolved.GetProperty("history").EnumerateArray(), h => h.GetProperty("status").GetString() == "resolved");
        Assert.Equal("resolved", (await cli.RunAsync("compliance", "flags", "get", flagId, "--json")).Ok().Json.GetProperty("status").GetString());
        Assert.Equal(ExitCodes.Failed, (await cli.RunAsync("compliance", "flags", "update", flagId, "--status", "bogus")).ExitCode);
    }

    private static async Task Until(Func<Task<bool>> condition, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(200);
        }
    }
}

/// <summary>A local app that webhook deliveries are forwarded to: records each request, answers 200.</summary>
public sealed class ForwardTarget : IAsyncDisposable
{
    public sealed record Received(string? Id, string? Timestamp, string? Signature, string Body);

    private readonly HttpListener _listener = new();
    private readonly List<Received> _requests = [];
    private readonly Task _loop;

    private ForwardTarget(int port)
    {
        Url = $"http://127.0.0.1:{port}/hook/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public IReadOnlyList<Received> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public static ForwardTarget Start() => new(FreePort.Next());

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext ctx;
            try
            {
                ctx = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(ctx.Request.InputStream, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            lock (_requests)
            {
                _requests.Add(new Received(ctx.Request.Headers["webhook-id"], ctx.Request.Headers["webhook-timestamp"], ctx.Request.Headers["webhook-signature"], body));
            }
            ctx.Response.StatusCode = 200;
            ctx.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
