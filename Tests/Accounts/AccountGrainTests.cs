using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Stellar;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Accounts;

[Collection(ClusterCollection.Name)]
public sealed class AccountGrainTests(ClusterFixture fixture)
{
    private static CreateAccountCommand Command(string developer, Network network = Network.Stellar, string country = "NG",
        IReadOnlyDictionary<string, string>? metadata = null) =>
        new(developer, network, LedgerEnvironment.Testnet, AccountType.Merchant, country, metadata ?? new Dictionary<string, string> { ["ref"] = "42" });

    private IAccountGrain NewAccount() => fixture.Client.GetGrain<IAccountGrain>(RowellIds.New(RowellIds.Account));

    [Fact]
    public async Task Create_opens_a_funded_stellar_wallet_with_a_real_address()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var account = await NewAccount().Create(Command(developer));

        Assert.Equal("west_africa", account.Region);
        Assert.Equal(KycStatus.Unverified, account.KycStatus);
        Assert.Equal("42", account.Metadata["ref"]);
        var wallet = Assert.Single(account.Wallets);
        Assert.Equal(Network.Stellar, wallet.Network);
        Assert.True(StrKey.IsValidAccountId(wallet.Address), wallet.Address);

        var balances = await fixture.Client.GetGrain<IAccountGrain>(account.Id).GetBalances(developer);
        Assert.Equal(10_000m, balances.Single(b => b.AssetCode == "XLM").Balance);
        Assert.Equal(1_000m, balances.Single(b => b.AssetCode == "USDC").Balance);
    }

    [Fact]
    public async Task Hedera_wallets_get_distinct_account_numbers_and_a_der_public_key()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var a = await NewAccount().Create(Command(developer, Network.Hedera));
        var b = await NewAccount().Create(Command(developer, Network.Hedera));
        var wa = Assert.Single(a.Wallets);
        var wb = Assert.Single(b.Wallets);
        Assert.True(HederaAccountId.TryParse(wa.Address, out var ida));
        Assert.True(HederaAccountId.TryParse(wb.Address, out var idb));
        Assert.NotEqual(ida.Num, idb.Num);
        Assert.StartsWith("302a300506032b6570032100", wa.PublicKey);
    }

    [Fact]
    public async Task Another_developer_cannot_see_or_use_the_account()
    {
        var owner = RowellIds.New(RowellIds.Developer);
        var account = await NewAccount().Create(Command(owner));
        var grain = fixture.Client.GetGrain<IAccountGrain>(account.Id);

        Assert.Null(await grain.Get(RowellIds.New(RowellIds.Developer)));
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.GetBalances(RowellIds.New(RowellIds.Developer)));
        Assert.Equal(ErrorCodes.NotFound, e.Code);
        e = await Assert.ThrowsAsync<RowellException>(() => grain.AddWallet(RowellIds.New(RowellIds.Developer), RowellIds.New(RowellIds.Wallet), Network.Hedera));
        Assert.Equal(ErrorCodes.NotFound, e.Code);
        Assert.NotNull(await grain.Get(owner));
    }

    [Fact]
    public async Task Unknown_country_is_rejected_and_nothing_is_created()
    {
        var grain = NewAccount();
        var developer = RowellIds.New(RowellIds.Developer);
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Create(Command(developer, country: "US")));
        Assert.Equal(ErrorCodes.ValidationError, e.Code);
        Assert.Equal("country_code", e.Field);
        Assert.Null(await grain.Get(developer));
    }

    [Fact]
    public async Task Oversized_metadata_is_rejected()
    {
        var tooMany = Enumerable.Range(0, 51).ToDictionary(i => $"k{i}", i => "v");
        var e = await Assert.ThrowsAsync<RowellException>(() => NewAccount().Create(Command(RowellIds.New(RowellIds.Developer), metadata: tooMany)));
        Assert.Equal("metadata", e.Field);

        var longValue = new Dictionary<string, string> { ["note"] = new string('x', 501) };
        e = await Assert.ThrowsAsync<RowellException>(() => NewAccount().Create(Command(RowellIds.New(RowellIds.Developer), metadata: longValue)));
        Assert.Equal("metadata.note", e.Field);
    }

    [Fact]
    public async Task Repeating_a_create_returns_the_same_account_and_a_different_one_conflicts()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var grain = NewAccount();
        var first = await grain.Create(Command(developer));
        var again = await grain.Create(Command(developer));
        Assert.Equal(first.Wallets.Single().Address, again.Wallets.Single().Address);

        var e = await Assert.ThrowsAsync<RowellException>(() => grain.Create(Command(RowellIds.New(RowellIds.Developer))));
        Assert.Equal(ErrorCodes.Conflict, e.Code);
    }

    [Fact]
    public async Task A_second_wallet_on_the_other_network_is_added_once()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var account = await NewAccount().Create(Command(developer));
        var grain = fixture.Client.GetGrain<IAccountGrain>(account.Id);

        var hedera = await grain.AddWallet(developer, RowellIds.New(RowellIds.Wallet), Network.Hedera);
        Assert.Equal(Network.Hedera, hedera.Network);
        var e = await Assert.ThrowsAsync<RowellException>(() => grain.AddWallet(developer, RowellIds.New(RowellIds.Wallet), Network.Hedera));
        Assert.Equal(ErrorCodes.Conflict, e.Code);

        var view = await grain.Get(developer);
        Assert.Equal(2, view!.Wallets.Count);
        var balances = await grain.GetBalances(developer);
        Assert.Contains(balances, b => b.AssetCode == "HBAR" && b.Balance == 10_000m);
        Assert.Equal(1_000m, (await fixture.Client.GetGrain<IWalletGrain>(hedera.Id).GetBalances()).Single(b => b.AssetCode == "USDC").Balance);
    }

    [Fact]
    public async Task Lists_come_from_the_read_model_newest_first_with_cursors_and_filters()
    {
        var developer = RowellIds.New(RowellIds.Developer);
        var created = new List<AccountView>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await NewAccount().Create(Command(developer, i % 2 == 0 ? Network.Stellar : Network.Hedera, i < 3 ? "KE" : "GH")));
        }
        var query = fixture.Client.GetGrain<IAccountQueryGrain>(0);
        var first = await query.List(developer, new AccountFilter(), new PageRequest(2, null, null));
        Assert.Equal([created[4].Id, created[3].Id], first.Items.Select(a => a.Id));
        Assert.True(first.HasMore);
        var second = await query.List(developer, new AccountFilter(), new PageRequest(2, first.NextCursor, null));
        Assert.Equal([created[2].Id, created[1].Id], second.Items.Select(a => a.Id));
        var last = await query.List(developer, new AccountFilter(), new PageRequest(2, second.NextCursor, null));
        Assert.Equal([created[0].Id], last.Items.Select(a => a.Id));
        Assert.False(last.HasMore);
        var back = await query.List(developer, new AccountFilter(), new PageRequest(2, null, created[0].Id));
        Assert.Equal([created[2].Id, created[1].Id], back.Items.Select(a => a.Id));

        var hedera = await query.List(developer, new AccountFilter(Network: Network.Hedera), new PageRequest(10, null, null));
        Assert.Equal([created[3].Id, created[1].Id], hedera.Items.Select(a => a.Id));
        var ghana = await query.List(developer, new AccountFilter(CountryCode: "GH"), new PageRequest(10, null, null));
        Assert.Equal(2, ghana.Items.Count);

        var e = await Assert.ThrowsAsync<RowellException>(() => query.List(RowellIds.New(RowellIds.Developer), new AccountFilter(), new PageRequest(2, created[0].Id, null)));
        Assert.Equal("starting_after", e.Field);
    }
}
