using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.LedgerSync;

namespace Rowell.Grains.Deposits;

/// <summary>A payment into one of our wallets, as a ledger reported it (amount in the asset's minor units).</summary>
public sealed record InboundPayment(
    Network Network,
    string LedgerOperationId,
    string TransactionHash,
    string FromAddress,
    string ToAddress,
    string AssetCode,
    long AmountMinor,
    int Decimals,
    DateTimeOffset LedgerTime);

/// <summary>
/// The one path every deposit takes — the testnet sync and the sandbox's simulated inbound payment: the
/// deposit row and its deposit.received event, written together, once per ledger operation.
/// </summary>
public sealed class DepositRecorder(IDepositStore store, TimeProvider time)
{
    /// <summary>Real ledgers: the id is derived from the ledger operation, so seeing it again is the same deposit.</summary>
    public static string IdFor(Network network, string ledgerOperationId) =>
        RowellIds.Derive(RowellIds.Deposit, network.Wire() + "/" + ledgerOperationId);

    public async Task<(DepositView Deposit, bool Created)> RecordAsync(InboundPayment payment, WalletAddress wallet, string? depositId = null,
        SandboxCredit? credit = null, CancellationToken cancellationToken = default)
    {
        if (payment.AmountMinor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(payment), "A deposit moves a positive amount.");
        }
        var deposit = new DepositView(
            depositId ?? IdFor(payment.Network, payment.LedgerOperationId),
            wallet.DeveloperId, wallet.AccountId, wallet.WalletId, payment.Network, wallet.Environment,
            payment.AssetCode, payment.AmountMinor, payment.Decimals, payment.FromAddress, payment.ToAddress,
            payment.TransactionHash, payment.LedgerOperationId, payment.LedgerTime, time.GetUtcNow());
        return await store.RecordAsync(deposit, DepositEvents.ReceivedEvent(deposit), credit, cancellationToken);
    }
}
