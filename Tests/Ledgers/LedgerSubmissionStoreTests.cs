using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Submissions;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Ledgers;

/// <summary>The store behind "one payment id, one signed transaction": the same contract in memory and in Postgres.</summary>
public sealed class LedgerSubmissionStoreTests
{
    private static async Task<ILedgerSubmissionStore> StoreAsync(string kind)
    {
        if (kind == "memory")
        {
            return new InMemoryLedgerSubmissionStore();
        }
        var db = await TestPostgres.CreateDatabaseAsync("ledgersub");
        await PostgresSchema.ApplyAsync(db);
        return new PostgresLedgerSubmissionStore(NpgsqlDataSource.Create(db));
    }

    private static StoredSubmission Row(string paymentId, string hash) => new(Network.Stellar, paymentId, LedgerEnvironment.Testnet,
        hash, "AAAA" + hash, LedgerTxStatus.Pending, null, DateTimeOffset.FromUnixTimeSeconds(1_767_225_600), null);

    [Theory]
    [InlineData("memory")]
    [InlineData("postgres")]
    public async Task FirstWriterWins_ReplaceOnlyFromTheStoredHash(string kind)
    {
        var store = await StoreAsync(kind);
        var first = await store.PutAsync(Row("pay_1", "h1"), null, default);
        Assert.Equal("h1", first.Hash);
        // A second signer for the same payment id gets the first one's transaction back.
        Assert.Equal("h1", (await store.PutAsync(Row("pay_1", "h2"), null, default)).Hash);
        // A replacement that does not start from the stored hash loses.
        Assert.Equal("h1", (await store.PutAsync(Row("pay_1", "h3"), "h-other", default)).Hash);
        var replaced = await store.PutAsync(Row("pay_1", "h4"), "h1", default);
        Assert.Equal(("h4", "AAAAh4"), (replaced.Hash, replaced.SignedTx));
        Assert.Null(await store.GetByHashAsync(Network.Stellar, "h1", default));

        var settled = await store.PutAsync(replaced with { Status = LedgerTxStatus.Failed, FailureCode = "op_underfunded", SettledAt = replaced.SubmittedAt.AddSeconds(5) }, "h4", default);
        var read = await store.GetAsync(Network.Stellar, "pay_1", default);
        Assert.Equal(settled, read);
        Assert.Equal(read, await store.GetByHashAsync(Network.Stellar, "h4", default));
        Assert.Null(await store.GetAsync(Network.Hedera, "pay_1", default));
    }
}
