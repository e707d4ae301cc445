using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Transfers.TransferTestKit;

namespace Rowell.Tests.Transfers;

[Collection(ClusterCollection.Name)]
public sealed class TransferGrainTests(ClusterFixture fixture)
{
    private IClusterClient Grains => fixture.Client;

    [Fact]
    public async Task A_transfer_goes_pending_submitted_completed_and_moves_exactly_the_amount_plus_fee()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev, country: "NG");
        var bob = await NewAccountAsync(Grains, RowellIds.New(RowellIds.Developer), country: "KE");
        var grain = NewTransfer(Grains);

        var created = await grain.Create(Pay(dev, alice, bob.Id, "12.5000001"));
        Assert.Equal(TransferStatus.Submitted, created.Status);
        Assert.NotNull(created.TransactionHash);
        Assert.Equal("NG", created.FromCountry);
        Assert.Equal("KE", created.ToCountry);
        Assert.Equal(0.00001m, created.Fee);
        Assert.Equal("approved", created.Compliance.Status);

        var done = await SettledAsync(Grains, created.Id, dev);
        Assert.Equal(TransferStatus.Completed, done.Status);
        Assert.NotNull(done.CompletedAt);
        Assert.Equal(10_000m - 12.5000001m - 0.00001m, await BalanceAsync(Grains, alice, "XLM"));
        Assert.Equal(10_000m + 12.5000001m, await BalanceAsync(Grains, bob, "XLM"));

        var timeline = await grain.GetEvents(dev);
        Assert.Equal(["transfer.created", "transfer.submitted", "transfer.completed"], timeline.Select(e => e.Type));
        Assert.Equal([TransferStatus.Pending, TransferStatus.Submitted, TransferStatus.Completed], timeline.Select(e => e.Status));
        Assert.Equal(3, fixture.Transfers.Log.All.Count(e => e.AggregateId == created.Id));
    }

    [Fact]
    public async Task Usdc_goes_to_an_external_address_and_the_fee_is_paid_in_the_native_asset()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev, Network.Hedera);
        var created = await NewTransfer(Grains).Create(Pay(dev, alice, "0.0.987654", "100.123456", "USDC"));
        Assert.Null(created.ToAccount);
        Assert.Equal("HBAR", created.FeeAsset);
        await SettledAsync(Grains, created.Id, dev);
        Assert.Equal(1_000m - 100.123456m, await BalanceAsync(Grains, alice, "USDC"));
        Assert.Equal(10_000m - 0.001m, await BalanceAsync(Grains, alice, "HBAR"));
    }

    public static TheoryData<string, string, string> BadAmounts => new()
    {
        { "0", "XLM", "amount" },
        { "-1", "XLM", "amount" },
        { "0.00000001", "XLM", "amount" },          // 8 decimals on a 7-decimal asset
        { "99999999999999999999", "XLM", "amount" }, // beyond int64 stroops
        { "1", "BTC", "asset_code" },
        { "1", "HBAR", "asset_code" },              // not on a Stellar account
    };

    [Theory]
    [MemberData(nameof(BadAmounts))]
    public async Task Bad_amounts_and_assets_are_refused_and_nothing_moves(string amount, string asset, string field)
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var grain = NewTransfer(Grains);
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Create(Pay(dev, alice, bob.Id, amount, asset)));
        Assert.Equal(ErrorCodes.ValidationError, e.Code);
        Assert.Equal(field, e.Field);
        Assert.Null(await grain.Get(dev));
        Assert.Equal(10_000m, await BalanceAsync(Grains, alice, "XLM"));
        Assert.Equal(10_000m, await BalanceAsync(Grains, bob, "XLM"));
    }

    [Fact]
    public async Task Same_source_and_destination_other_developers_source_bad_destination_and_long_memo_are_refused()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var hederaAccount = await NewAccountAsync(Grains, dev, Network.Hedera);

        var e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(dev, alice, alice.Id, "1")));
        Assert.Equal("to_account", e.Field);
        e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(dev, alice, alice.Wallets[0].Address, "1")));
        Assert.Equal("to_account", e.Field);
        e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(RowellIds.New(RowellIds.Developer), alice, hederaAccount.Id, "1")));
        Assert.Equal(ErrorCodes.NotFound, e.Code);
        e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(dev, alice, hederaAccount.Id, "1")));
        Assert.Equal("to_account", e.Field); // no Stellar wallet there
        e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(dev, alice, "GABC", "1")));
        Assert.Equal("to_account", e.Field);
        e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(dev, alice, hederaAccount.Wallets[0].Address, "1")));
        Assert.Equal("to_account", e.Field); // a Hedera address on a Stellar transfer
        e = await Assert.ThrowsAsync<RowellException>(() => NewTransfer(Grains).Create(Pay(dev, alice, "GDLVVGABQKYQVN6VJP7NHSLEA45A5YLS6PNKMIZFV4BBU2HXA5IRVHUR", "1", memo: new string('m', 29))));
        Assert.Equal("memo", e.Field);
        Assert.Equal(10_000m, await BalanceAsync(Grains, alice, "XLM"));
    }

    [Fact]
    public async Task Insufficient_funds_fails_the_transfer_moves_nothing_and_is_retryable_after_funding()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var grain = NewTransfer(Grains);
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Create(Pay(dev, alice, bob.Id, "10000"))); // + fee > balance
        Assert.Equal(ErrorCodes.InsufficientFunds, e.Code);
        Assert.Equal(grain.GetPrimaryKeyString(), e.Details!["transfer_id"]);

        var failed = await grain.Get(dev);
        Assert.Equal(TransferStatus.Failed, failed!.Status);
        Assert.True(failed.Retryable);
        Assert.Equal(10_000m, await BalanceAsync(Grains, alice, "XLM"));

        await fixture.Ledger.CreditAsync(Network.Stellar, alice.Wallets[0].Address, "XLM", 10_000_000, default); // +1 XLM
        var retried = await grain.Retry(dev);
        Assert.Equal(2, retried.Attempt);
        Assert.Equal(TransferStatus.Completed, (await SettledAsync(Grains, retried.Id, dev)).Status);
        Assert.Equal(1m - 0.00001m, await BalanceAsync(Grains, alice, "XLM"));
    }

    [Fact]
    public async Task Illegal_transitions_are_refused()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var grain = NewTransfer(Grains);
        var created = await grain.Create(Pay(dev, alice, bob.Id, "1"));

        // Retry while submitted, and after completion: both 409, nothing changes.
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Retry(dev));
        Assert.Equal(ErrorCodes.Conflict, e.Code);
        await SettledAsync(Grains, created.Id, dev);
        e = await Assert.ThrowsAsync<RowellException>(() => grain.Retry(dev));
        Assert.Equal(ErrorCodes.Conflict, e.Code);
        // Re-creating with other parameters is a conflict; with the same ones it is a no-op.
        e = await Assert.ThrowsAsync<RowellException>(() => grain.Create(Pay(dev, alice, bob.Id, "2")));
        Assert.Equal(ErrorCodes.Conflict, e.Code);
        Assert.Equal(created.Id, (await grain.Create(Pay(dev, alice, bob.Id, "1"))).Id);
        // Resume on a finished transfer does nothing.
        await grain.Resume();
        Assert.Equal(3, (await grain.GetEvents(dev)).Count);
        Assert.Equal(10_000m - 1.00001m, await BalanceAsync(Grains, alice, "XLM"));
        // Another developer sees nothing.
        Assert.Null(await grain.Get(RowellIds.New(RowellIds.Developer)));
        await Assert.ThrowsAsync<RowellException>(() => grain.Retry(RowellIds.New(RowellIds.Developer)));
    }

    [Fact]
    public async Task Two_hundred_parallel_transfers_from_a_wallet_that_covers_one_hundred()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var alice = await NewAccountAsync(Grains, dev);
        var bob = await NewAccountAsync(Grains, dev);
        var carol = await NewAccountAsync(Grains, dev);
        // 99.99999 XLM + 0.00001 fee = 100 XLM each: exactly 100 of them fit in 10,000 XLM.
        var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(async i =>
        {
            var grain = NewTransfer(Grains);
            try
            {
                return (await grain.Create(Pay(dev, alice, i % 2 == 0 ? bob.Id : carol.Id, "99.99999"))).Id;
            }
            catch (RowellException e) when (e.Code == ErrorCodes.InsufficientFunds)
            {
                return null;
            }
        }));
        var accepted = results.Where(id => id is not null).ToList();
        Assert.Equal(100, accepted.Count);
        foreach (var id in accepted)
        {
            Assert.Equal(TransferStatus.Completed, (await SettledAsync(Grains, id!, dev)).Status);
        }
        Assert.Equal(0m, await BalanceAsync(Grains, alice, "XLM"));
        var received = await BalanceAsync(Grains, bob, "XLM") + await BalanceAsync(Grains, carol, "XLM") - 20_000m;
        Assert.Equal(100 * 99.99999m, received);
        // Conservation: what left alice = what arrived + the fees burnt.
        Assert.Equal(10_000m, received + 100 * 0.00001m);
    }

    [Fact]
    public async Task Transfers_list_from_the_read_model_with_filters()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var ng = await NewAccountAsync(Grains, dev, country: "NG");
        var ke = await NewAccountAsync(Grains, dev, country: "KE");
        var gh = await NewAccountAsync(Grains, dev, country: "GH");
        var t1 = await NewTransfer(Grains).Create(Pay(dev, ng, ke.Id, "1"));
        var t2 = await NewTransfer(Grains).Create(Pay(dev, ng, gh.Id, "2", "USDC"));
        var t3 = await NewTransfer(Grains).Create(Pay(dev, ke, gh.Id, "3"));
        var query = Grains.GetGrain<ITransferQueryGrain>(0);
        var all = await query.List(dev, new TransferFilter(), new Abstractions.Accounts.PageRequest(10, null, null));
        Assert.Equal([t3.Id, t2.Id, t1.Id], all.Items.Select(t => t.Id));
        var corridor = await query.List(dev, new TransferFilter(FromCountry: "NG", ToCountry: "GH"), new Abstractions.Accounts.PageRequest(10, null, null));
        Assert.Equal([t2.Id], corridor.Items.Select(t => t.Id));
        var usdc = await query.List(dev, new TransferFilter(AssetCode: "USDC"), new Abstractions.Accounts.PageRequest(10, null, null));
        Assert.Equal([t2.Id], usdc.Items.Select(t => t.Id));
        var keAccount = await query.List(dev, new TransferFilter(Account: ke.Id), new Abstractions.Accounts.PageRequest(10, null, null));
        Assert.Equal([t3.Id, t1.Id], keAccount.Items.Select(t => t.Id));
        var byHash = await query.List(dev, new TransferFilter(TransactionHash: t1.TransactionHash), new Abstractions.Accounts.PageRequest(10, null, null));
        Assert.Equal(t1.Id, Assert.Single(byHash.Items).Id);
    }
}
