using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Sandbox;
using Rowell.Grains.Sandbox;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Rowell.Tests.Cluster;

/// <summary>A sandbox simulation on the durable cluster when its silo dies mid-run.</summary>
public sealed class SimulationCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_simulation_whose_silo_is_killed_is_resumed_by_its_reminder_on_another_silo_without_duplicates()
    {
        var db = await TestPostgres.CreateDatabaseAsync("simcrash");
        await PostgresSchema.ApplyAsync(db);
        var settings = TestSettings.Cluster(db, "simcrash") with { FastFailover = true };
        var tuning = new Dictionary<string, string> { ["ROWELL_MIN_REMINDER_MS"] = "1000", ["ROWELL_SANDBOX_SETTLEMENT_MS"] = "200" };
        var developer = RowellIds.New(RowellIds.Developer);
        var id = RowellIds.New(RowellIds.Simulation);
        var command = new SandboxSimulateCommand(10, 600);

        using var siloA = await SiloProcess.StartAsync(settings, tuning);
        var firstClient = await TestHosts.StartClientAsync(settings);
        try
        {
            var grains = firstClient.Services.GetRequiredService<IClusterClient>();
            await grains.GetGrain<ISandboxGrain>(developer).StartSimulation(id, command);
            // Accounts done and transfers under way: the kill lands mid-run.
            var before = await WaitAsync(grains.GetGrain<ISandboxSimulationGrain>(id), developer, v => v.TransfersCreated + v.TransfersRefused > 0);
            Assert.Equal(SandboxSimulationStatus.Running, before.Status);
            output.WriteLine($"killing silo A at {before.Percent} %");
            siloA.Kill();
        }
        finally
        {
            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await firstClient.StopAsync(stop.Token).ContinueWith(_ => { });
            firstClient.Dispose();
        }

        var atKill = await TransfersOfAsync(db, developer);
        using var siloB = await SiloProcess.StartAsync(settings, tuning);
        // Nobody calls the simulation now: only its reminder can bring it back, and new transfers show it did.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await TransfersOfAsync(db, developer) <= atKill)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No new transfer within 60 s of the restart (still {atKill}).\n{siloB.Output}");
            await Task.Delay(250);
        }

        var secondClient = await TestHosts.StartClientAsync(settings);
        try
        {
            var grains = secondClient.Services.GetRequiredService<IClusterClient>();
            var done = await WaitAsync(grains.GetGrain<ISandboxSimulationGrain>(id), developer, v => v.Status != SandboxSimulationStatus.Running, TimeSpan.FromSeconds(120));
            Assert.Equal(SandboxSimulationStatus.Completed, done.Status);
            Assert.Equal(10, done.AccountsCreated);
            Assert.Equal(600, done.TransfersCreated + done.TransfersRefused);

            // Nothing twice: exactly the planned accounts, and only planned transfers (a re-run step reused their ids).
            var plan = new SimulationPlan(id, developer, command.Accounts, CountryCatalog.Default.Codes.ToList());
            var accounts = await TestPostgres.ScalarAsync<string>(db,
                $"SELECT coalesce(string_agg(id, ',' ORDER BY id COLLATE \"C\"), '') FROM rowell_accounts WHERE developer_id = '{developer}'");
            Assert.Equal(string.Join(',', Enumerable.Range(0, command.Accounts).Select(plan.AccountId).Order(StringComparer.Ordinal)), accounts);
            var planned = string.Join(',', Enumerable.Range(0, command.Transfers).Select(i => $"'{plan.TransferId(i)}'"));
            Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(db,
                $"SELECT count(*) FROM rowell_transfers WHERE developer_id = '{developer}' AND id NOT IN ({planned})"));
            Assert.True(await TransfersOfAsync(db, developer) >= done.TransfersCreated);
        }
        finally
        {
            await secondClient.StopAsync();
            secondClient.Dispose();
        }
    }

    private static Task<long> TransfersOfAsync(string db, string developer) =>
        TestPostgres.ScalarAsync<long>(db, $"SELECT count(*) FROM rowell_transfers WHERE developer_id = '{developer}'");

    private static async Task<SandboxSimulationView> WaitAsync(ISandboxSimulationGrain grain, string developer, Func<SandboxSimulationView, bool> until, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await grain.Get(developer) ?? throw new InvalidOperationException("The simulation is not visible to its developer.");
            if (until(view))
            {
                return view;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Simulation {view.Id} is still {view.Status} at {view.Percent} % after the deadline.");
            }
            await Task.Delay(50);
        }
    }
}
