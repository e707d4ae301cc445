using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Storage;
using Rowell.Grains.Transfers;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Deposits;

/// <summary>
/// The transfer list's time bounds on a real Postgres, as the merged transaction list uses them: CreatedBefore
/// forwards, CreatedAtOrAfter backwards — with NearestLowerBound, the page nearest the bound, not the newest.
/// </summary>
public sealed class PostgresTransferListBoundsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static TransferState Transfer(int i) => new()
    {
        Id = $"tr_{i}", DeveloperId = "dev_1", Status = TransferStatus.Completed, FromAccountId = "acc_a", FromWalletId = "wal_a",
        FromAddress = "GFROM", ToAccountId = "acc_b", ToAddress = "GTO", Network = Network.Stellar, Environment = LedgerEnvironment.Testnet,
        AssetCode = "XLM", Decimals = 7, AmountMinor = 10_000_000, FeeAsset = "XLM", FeeDecimals = 7, FeeMinor = 100,
        TxHash = $"hash-{i}", CreatedAt = T0.AddMinutes(i), UpdatedAt = T0.AddMinutes(i),
    };

    [Fact]
    public async Task Lower_and_upper_time_bounds_and_the_page_nearest_the_lower_bound()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("transferbounds");
        await PostgresSchema.ApplyAsync(cs);
        var db = NpgsqlDataSource.Create(cs);
        await using var batcher = new PostgresBatcher(db, NullLogger<PostgresBatcher>.Instance, workers: 1, maxBatch: 8);
        var store = new PostgresTransferStore(db, batcher);
        for (var i = 0; i < 5; i++)
        {
            await store.SaveAsync(Transfer(i), 0, [], default);
        }

        async Task<(string Ids, bool HasMore, string? Next)> List(int limit, TransferFilter filter)
        {
            var p = await store.ListAsync("dev_1", filter with { Account = "acc_a", OnlyOnLedger = true }, new PageRequest(limit, null, null), default);
            return (string.Join(",", p.Items.Select(t => t.Id)), p.HasMore, p.NextCursor);
        }

        Assert.Equal("tr_1,tr_0", (await List(10, new TransferFilter(CreatedBefore: T0.AddMinutes(2)))).Ids);
        Assert.Equal("tr_4,tr_3,tr_2", (await List(10, new TransferFilter(CreatedAtOrAfter: T0.AddMinutes(2)))).Ids);
        // Without NearestLowerBound a bounded page is still the newest; with it, the two just at/after the bound.
        Assert.Equal(("tr_4,tr_3", true, "tr_3"), await List(2, new TransferFilter(CreatedAtOrAfter: T0.AddMinutes(1))));
        Assert.Equal(("tr_2,tr_1", true, "tr_2"), await List(2, new TransferFilter(CreatedAtOrAfter: T0.AddMinutes(1), NearestLowerBound: true)));
        Assert.Equal(("tr_4,tr_3,tr_2,tr_1", false, (string?)null), await List(4, new TransferFilter(CreatedAtOrAfter: T0.AddMinutes(1), NearestLowerBound: true)));
    }
}
