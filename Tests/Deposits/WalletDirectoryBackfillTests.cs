using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Accounts;
using Rowell.Grains.LedgerSync;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Deposits;

/// <summary>
/// Wallets opened before the wallet directory existed are found by the inbound sync after the next start-up:
/// the schema step (071) fills the directory from the account read model, as often as it runs, without
/// duplicates and without overwriting what the wallet grains registered themselves.
/// </summary>
public sealed class WalletDirectoryBackfillTests
{
    [Fact]
    public async Task Start_up_registers_older_wallets_once()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("walletdir");
        await PostgresSchema.ApplyAsync(cs);
        var db = NpgsqlDataSource.Create(cs);
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var stellar = new WalletView("wal_s", "acc_old", Network.Stellar, LedgerEnvironment.Testnet, "GOLDSTELLARADDRESS", "GOLDSTELLARADDRESS", at);
        var hedera = new WalletView("wal_h", "acc_old", Network.Hedera, LedgerEnvironment.Mainnet, "0.0.4242", "302a300506032b6570032100aa", at);
        // The account as its read model stored it before the directory existed (the product's own writer).
        await new PostgresAccountReadModel(db).UpsertAsync(new AccountView("acc_old", "dev_old", Network.Stellar, LedgerEnvironment.Testnet,
            AccountType.User, "NG", "africa", KycStatus.Unverified, new Dictionary<string, string>(), [stellar, hedera], at, at), 1, default);
        // A wallet the grain registered itself keeps its row.
        var directory = new PostgresWalletDirectory(db);
        var registered = new WalletAddress(Network.Stellar, "GREGISTERED", "wal_r", "acc_new", "dev_new", LedgerEnvironment.Testnet);
        await directory.RegisterAsync(registered, default);
        await using (var clear = db.CreateCommand("DELETE FROM rowell_wallet_addresses WHERE account_id = 'acc_old'"))
        {
            await clear.ExecuteNonQueryAsync();
        }
        Assert.Empty(await directory.FindAsync(Network.Stellar, ["GOLDSTELLARADDRESS"], default));

        await PostgresSchema.ApplyAsync(cs);
        await PostgresSchema.ApplyAsync(cs);

        Assert.Equal(new WalletAddress(Network.Stellar, "GOLDSTELLARADDRESS", "wal_s", "acc_old", "dev_old", LedgerEnvironment.Testnet),
            Assert.Single(await directory.FindAsync(Network.Stellar, ["GOLDSTELLARADDRESS", "GSTRANGER"], default)).Value);
        Assert.Equal(new WalletAddress(Network.Hedera, "0.0.4242", "wal_h", "acc_old", "dev_old", LedgerEnvironment.Mainnet),
            Assert.Single(await directory.FindAsync(Network.Hedera, ["0.0.4242"], default)).Value);
        Assert.Equal(registered, Assert.Single(await directory.FindAsync(Network.Stellar, ["GREGISTERED"], default)).Value);
        Assert.Equal(3L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM rowell_wallet_addresses"));
    }
}
