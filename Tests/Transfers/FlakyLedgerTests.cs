using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Transfers.TransferTestKit;

namespace Rowell.Tests.Transfers;

/// <summary>A sandbox ledger where half the payments fail at settlement (deterministically by payment id).</summary>
public sealed class FlakyLedgerFixture : ClusterFixture
{
    protected override RowellSettings Configure(RowellSettings settings) => settings with { SandboxFailureRate = 0.5 };
}

public sealed class FlakyLedgerTests(FlakyLedgerFixture fixture) : IClassFixture<FlakyLedgerFixture>
{
    private SandboxLedger Oracle => new(Network.Stellar, new InMemorySandboxLedgerStore(), new SandboxOptions { FailureRate = 0.5 }, TimeProvider.System);

    /// <summary>A transfer id whose first attempt fails at settlement and whose second succeeds.</summary>
    private string FailsThenSucceeds()
    {
        while (true)
        {
            var id = RowellIds.New(RowellIds.Transfer);
            if (Oracle.FailsAtSettlement($"{id}:1") && !Oracle.FailsAtSettlement($"{id}:2"))
            {
                return id;
            }
        }
    }

    [Fact]
    public async Task A_failed_settlement_moves_nothing_then_a_retry_completes_once()
    {
        var grains = fixture.Client;
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(grains, dev);
        var bob = await NewAccountAsync(grains, dev);
        var grain = grains.GetGrain<ITransferGrain>(FailsThenSucceeds());

        var created = await grain.Create(Pay(dev, alice, bob.Id, "5"));
        Assert.Equal(TransferStatus.Submitted, created.Status);
        var failed = await SettledAsync(grains, created.Id, dev);
        Assert.Equal(TransferStatus.Failed, failed.Status);
        Assert.Equal("tx_failed", failed.FailureCode);
        Assert.True(failed.Retryable);
        Assert.Equal(10_000m, await BalanceAsync(grains, alice, "XLM"));

        await grain.Retry(dev);
        var completed = await SettledAsync(grains, created.Id, dev);
        Assert.Equal(TransferStatus.Completed, completed.Status);
        Assert.NotEqual(failed.TransactionHash, completed.TransactionHash);
        Assert.Equal(10_000m - 5.00001m, await BalanceAsync(grains, alice, "XLM"));
        Assert.Equal(10_005m, await BalanceAsync(grains, bob, "XLM"));
        Assert.Equal(["transfer.created", "transfer.submitted", "transfer.failed", "transfer.retried", "transfer.submitted", "transfer.completed"],
            (await grain.GetEvents(dev)).Select(e => e.Type));
    }
}
