using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers.Sandbox;

/// <summary>
/// The sandbox ledger's arithmetic, shared by the in-memory books and mirrored by the Postgres statement:
/// what a payment does to the three balances it touches, decided in full (checked) before anything is written.
/// </summary>
public static class SandboxBooks
{
    /// <summary>Stellar's result code when a credit would take the payee past the largest balance it can hold.</summary>
    public const string PayeeFull = "op_line_full";

    /// <summary>A payment no ledger would accept as such: to itself, or with a non-positive amount or a negative fee.</summary>
    public const string Malformed = "op_malformed";

    public readonly record struct Decision(bool Ok, string? FailureCode, long PayerAsset, long PayerFee, long Payee);

    /// <summary>
    /// A payment of <c>AmountMinor</c> plus <c>FeeMinor</c> (in the fee asset, burnt). Refused as underfunded when
    /// the payer lacks amount + fee (or their sum does not fit an int64); as <see cref="Malformed"/> for a payment
    /// to itself or with a non-positive amount;
    /// as <see cref="PayeeFull"/> when the payee's balance would overflow; as a simulated failure when asked.
    /// </summary>
    public static Decision Decide(bool payerExists, SandboxPayment p, long payerAsset, long payerFee, long payee)
    {
        var sameAsset = p.Asset == p.FeeAsset;
        if (p.FromAddress == p.ToAddress || p.AmountMinor <= 0 || p.FeeMinor < 0)
        {
            return new Decision(false, Malformed, payerAsset, payerFee, payee);
        }
        if (!payerExists
            || !TryAdd(p.AmountMinor, sameAsset ? p.FeeMinor : 0, out var needAsset)
            || payerAsset < needAsset || (!sameAsset && payerFee < p.FeeMinor))
        {
            return new Decision(false, SandboxLedger.Underfunded, payerAsset, payerFee, payee);
        }
        if (!TryAdd(payee, p.AmountMinor, out var newPayee))
        {
            return new Decision(false, PayeeFull, payerAsset, payerFee, payee);
        }
        if (p.FailsAtSettlement)
        {
            return new Decision(false, SandboxLedger.SimulatedFailure, payerAsset, payerFee, payee);
        }
        var newPayerAsset = checked(payerAsset - needAsset);
        var newPayerFee = sameAsset ? newPayerAsset : checked(payerFee - p.FeeMinor);
        return new Decision(true, null, newPayerAsset, newPayerFee, newPayee);
    }

    public static bool TryAdd(long a, long b, out long sum)
    {
        try
        {
            sum = checked(a + b);
            return true;
        }
        catch (OverflowException)
        {
            sum = 0;
            return false;
        }
    }

    /// <summary>A credit (sandbox funding) that would take a balance past int64: refused whole, as a 400 on amount.</summary>
    public static RowellException BalanceOverflow() =>
        RowellException.Validation("amount", "amount would take the balance past the largest amount the ledger can hold.");
}
