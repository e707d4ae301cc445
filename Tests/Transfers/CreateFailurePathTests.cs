using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Transfers;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Transfers.TransferTestKit;

namespace Rowell.Tests.Transfers;

/// <summary>The cluster with a fault-injecting wrapper around the real in-memory transfer store.</summary>
public sealed class FaultyStoreFixture : ClusterFixture
{
    public FaultyTransferStore Faulty { get; }

    public FaultyStoreFixture() => Faulty = new FaultyTransferStore(Transfers);

    protected override ITransferStore TransferStore => Faulty;
}

/// <summary>
/// Create's failure path: a save that throws leaves nothing half-done in the activation, a repeated create
/// drives from the stored row, and a stale-version CONFLICT is never what a key replays.
/// </summary>
public sealed class CreateFailurePathTests(FaultyStoreFixture fixture) : IClassFixture<FaultyStoreFixture>
{
    private IClusterClient Grains => fixture.Client;

    private int StoredEvents(string id, string type) => fixture.Events.All.Count(e => e.AggregateId == id && e.Type == type);

    [Fact]
    public async Task A_create_whose_first_save_fails_leaves_no_transfer_behind_and_its_retry_pays_once()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var grain = NewTransfer(Grains);
        fixture.Faulty.Arm(dev, FaultyTransferStore.Fault.FailBeforeWrite);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.Create(Pay(dev, alice, bob.Id, "7")));
        // Nothing was stored, so nothing exists — not even in the activation that failed.
        Assert.Null(await grain.Get(dev));
        await Task.Delay(700);
        Assert.Equal(10_000m, await BalanceAsync(Grains, alice, "XLM"));

        var created = await grain.Create(Pay(dev, alice, bob.Id, "7"));
        Assert.Equal(TransferStatus.Submitted, created.Status);
        Assert.Equal(TransferStatus.Completed, (await SettledAsync(Grains, created.Id, dev)).Status);
        Assert.Equal(10_000m - 7.00001m, await BalanceAsync(Grains, alice, "XLM"));
        Assert.Equal(10_007m, await BalanceAsync(Grains, bob, "XLM"));
        Assert.Equal(1, StoredEvents(created.Id, "transfer.created"));
    }

    [Theory]
    [InlineData(1)] // the intent's insert landed, its answer was lost
    [InlineData(2)] // the "submitted" write landed (the ledger has the payment), its answer was lost
    public async Task A_save_that_wrote_but_threw_is_answered_from_the_row_on_the_repeat_and_pays_once(int failingSave)
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var grain = NewTransfer(Grains);
        fixture.Faulty.Arm(dev, FaultyTransferStore.Fault.FailAfterWrite, failingSave);

        await Assert.ThrowsAnyAsync<Exception>(() => grain.Create(Pay(dev, alice, bob.Id, "3")));
        var repeated = await grain.Create(Pay(dev, alice, bob.Id, "3"));
        Assert.Contains(repeated.Status, new[] { TransferStatus.Submitted, TransferStatus.Completed });

        Assert.Equal(TransferStatus.Completed, (await SettledAsync(Grains, repeated.Id, dev)).Status);
        Assert.Equal(10_000m - 3.00001m, await BalanceAsync(Grains, alice, "XLM"));
        Assert.Equal(10_003m, await BalanceAsync(Grains, bob, "XLM"));
        Assert.Equal(1, StoredEvents(repeated.Id, "transfer.created"));
        Assert.Equal(1, StoredEvents(repeated.Id, "transfer.completed"));
    }

    [Fact]
    public async Task Through_the_intake_a_failed_create_is_not_a_stored_outcome_and_the_same_key_returns_the_transfer()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var intake = Grains.GetGrain<ITransferIntakeGrain>(0);
        var key = $"{dev}:key-{Guid.NewGuid():N}";
        var command = Pay(dev, alice, bob.Id, "11");
        fixture.Faulty.Arm(dev, FaultyTransferStore.Fault.FailAfterWrite);

        await Assert.ThrowsAnyAsync<Exception>(() => intake.Create(key, "fp-1", "req_1", command));
        var retried = await intake.Create(key, "fp-1", "req_2", command);
        Assert.Null(retried.ErrorCode);
        Assert.NotNull(retried.Transfer);
        var replayed = await intake.Create(key, "fp-1", "req_3", command);
        Assert.Equal(retried.Transfer!.Id, replayed.Transfer!.Id);
        Assert.True(replayed.Replayed);

        await SettledAsync(Grains, retried.Transfer.Id, dev);
        Assert.Equal(10_000m - 11.00001m, await BalanceAsync(Grains, alice, "XLM"));
        Assert.Equal(10_011m, await BalanceAsync(Grains, bob, "XLM"));
    }
}
