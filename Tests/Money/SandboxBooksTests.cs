using CsCheck;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Sandbox;

namespace Rowell.Tests.Money;

/// <summary>
/// The in-memory sandbox books: the overflow that drove a balance to -922,337,193,685 XLM, and, for any
/// sequence of payments (huge, zero, negative, to oneself, near int64), every balance stays ≥ 0 and
/// sum(balances) + sum(fees burnt) stays what was opened.
/// </summary>
public sealed class SandboxBooksTests
{
    internal static SandboxPayment Payment(string id, string from, string to, long amount, long fee = 100, string asset = "XLM", bool fails = false) =>
        new(id, "hash-" + id, Network.Stellar, from, to, asset, amount, "XLM", fee, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, fails);

    [Fact]
    public async Task Amount_plus_fee_past_int64_is_underfunded_and_moves_nothing()
    {
        var books = new InMemorySandboxLedgerStore();
        await books.OpenAccountAsync(Network.Stellar, "GA", [("XLM", 100_000_000_000)], default);
        await books.OpenAccountAsync(Network.Stellar, "GB", [("XLM", 0)], default);

        // Before: amount + fee wrapped to a negative "need", the payer looked funded and was debited past zero.
        var tx = await books.ApplyPaymentAsync(Payment("p1", "GA", "GB", long.MaxValue - 50), default);

        Assert.False(tx.Succeeded);
        Assert.Equal(SandboxLedger.Underfunded, tx.FailureCode);
        Assert.Equal(100_000_000_000, (await books.GetBalancesAsync(Network.Stellar, "GA", default)).Single().AmountMinor);
        Assert.Equal(0, (await books.GetBalancesAsync(Network.Stellar, "GB", default)).Single().AmountMinor);
    }

    [Fact]
    public async Task A_credit_that_would_overflow_the_payee_fails_whole_and_the_payer_keeps_everything()
    {
        var books = new InMemorySandboxLedgerStore();
        await books.OpenAccountAsync(Network.Stellar, "GA", [("XLM", 1_000_000)], default);
        await books.OpenAccountAsync(Network.Stellar, "GB", [("XLM", long.MaxValue - 10)], default);

        // Before: the payer was debited, then the payee's checked credit threw — half a payment.
        var tx = await books.ApplyPaymentAsync(Payment("p1", "GA", "GB", 500), default);

        Assert.False(tx.Succeeded);
        Assert.Equal(SandboxBooks.PayeeFull, tx.FailureCode);
        Assert.Equal(1_000_000, (await books.GetBalancesAsync(Network.Stellar, "GA", default)).Single().AmountMinor);
        Assert.Equal(long.MaxValue - 10, (await books.GetBalancesAsync(Network.Stellar, "GB", default)).Single().AmountMinor);
    }

    [Fact]
    public async Task Funding_past_int64_is_refused_whole()
    {
        var books = new InMemorySandboxLedgerStore();
        await books.OpenAccountAsync(Network.Stellar, "GA", [("XLM", long.MaxValue - 1)], default);
        var e = await Assert.ThrowsAsync<RowellException>(() => books.CreditAsync(Network.Stellar, "GA", "XLM", 2, default));
        Assert.Equal("amount", e.Field);
        Assert.Equal(long.MaxValue - 1, (await books.GetBalancesAsync(Network.Stellar, "GA", default)).Single().AmountMinor);
    }

    /// <summary>A random payment between a few accounts: ordinary, zero, negative, near-int64 and self payments, USDC with an XLM fee.</summary>
    internal static readonly Gen<(int From, int To, long Amount, long Fee, bool Usdc, bool Fails)> AnyPayment =
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3],
            Gen.OneOf(Gen.Long[1, 5_000_000], Gen.Long[-10, 0], Gen.Long[long.MaxValue - 1_000, long.MaxValue], Gen.Long),
            Gen.OneOf(Gen.Const(100L), Gen.Long[0, 1_000], Gen.Long[long.MaxValue - 100, long.MaxValue]),
            Gen.Bool, Gen.Int[0, 9].Select(n => n == 0));

    internal static readonly string[] Addresses = ["GA", "GB", "GC", "GD"];

    [Fact]
    public void Any_sequence_of_payments_keeps_every_balance_non_negative_and_the_total_conserved()
    {
        AnyPayment.Array[1, 40].Sample(payments =>
        {
            var books = new InMemorySandboxLedgerStore();
            // One account starts near the int64 edge, so credits to it can overflow.
            var opening = new[] { 10_000_000L, 3_000_000L, long.MaxValue - 2_000_000, 0L };
            for (var i = 0; i < Addresses.Length; i++)
            {
                books.OpenAccountAsync(Network.Stellar, Addresses[i], [("XLM", opening[i]), ("USDC", 5_000_000)], default).GetAwaiter().GetResult();
            }
            var burnt = 0m;
            var n = 0;
            foreach (var (from, to, amount, fee, usdc, fails) in payments)
            {
                var tx = books.ApplyPaymentAsync(Payment($"p{n++}", Addresses[from], Addresses[to], amount, fee, usdc ? "USDC" : "XLM", fails), default).GetAwaiter().GetResult();
                burnt += tx.FeeMinor;
            }
            var totals = Addresses.SelectMany(a => books.GetBalancesAsync(Network.Stellar, a, default).GetAwaiter().GetResult()).ToList();
            Assert.All(totals, b => Assert.True(b.AmountMinor >= 0, $"{b.Asset} {b.AmountMinor}"));
            Assert.Equal(opening.Sum(o => (decimal)o), totals.Where(b => b.Asset == "XLM").Sum(b => (decimal)b.AmountMinor) + burnt);
            Assert.Equal(4 * 5_000_000m, totals.Where(b => b.Asset == "USDC").Sum(b => (decimal)b.AmountMinor));
        }, iter: 2_000);
    }
}
