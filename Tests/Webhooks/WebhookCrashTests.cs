using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Runtime;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Events;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rowell.Tests.Webhooks;

/// <summary>
/// Real Postgres, two silo processes: kill -9 the silo that holds an endpoint's pending deliveries, with more
/// events committed just before the kill; every event is still delivered once the cluster has recovered.
/// </summary>
public sealed class WebhookCrashTests(ITestOutputHelper output)
{
    private const int Before = 20;
    private const int JustBeforeKill = 5;

    [Fact]
    public async Task Killing_the_silo_holding_pending_deliveries_loses_none_of_them()
    {
        var db = await TestPostgres.CreateDatabaseAsync("whcrash");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "whcrash") with { FastFailover = true };
        var tuning = new Dictionary<string, string>
        {
            ["ROWELL_MIN_REMINDER_MS"] = "1000",
            ["ROWELL_EVENT_POLL_MS"] = "100",
            ["ROWELL_WEBHOOKS_ALLOW_HTTP"] = "true",
            ["ROWELL_WEBHOOKS_ALLOW_PRIVATE"] = "true",
            ["ROWELL_WEBHOOK_RETRY_SCHEDULE"] = "0s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s,1s",
        };
        await using var receiver = await WebhookReceiver.StartAsync();
        var up = false;
        receiver.Respond = (_, _) => (Volatile.Read(ref up) ? 200 : 503, null);
        var silos = new List<SiloProcess> { await SiloProcess.StartAsync(settings, tuning), await SiloProcess.StartAsync(settings, tuning) };
        var clientHost = await TestHosts.StartClientAsync(settings);
        try
        {
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            var dev = RowellIds.New(RowellIds.Developer);
            var endpoint = RowellIds.New(RowellIds.Webhook);
            await grains.GetGrain<IWebhookSubscriptionGrain>(endpoint).Create(new CreateWebhookCommand(dev, "test", receiver.Url("/crash"), ["*"], null));
            await using var data = NpgsqlDataSource.Create(db);
            var events = new List<string>();
            events.AddRange(await CommitEventsAsync(data, dev, Before));

            // All of them become pending deliveries that have failed at least once (the receiver is down).
            await WaitAsync(async () => await CountAsync(data, $"SELECT count(*) FROM rowell_webhook_deliveries WHERE endpoint_id = '{endpoint}' AND attempt_count > 0") == Before, 60);

            var holder = await HostingSiloPortAsync(grains, endpoint);
            var victim = silos.Single(s => s.SiloPort == holder);
            events.AddRange(await CommitEventsAsync(data, dev, JustBeforeKill));
            output.WriteLine($"killing silo {victim.SiloPort}, which holds {endpoint}");
            victim.Kill();
            silos.Remove(victim);
            Volatile.Write(ref up, true);
            silos.Add(await SiloProcess.StartAsync(settings, tuning)); // the restart

            var got = await receiver.WaitForAsync(r => events.All(id => r.Any(x => x.Id == id)), 90);
            var missing = events.Where(id => got.All(r => r.Id != id)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} events never delivered: {string.Join(", ", missing)}\n{silos[0].Output}");
            await WaitAsync(async () => await CountAsync(data, $"SELECT count(*) FROM rowell_webhook_deliveries WHERE endpoint_id = '{endpoint}' AND status = 'succeeded'") == Before + JustBeforeKill, 30);
            // One delivery row per event, whatever the crash repeated.
            Assert.Equal(Before + JustBeforeKill, await CountAsync(data, $"SELECT count(*) FROM rowell_webhook_deliveries WHERE endpoint_id = '{endpoint}'"));
        }
        finally
        {
            await clientHost.StopAsync();
            clientHost.Dispose();
            foreach (var s in silos)
            {
                s.Dispose();
            }
        }
    }

    private static async Task<int> HostingSiloPortAsync(IClusterClient grains, string endpoint)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var stats = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
            if (stats.FirstOrDefault(s => s.GrainId.ToString().Contains(endpoint, StringComparison.Ordinal)) is { } hit)
            {
                return hit.SiloAddress.Endpoint.Port;
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"{endpoint} is active on no silo");
    }

    private static async Task<List<string>> CommitEventsAsync(NpgsqlDataSource data, string dev, int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => RowellIds.New(RowellIds.Event)).ToList();
        foreach (var id in ids)
        {
            await using var cmd = data.CreateCommand("""
                INSERT INTO rowell_events (id, developer_id, mode, aggregate_id, aggregate_seq, type, payload, created_at)
                VALUES ($1, $2, 'test', $1, 1, 'account.created', '{"id":"acc_x"}', now())
                """);
            cmd.Parameters.AddWithValue(id);
            cmd.Parameters.AddWithValue(dev);
            await cmd.ExecuteNonQueryAsync();
        }
        return ids;
    }

    private static async Task<long> CountAsync(NpgsqlDataSource data, string sql) => (long)(await data.CreateCommand(sql).ExecuteScalarAsync())!;

    private static async Task WaitAsync(Func<Task<bool>> done, int seconds)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!await done())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not reached");
            }
            await Task.Delay(200);
        }
    }
}
