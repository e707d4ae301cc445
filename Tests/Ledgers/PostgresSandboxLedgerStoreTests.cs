using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Sandbox;
using Rowell.Grains.Storage;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Ledgers;

/// <summary>
/// The sandbox ledger's payment statement on a real Postgres: one payment id moves money at most once, however many
/// times and from however many silos it is submitted at once. Two store instances stand for two silos
/// (separate batchers, so separate transactions).
/// </summary>
public sealed class PostgresSandboxLedgerStoreTests : IAsyncLifetime
{
    private NpgsqlDataSource _db = null!;
    private PostgresSandboxLedgerStore _siloA = null!;
    private PostgresSandboxLedgerStore _siloB = null!;
    private string _connection = null!;

    public async Task InitializeAsync()
    {
        _connection = await TestPostgres.CreateDatabaseAsync("sandboxledger");
        await PostgresSchema.ApplyAsync(_connection);
        _db = NpgsqlDataSource.Create(_connection);
        _siloA = new PostgresSandboxLedgerStore(_db, NullLogger<PostgresBatcher>.Instance);
        _siloB = new PostgresSandboxLedgerStore(_db, NullLogger<PostgresBatcher>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _siloA.DisposeAsync();
        await _siloB.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static SandboxPayment Payment(string id, string from, string to, long amount, bool fails = false) =>
        new(id, "hash-" + id, Network.Stellar, from, to, "XLM", amount, "XLM", 100, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, fails);

    private async Task<long> BalanceAsync(string address) =>
        (await _siloA.GetBalancesAsync(Network.Stellar, address, default)).Single(b => b.Asset == "XLM").AmountMinor;

    [Fact]
    public async Task The_same_payment_submitted_40_times_from_two_silos_at_once_pays_once()
    {
        var (from, to) = ("GPAYER" + Guid.NewGuid().ToString("N"), "GPAYEE" + Guid.NewGuid().ToString("N"));
        await _siloA.OpenAccountAsync(Network.Stellar, from, [("XLM", 1_000_000)], default);
        await _siloA.OpenAccountAsync(Network.Stellar, to, [("XLM", 0)], default);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            (i % 2 == 0 ? _siloA : _siloB).ApplyPaymentAsync(Payment("pay-1", from, to, 250_000), default)));

        Assert.All(results, r => Assert.True(r.Succeeded));
        Assert.Single(results.Select(r => r.Hash).Distinct());
        Assert.Equal(1_000_000 - 250_000 - 100, await BalanceAsync(from));
        Assert.Equal(250_000, await BalanceAsync(to));
        Assert.Equal(1L, await TestPostgres.ScalarAsync<long>(_connection, "SELECT count(*) FROM sandbox_transactions WHERE payment_id = 'pay-1'"));
    }

    [Fact]
    public async Task Underfunded_and_failing_payments_move_nothing_and_replay_their_first_outcome()
    {
        var (from, to) = ("GPOOR" + Guid.NewGuid().ToString("N"), "GRICH" + Guid.NewGuid().ToString("N"));
        await _siloA.OpenAccountAsync(Network.Stellar, from, [("XLM", 1_000)], default);
        await _siloA.OpenAccountAsync(Network.Stellar, to, [("XLM", 5)], default);

        var poor = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            (i % 2 == 0 ? _siloA : _siloB).ApplyPaymentAsync(Payment("pay-poor", from, to, 5_000), default)));
        Assert.All(poor, r => Assert.Equal((false, "op_underfunded", 0L), (r.Succeeded, r.FailureCode, r.FeeMinor)));

        var failing = await _siloB.ApplyPaymentAsync(Payment("pay-fails", from, to, 10, fails: true), default);
        Assert.Equal((false, "tx_failed", 0L), (failing.Succeeded, failing.FailureCode, failing.FeeMinor));
        // Once decided, a payment id keeps its outcome even if the payer could now afford it.
        Assert.Equal("op_underfunded", (await _siloA.ApplyPaymentAsync(Payment("pay-poor", from, to, 10), default)).FailureCode);

        Assert.Equal(1_000, await BalanceAsync(from));
        Assert.Equal(5, await BalanceAsync(to));
    }

    [Fact]
    public async Task Payments_racing_for_one_balance_never_overdraw_it()
    {
        var from = "GSHARED" + Guid.NewGuid().ToString("N");
        var payees = Enumerable.Range(0, 4).Select(i => $"GPAYEE{i}" + Guid.NewGuid().ToString("N")).ToArray();
        await _siloA.OpenAccountAsync(Network.Stellar, from, [("XLM", 10 * 1_100)], default);
        foreach (var payee in payees)
        {
            await _siloA.OpenAccountAsync(Network.Stellar, payee, [("XLM", 0)], default);
        }

        // 30 distinct payments of 1,000 + 100 fee from a balance that covers exactly 10.
        var results = await Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            (i % 2 == 0 ? _siloA : _siloB).ApplyPaymentAsync(Payment($"race-{i}", from, payees[i % 4], 1_000), default)));

        Assert.Equal(10, results.Count(r => r.Succeeded));
        Assert.Equal(20, results.Count(r => r.FailureCode == "op_underfunded"));
        Assert.Equal(0, await BalanceAsync(from));
        long received = 0;
        foreach (var payee in payees)
        {
            received += await BalanceAsync(payee);
        }
        Assert.Equal(10_000, received);
    }
}
