using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Storage;
using Rowell.Grains.Transfers;
using Rowell.Tests.Infrastructure;
using static Rowell.Tests.Money.SandboxBooksTests;

namespace Rowell.Tests.Money;

/// <summary>
/// The cluster-mode books on a real Postgres: amounts near int64 are decided, not overflowed (a bigint out of
/// range used to fail the statement — and, retried as transient, every group commit it landed in — every 2 s);
/// a bad statement fails alone; and the same payment sequences as the in-memory property keep the books whole.
/// </summary>
public sealed class PostgresBooksTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;
    private PostgresSandboxLedgerStore _books = null!;
    private string _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync("moneybooks");
        await PostgresSchema.ApplyAsync(_connection);
        _db = NpgsqlDataSource.Create(_connection);
        _books = new PostgresSandboxLedgerStore(_db, NullLogger<PostgresBatcher>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _books.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task<long> XlmAsync(string address) =>
        (await _books.GetBalancesAsync(Network.Stellar, address, default)).Single(b => b.Asset == "XLM").AmountMinor;

    private static string Fresh(string tag) => tag + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Amount_plus_fee_past_bigint_is_underfunded_not_an_error()
    {
        var (a, b) = (Fresh("GA"), Fresh("GB"));
        await _books.OpenAccountAsync(Network.Stellar, a, [("XLM", 100_000_000_000)], default);
        await _books.OpenAccountAsync(Network.Stellar, b, [("XLM", 0)], default);
        var tx = await _books.ApplyPaymentAsync(Payment(Fresh("p"), a, b, long.MaxValue - 50), default);
        Assert.Equal((false, SandboxLedger.Underfunded), (tx.Succeeded, tx.FailureCode));
        Assert.Equal(100_000_000_000, await XlmAsync(a));
        Assert.Equal(0, await XlmAsync(b));
    }

    [Fact]
    public async Task A_payee_balance_that_would_pass_bigint_fails_the_payment_whole()
    {
        var (a, b) = (Fresh("GA"), Fresh("GB"));
        await _books.OpenAccountAsync(Network.Stellar, a, [("XLM", 1_000_000)], default);
        await _books.OpenAccountAsync(Network.Stellar, b, [("XLM", long.MaxValue - 10)], default);
        var tx = await _books.ApplyPaymentAsync(Payment(Fresh("p"), a, b, 500), default);
        Assert.Equal((false, SandboxBooks.PayeeFull), (tx.Succeeded, tx.FailureCode));
        Assert.Equal(1_000_000, await XlmAsync(a));
        Assert.Equal(long.MaxValue - 10, await XlmAsync(b));
    }

    [Fact]
    public async Task Funding_past_bigint_is_a_400_on_amount_and_changes_nothing()
    {
        var a = Fresh("GA");
        await _books.OpenAccountAsync(Network.Stellar, a, [("XLM", long.MaxValue - 1)], default);
        var e = await Assert.ThrowsAsync<RowellException>(() => _books.CreditAsync(Network.Stellar, a, "XLM", 2, default));
        Assert.Equal((ErrorCodes.ValidationError, "amount"), (e.Code, e.Field));
        Assert.Equal(long.MaxValue - 1, await XlmAsync(a));
    }

    [Fact]
    public async Task One_bad_statement_in_a_group_commit_fails_alone_and_the_others_commit()
    {
        await using var batcher = new PostgresBatcher(_db, NullLogger<PostgresBatcher>.Instance, workers: 1, maxBatch: 32);
        await using (var create = _db.CreateCommand("CREATE TABLE IF NOT EXISTS money_batch_probe (n bigint NOT NULL)"))
        {
            await create.ExecuteNonQueryAsync();
        }
        static NpgsqlBatchCommand Insert(string value) => new($"INSERT INTO money_batch_probe (n) SELECT {value} RETURNING n");
        var tasks = Enumerable.Range(0, 30).Select(i => batcher.ExecuteAsync(
            Insert(i == 15 ? "9223372036854775807::bigint + 1" : i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            async (r, ct) => await r.ReadAsync(ct) ? r.GetInt64(0) : -1)).ToList();
        var results = await Task.WhenAll(tasks.Select(Settle));

        var failed = Assert.Single(results, r => !r.Ok);
        var pg = Assert.IsType<PostgresException>(failed.Error);
        Assert.Equal(PostgresErrorCodes.NumericValueOutOfRange, pg.SqlState);
        Assert.True(PostgresErrors.IsPermanent(pg));
        Assert.False(TransferFailures.IsTransient(pg));
        Assert.Equal(29L, await TestPostgres.ScalarAsync<long>(_connection, "SELECT count(*) FROM money_batch_probe"));
    }

    private static async Task<(bool Ok, Exception? Error, long Value)> Settle(Task<long> t)
    {
        try
        {
            return (true, null, await t);
        }
        catch (Exception e)
        {
            return (false, e, -1);
        }
    }

    [Fact]
    public async Task A_full_group_commit_queue_refuses_at_once_with_service_unavailable()
    {
        var blocker = new NpgsqlDataSourceBuilder(_connection + ";Maximum Pool Size=1").Build();
        await using var held = await blocker.OpenConnectionAsync(); // the batcher's only connection is taken: nothing drains
        await using var batcher = new PostgresBatcher(blocker, NullLogger<PostgresBatcher>.Instance, workers: 1, maxBatch: 1, capacity: 4);
        var queued = new List<Task<int>>();
        RowellException? refused = null;
        for (var i = 0; i < 50 && refused is null; i++)
        {
            try
            {
                queued.Add(batcher.ExecuteAsync(new NpgsqlBatchCommand("SELECT 1"), async (r, ct) => await r.ReadAsync(ct) ? 1 : 0));
            }
            catch (RowellException e)
            {
                refused = e;
            }
        }
        Assert.NotNull(refused);
        Assert.Equal(ErrorCodes.ServiceUnavailable, refused!.Code);
        Assert.InRange(queued.Count, 4, 6); // the bound, plus what the worker already took off the queue
        await held.CloseAsync();
        Assert.All(await Task.WhenAll(queued), v => Assert.Equal(1, v));
        await blocker.DisposeAsync();
    }

    [Fact]
    public void Any_sequence_of_payments_keeps_the_postgres_books_non_negative_and_conserved()
    {
        AnyPayment.Array[1, 25].Sample(payments =>
        {
            var run = Guid.NewGuid().ToString("N")[..10];
            var addresses = Addresses.Select(a => a + run).ToArray();
            var opening = new[] { 10_000_000L, 3_000_000L, long.MaxValue - 2_000_000, 0L };
            for (var i = 0; i < addresses.Length; i++)
            {
                _books.OpenAccountAsync(Network.Stellar, addresses[i], [("XLM", opening[i]), ("USDC", 5_000_000)], default).GetAwaiter().GetResult();
            }
            var burnt = 0m;
            var n = 0;
            foreach (var (from, to, amount, fee, usdc, fails) in payments)
            {
                var tx = _books.ApplyPaymentAsync(Payment($"{run}-{n++}", addresses[from], addresses[to], amount, fee, usdc ? "USDC" : "XLM", fails), default).GetAwaiter().GetResult();
                burnt += tx.FeeMinor;
            }
            var totals = addresses.SelectMany(a => _books.GetBalancesAsync(Network.Stellar, a, default).GetAwaiter().GetResult()).ToList();
            Assert.All(totals, b => Assert.True(b.AmountMinor >= 0, $"{b.Asset} {b.AmountMinor}"));
            Assert.Equal(opening.Sum(o => (decimal)o), totals.Where(b => b.Asset == "XLM").Sum(b => (decimal)b.AmountMinor) + burnt);
            Assert.Equal(4 * 5_000_000m, totals.Where(b => b.Asset == "USDC").Sum(b => (decimal)b.AmountMinor));
        }, iter: 60, threads: 1);
    }
}
