using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Sandbox;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Sandbox;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Sandbox;

/// <summary>
/// The simulation grain across activations: a run survives losing its activation mid-way, and a step that
/// ran but whose progress was never stored re-runs without creating anything twice.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class SandboxSimulationGrainTests(ClusterFixture fixture)
{
    private IClusterClient Grains => fixture.Client;

    [Fact]
    public async Task A_run_whose_activation_is_lost_mid_way_resumes_and_completes_without_duplicates()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var id = RowellIds.New(RowellIds.Simulation);
        var command = new SandboxSimulateCommand(10, 600);
        var started = await Grains.GetGrain<ISandboxGrain>(developer).StartSimulation(id, command);
        Assert.Equal(SandboxSimulationStatus.Running, started.Status);
        var grain = Grains.GetGrain<ISandboxSimulationGrain>(id);

        // Past the first step, far from the last of 25.
        var before = await WaitAsync(grain, developer, v => v.AccountsCreated > 0);
        Assert.Equal(SandboxSimulationStatus.Running, before.Status);
        Assert.True(before.Percent < 50, $"the run was already at {before.Percent} %");

        await fixture.Cluster.DeactivateAsync(grain);

        // A fresh activation reads the stored step and carries on (nothing in memory survived).
        var resumed = await grain.Get(developer);
        Assert.NotNull(resumed);
        Assert.True(resumed.AccountsCreated + resumed.TransfersCreated + resumed.TransfersRefused >= before.AccountsCreated + before.TransfersCreated + before.TransfersRefused);
        var done = await WaitAsync(grain, developer, v => v.Status != SandboxSimulationStatus.Running);

        Assert.Equal(SandboxSimulationStatus.Completed, done.Status);
        Assert.Equal(10, done.AccountsCreated);
        Assert.Equal(600, done.TransfersCreated + done.TransfersRefused);
        await AssertOnlyPlannedResourcesAsync(developer, id, command);
    }

    [Fact]
    public async Task A_step_whose_progress_was_never_stored_reruns_into_the_same_resources()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var id = RowellIds.New(RowellIds.Simulation);
        var command = new SandboxSimulateCommand(6, 60);
        await Grains.GetGrain<ISandboxGrain>(developer).StartSimulation(id, command);
        var grain = Grains.GetGrain<ISandboxSimulationGrain>(id);
        var first = await WaitAsync(grain, developer, v => v.Status != SandboxSimulationStatus.Running);
        Assert.Equal(SandboxSimulationStatus.Completed, first.Status);

        // The worst crash: every item was created, but no progress write landed. Rewind the stored state to the
        // start (the activation is gone first, so nothing in memory can write it back).
        await fixture.Cluster.DeactivateAsync(grain);
        var storage = fixture.Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);
        var stored = new GrainState<SandboxSimulationState>();
        await storage.ReadStateAsync("simulation", grain.GetGrainId(), stored);
        Assert.True(stored.RecordExists);
        Assert.Equal(SandboxSimulationStatus.Completed, stored.State!.Status);
        stored.State = stored.State with
        {
            Status = SandboxSimulationStatus.Running,
            AccountsCreated = 0,
            TransfersCreated = 0,
            TransfersRefused = 0,
            TransferStatuses = new(),
            AccountIds = new(),
            TransferIds = new(),
            CompletedAt = null,
        };
        await storage.WriteStateAsync("simulation", grain.GetGrainId(), stored);

        var rerun = await WaitAsync(grain, developer, v => v.Status != SandboxSimulationStatus.Running);
        Assert.Equal(SandboxSimulationStatus.Completed, rerun.Status);
        Assert.Equal((first.AccountsCreated, first.TransfersCreated, first.TransfersRefused), (rerun.AccountsCreated, rerun.TransfersCreated, rerun.TransfersRefused));
        Assert.Equal(first.AccountIds, rerun.AccountIds);
        Assert.Equal(first.TransferIds, rerun.TransferIds);
        await AssertOnlyPlannedResourcesAsync(developer, id, command);
    }

    [Fact]
    public async Task Start_is_idempotent_for_the_same_request_and_a_conflict_for_another()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var id = RowellIds.New(RowellIds.Simulation);
        var grain = Grains.GetGrain<ISandboxSimulationGrain>(id);
        await grain.Start(developer, new SandboxSimulateCommand(2, 1));
        Assert.Equal(id, (await grain.Start(developer, new SandboxSimulateCommand(2, 1))).Id);
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Start(developer, new SandboxSimulateCommand(3, 1)));
        Assert.Equal(ErrorCodes.Conflict, e.Code);
        Assert.Null(await grain.Get(RowellIds.New(RowellIds.Developer)));

        var done = await WaitAsync(grain, developer, v => v.Status != SandboxSimulationStatus.Running);
        Assert.Equal(SandboxSimulationStatus.Completed, done.Status);
        Assert.False(await grain.Cancel(developer, "too late"));
    }

    /// <summary>The developer's accounts are exactly the planned ones, and every stored transfer is a planned one: nothing was made twice.</summary>
    private async Task AssertOnlyPlannedResourcesAsync(string developer, string simulationId, SandboxSimulateCommand command)
    {
        var plan = new SimulationPlan(simulationId, developer, command.Accounts, CountryCatalog.Default.Codes.ToList());
        var accounts = await AllAsync(page => fixture.ReadModel.ListAsync(developer, new AccountFilter(), page, CancellationToken.None), a => a.Id);
        Assert.Equal(Enumerable.Range(0, command.Accounts).Select(plan.AccountId).Order(), accounts.Order());

        var planned = Enumerable.Range(0, command.Transfers).Select(plan.TransferId).ToHashSet();
        var transfers = await AllAsync(page => fixture.Transfers.ListAsync(developer, new TransferFilter(), page, CancellationToken.None), t => t.Id);
        Assert.Equal(transfers.Count, transfers.Distinct().Count());
        Assert.All(transfers, t => Assert.Contains(t, planned));
    }

    private static async Task<List<string>> AllAsync<T>(Func<PageRequest, Task<Page<T>>> list, Func<T, string> idOf)
    {
        var ids = new List<string>();
        string? after = null;
        while (true)
        {
            var page = await list(new PageRequest(100, after, null));
            ids.AddRange(page.Items.Select(idOf));
            if (!page.HasMore)
            {
                return ids;
            }
            after = page.NextCursor;
        }
    }

    private static async Task<SandboxSimulationView> WaitAsync(ISandboxSimulationGrain grain, string developer, Func<SandboxSimulationView, bool> until)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
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
            await Task.Delay(20);
        }
    }
}
