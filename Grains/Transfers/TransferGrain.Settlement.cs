using Rowell.Abstractions.Transfers;
using Rowell.Grains.Events;
using Rowell.Abstractions.Wallets;

namespace Rowell.Grains.Transfers;

/// <summary>After submission: polling the ledger until the payment settles or fails.</summary>
public sealed partial class TransferGrain
{
    private async Task CheckSettlementAsync(CancellationToken cancellationToken)
    {
        var s = _state!;
        var submission = await ledgers.For(s.Network).GetTransactionAsync(s.TxHash!, cancellationToken);
        if (submission is null)
        {
            // The ledger has no record of it (e.g. lost before it was applied): resubmit the same payment.
            await SubmitAsync(cancellationToken);
            return;
        }
        ApplySettlement(Wallets.WalletGrain.ToReceipt(submission), _unsaved);
        await SaveUnsavedAsync(cancellationToken);
        if (!s.IsFinished)
        {
            SchedulePoll(PollInterval);
        }
    }

    private void ApplySettlement(LedgerReceipt receipt, List<DomainEvent> events)
    {
        var s = _state!;
        if (receipt.Status == LedgerReceiptStatus.Success)
        {
            s.Status = TransferStatus.Completed;
            s.CompletedAt = time.GetUtcNow();
            events.Add(Record("transfer.completed", receipt.Hash));
        }
        else if (receipt.Status == LedgerReceiptStatus.Failed)
        {
            s.Status = TransferStatus.Failed;
            s.FailureCode = receipt.FailureCode ?? "ledger_failed";
            s.FailureMessage = "The ledger did not apply the payment; no funds moved.";
            s.Retryable = true;
            events.Add(Record("transfer.failed", s.FailureCode));
        }
    }

    private TimeSpan PollInterval => settings.SandboxSettlementDelay < TimeSpan.FromMilliseconds(50)
        ? TimeSpan.FromMilliseconds(50)
        : settings.SandboxSettlementDelay;

    private void SchedulePoll(TimeSpan due) => _poll.Schedule(this, due, async () =>
    {
        if (_state is not null && !_state.IsFinished)
        {
            await DriveAsync(CancellationToken.None);
        }
    });
}
