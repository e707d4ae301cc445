using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;
using Rowell.Tests.Transfers;
using Xunit.Abstractions;

namespace Rowell.Tests.Cluster;

/// <summary>Transfers on the durable cluster: crash safety and concurrency with the Postgres books.</summary>
public sealed class TransferCrashTests(ITestOutputHelper output)
{
    private const int Accounts = 10;
    private const int Transfers = 500;

    [Fact]
    public async Task Killing_a_silo_mid_flight_loses_no_acknowledged_transfer_and_pays_none_twice()
    {
        var db = await TestPostgres.CreateDatabaseAsync("crash");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "crash") with { FastFailover = true };
        var tuning = new Dictionary<string, string>
        {
            ["ROWELL_TRANSFER_SWEEP_MS"] = "1000",
            ["ROWELL_TRANSFER_STUCK_MS"] = "3000",
            ["ROWELL_SANDBOX_SETTLEMENT_MS"] = "200",
            ["ROWELL_MIN_REMINDER_MS"] = "1000",
        };
        using var siloA = await SiloProcess.StartAsync(settings, tuning);
        using var siloB = await SiloProcess.StartAsync(settings, tuning);
        var clientHost = await TestHosts.StartClientAsync(settings);
        SiloProcess? siloC = null;
        try
        {
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            var dev = RowellIds.New(RowellIds.Developer);
            var accounts = new List<AccountView>();
            for (var i = 0; i < Accounts; i++)
            {
                accounts.Add(await TransferTestKit.NewAccountAsync(grains, dev, country: i % 2 == 0 ? "NG" : "KE"));
            }
            var initialStroops = await TestPostgres.ScalarAsync<decimal>(db, "SELECT sum(amount_minor) FROM sandbox_balances WHERE asset = 'XLM'");

            var ids = Enumerable.Range(0, Transfers).Select(_ => RowellIds.New(RowellIds.Transfer)).ToArray();
            var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
            var started = 0;
            using var gate = new SemaphoreSlim(32);
            var killAt = Transfers / 4;
            var work = ids.Select(async (id, n) =>
            {
                await gate.WaitAsync();
                try
                {
                    if (Interlocked.Increment(ref started) == killAt)
                    {
                        output.WriteLine($"killing silo A (port {siloA.SiloPort}) after {acknowledged.Count} acknowledged");
                        siloA.Kill();
                    }
                    var command = TransferTestKit.Pay(dev, accounts[n % Accounts], accounts[Destination(n)].Id, "1.5");
                    // A real client retries an unanswered request with the same idempotent id.
                    for (var attempt = 0; attempt < 6; attempt++)
                    {
                        try
                        {
                            await grains.GetGrain<ITransferGrain>(id).Create(command);
                            acknowledged.Add(id);
                            return;
                        }
                        catch (Exception e) when (e is not RowellException)
                        {
                            await Task.Delay(1000);
                        }
                    }
                }
                finally
                {
                    gate.Release();
                }
            }).ToList();
            await Task.WhenAll(work);
            output.WriteLine($"{acknowledged.Count} of {Transfers} acknowledged");
            siloC = await SiloProcess.StartAsync(settings, tuning);

            // Every acknowledged transfer reaches a final state, driven by timers or the sweeper.
            var acked = acknowledged.ToArray();
            Assert.True(acked.Length >= Transfers * 0.9, $"only {acked.Length} acknowledged");
            var deadline = DateTime.UtcNow.AddSeconds(90);
            long unfinished;
            do
            {
                await Task.Delay(500);
                unfinished = await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM rowell_transfers WHERE needs_driving");
            }
            while (unfinished > 0 && DateTime.UtcNow < deadline);
            Assert.Equal(0, unfinished);
            var completedAcked = await TestPostgres.ScalarAsync<long>(db,
                $"SELECT count(*) FROM rowell_transfers WHERE status = 'completed' AND id IN ({string.Join(',', acked.Select(a => $"'{a}'"))})");
            Assert.Equal(acked.Length, completedAcked);

            // None paid twice: at most one successful ledger payment per transfer, and one per completed transfer.
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(db,
                "SELECT count(*) FROM (SELECT split_part(payment_id, ':', 1) FROM sandbox_transactions WHERE succeeded GROUP BY 1 HAVING count(*) > 1) d"));
            Assert.Equal(
                await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM rowell_transfers WHERE status = 'completed'"),
                await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM sandbox_transactions WHERE succeeded"));

            // Balances conserved to the stroop: what is held + the fees burnt = what there was.
            var heldStroops = await TestPostgres.ScalarAsync<decimal>(db, "SELECT sum(amount_minor) FROM sandbox_balances WHERE asset = 'XLM'");
            var feesStroops = await TestPostgres.ScalarAsync<decimal>(db, "SELECT coalesce(sum(fee_minor), 0) FROM sandbox_transactions WHERE succeeded");
            Assert.Equal(initialStroops, heldStroops + feesStroops);
            // Each completed transfer's event log is whole and ordered.
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(db,
                "SELECT count(*) FROM rowell_transfers t WHERE status = 'completed' AND (SELECT max(aggregate_seq) FROM rowell_events e WHERE e.aggregate_id = t.id) <> (SELECT count(*) FROM rowell_events e WHERE e.aggregate_id = t.id)"));
        }
        finally
        {
            await clientHost.StopAsync();
            clientHost.Dispose();
            siloC?.Dispose();
        }
    }

    /// <summary>Spreads payments over every pair of accounts, never to the sender itself.</summary>
    private static int Destination(int n)
    {
        var to = (n + 1 + n / Accounts) % Accounts;
        return to == n % Accounts ? (n + 2) % Accounts : to;
    }

    [Fact]
    public async Task Two_hundred_parallel_transfers_against_the_postgres_books()
    {
        var db = await TestPostgres.CreateDatabaseAsync("race");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "race");
        using var silo1 = await TestHosts.StartSiloAsync(settings);
        using var silo2 = await TestHosts.StartSiloAsync(settings);
        using var clientHost = await TestHosts.StartClientAsync(settings);
        try
        {
            var grains = clientHost.Services.GetRequiredService<IClusterClient>();
            var dev = RowellIds.New(RowellIds.Developer);
            var alice = await TransferTestKit.NewAccountAsync(grains, dev);
            var bob = await TransferTestKit.NewAccountAsync(grains, dev);
            var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
            {
                try
                {
                    return (await TransferTestKit.NewTransfer(grains).Create(TransferTestKit.Pay(dev, alice, bob.Id, "99.99999"))).Id;
                }
                catch (RowellException e) when (e.Code == ErrorCodes.InsufficientFunds)
                {
                    return null;
                }
            }));
            var accepted = results.Where(r => r is not null).ToList();
            Assert.Equal(100, accepted.Count);
            foreach (var id in accepted)
            {
                Assert.Equal(TransferStatus.Completed, (await TransferTestKit.SettledAsync(grains, id!, dev)).Status);
            }
            Assert.Equal(0m, await TransferTestKit.BalanceAsync(grains, alice, "XLM"));
            Assert.Equal(10_000m + 100 * 99.99999m, await TransferTestKit.BalanceAsync(grains, bob, "XLM"));
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(db, "SELECT count(*) FROM sandbox_balances WHERE amount_minor < 0"));

            // The Postgres read model pages and filters them.
            var query = grains.GetGrain<ITransferQueryGrain>(0);
            var completed = new TransferFilter(Status: TransferStatus.Completed);
            var page1 = await query.List(dev, completed, new PageRequest(60, null, null));
            var page2 = await query.List(dev, completed, new PageRequest(60, page1.NextCursor, null));
            Assert.Equal((60, true, 40, false), (page1.Items.Count, page1.HasMore, page2.Items.Count, page2.HasMore));
            Assert.Empty(page1.Items.Select(t => t.Id).Intersect(page2.Items.Select(t => t.Id)));
            var back = await query.List(dev, completed, new PageRequest(60, null, page2.Items[0].Id));
            Assert.Equal(page1.Items.Select(t => t.Id), back.Items.Select(t => t.Id));
            Assert.Equal(100, (await query.List(dev, new TransferFilter(Status: TransferStatus.Failed), new PageRequest(100, null, null))).Items.Count);
            Assert.Equal(100, (await query.List(dev, new TransferFilter(OnlyOnLedger: true), new PageRequest(100, null, null))).Items.Count);
            Assert.Equal(200, (await query.List(dev, new TransferFilter(Account: bob.Id), new PageRequest(100, null, null))).Items.Count
                + (await query.List(dev, new TransferFilter(Account: bob.Id), new PageRequest(100, (await query.List(dev, new TransferFilter(Account: bob.Id), new PageRequest(100, null, null))).NextCursor, null))).Items.Count);
        }
        finally
        {
            await clientHost.StopAsync();
            await silo1.StopAsync();
            await silo2.StopAsync();
        }
    }
}
