using Npgsql;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Deposits;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Deposits;

/// <summary>
/// The cluster's deposit store on a real Postgres (docker/postgres/070): a ledger operation is a deposit once —
/// whatever id a retry carries — with exactly one deposit.received event and one sandbox credit; lists page by
/// cursor both ways, filter, and stay within their developer.
/// </summary>
public sealed class PostgresDepositStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static DepositView Deposit(string id, string developer, string operation, DateTimeOffset at, string account = "acc_a", string asset = "XLM") =>
        new(id, developer, account, "wal_a", Network.Stellar, LedgerEnvironment.Testnet, asset, 125_000_000, 7, "GEXTERNAL", "GOURS",
            "hash-" + operation, operation, at.AddSeconds(-3), at);

    private static async Task<(bool Created, string Id)> RecordAsync(PostgresDepositStore store, DepositView d, SandboxCredit? credit = null)
    {
        var (stored, created) = await store.RecordAsync(d, DepositEvents.ReceivedEvent(d), credit, default);
        return (created, stored.Id);
    }

    [Fact]
    public async Task A_ledger_operation_is_recorded_once_with_one_event_and_one_credit()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("deposits");
        await PostgresSchema.ApplyAsync(cs);
        var store = new PostgresDepositStore(NpgsqlDataSource.Create(cs));
        var credit = new SandboxCredit(Network.Stellar, "GOURS", "XLM", 125_000_000);

        Assert.Equal((true, "dep_1"), await RecordAsync(store, Deposit("dep_1", "dev_1", "op-1", T0), credit));
        // The same deposit again, and the same ledger operation under a new id (a sync that restarted): the first one.
        Assert.Equal((false, "dep_1"), await RecordAsync(store, Deposit("dep_1", "dev_1", "op-1", T0), credit));
        Assert.Equal((false, "dep_1"), await RecordAsync(store, Deposit("dep_2", "dev_1", "op-1", T0.AddMinutes(1)), credit));
        // Another operation is another deposit.
        Assert.Equal((true, "dep_3"), await RecordAsync(store, Deposit("dep_3", "dev_1", "op-3", T0.AddMinutes(2))));

        Assert.Equal(2L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM rowell_deposits"));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM rowell_events WHERE aggregate_id = 'dep_1' AND type = 'deposit.received'"));
        Assert.Equal(0L, await TestPostgres.ScalarAsync<long>(cs, "SELECT count(*) FROM rowell_events WHERE aggregate_id = 'dep_2'"));
        Assert.Equal(125_000_000L, await TestPostgres.ScalarAsync<long>(cs,
            "SELECT amount_minor FROM sandbox_balances WHERE network = 'stellar' AND address = 'GOURS' AND asset = 'XLM'"));
        var stored = await store.GetAsync("dep_1", default);
        Assert.Equal(Deposit("dep_1", "dev_1", "op-1", T0), stored);
        Assert.Null(await store.GetAsync("dep_2", default));
    }

    [Fact]
    public async Task Lists_page_by_cursor_both_ways_filter_and_keep_to_their_developer()
    {
        var cs = await TestPostgres.CreateDatabaseAsync("deposits");
        await PostgresSchema.ApplyAsync(cs);
        var store = new PostgresDepositStore(NpgsqlDataSource.Create(cs));
        // dep_0 … dep_4, one minute apart; dep_1 and dep_3 to another account in USDC; one of another developer.
        for (var i = 0; i < 5; i++)
        {
            var odd = i % 2 == 1;
            await RecordAsync(store, Deposit($"dep_{i}", "dev_1", $"op-{i}", T0.AddMinutes(i), odd ? "acc_b" : "acc_a", odd ? "USDC" : "XLM"));
        }
        await RecordAsync(store, Deposit("dep_x", "dev_2", "op-x", T0.AddMinutes(10)));

        // Ids joined, so whole pages compare by value.
        async Task<(string Ids, bool HasMore, string? Next)> List(PageRequest page, DepositFilter? filter = null)
        {
            var p = await store.ListAsync("dev_1", filter ?? new DepositFilter(), page, default);
            return (string.Join(",", p.Items.Select(d => d.Id)), p.HasMore, p.NextCursor);
        }

        var first = await List(new PageRequest(2, null, null));
        Assert.Equal(("dep_4,dep_3", true, "dep_3"), (first.Ids, first.HasMore, first.Next));
        var second = await List(new PageRequest(2, "dep_3", null));
        Assert.Equal(("dep_2,dep_1", true, "dep_1"), (second.Ids, second.HasMore, second.Next));
        var last = await List(new PageRequest(2, "dep_1", null));
        Assert.Equal(("dep_0", false, (string?)null), (last.Ids, last.HasMore, last.Next));
        // Backwards from dep_1: the two just newer, still newest first, and more beyond them.
        var back = await List(new PageRequest(2, null, "dep_1"));
        Assert.Equal(("dep_3,dep_2", true), (back.Ids, back.HasMore));

        Assert.Equal("dep_3,dep_1", (await List(new PageRequest(10, null, null), new DepositFilter(AccountId: "acc_b"))).Ids);
        Assert.Equal("dep_4,dep_2,dep_0", (await List(new PageRequest(10, null, null), new DepositFilter(AssetCode: "XLM"))).Ids);
        Assert.Equal("dep_2,dep_1,dep_0", (await List(new PageRequest(10, null, null), new DepositFilter(CreatedAtOrBefore: T0.AddMinutes(2)))).Ids);
        Assert.Equal("dep_2", (await List(new PageRequest(10, null, null), new DepositFilter(TransactionHash: "hash-op-2"))).Ids);
        Assert.Equal("dep_4,dep_3", (await List(new PageRequest(10, null, null), new DepositFilter(CreatedAfter: T0.AddMinutes(2)))).Ids);
        // From a lower bound upwards: the two just after it (not the two newest), newest first, more beyond them.
        var fromBound = await List(new PageRequest(2, null, null), new DepositFilter(CreatedAfter: T0, NearestLowerBound: true));
        Assert.Equal(("dep_2,dep_1", true, "dep_2"), (fromBound.Ids, fromBound.HasMore, fromBound.Next));
        var wholeRange = await List(new PageRequest(5, null, null), new DepositFilter(CreatedAfter: T0, NearestLowerBound: true));
        Assert.Equal(("dep_4,dep_3,dep_2,dep_1", false), (wholeRange.Ids, wholeRange.HasMore));

        // Another developer's deposit is neither listed nor a cursor.
        Assert.Equal("dep_4,dep_3,dep_2,dep_1,dep_0", (await List(new PageRequest(100, null, null))).Ids);
        await Assert.ThrowsAsync<RowellException>(() => store.ListAsync("dev_1", new DepositFilter(), new PageRequest(2, "dep_x", null), default));
    }
}
