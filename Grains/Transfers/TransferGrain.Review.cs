using Rowell.Abstractions.Compliance;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Transfers;

/// <summary>
/// A compliance reviewer's decision on a transfer held in compliance_review (called by the flag that holds it).
/// Released: compliance becomes approved and the transfer proceeds exactly as a fresh approved one — the same payment
/// id "{id}:{attempt}", so a repeated release can never pay twice. Rejected: final, nothing moved. A transfer that is no
/// longer in review is returned unchanged, which makes both idempotent.
/// </summary>
public sealed partial class TransferGrain : ITransferReviewGrain
{
    public async Task<TransferView?> ReleaseFromReview(string developerId, string flagId, string actor, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state is null || _state.DeveloperId != developerId)
        {
            return null;
        }
        if (_state.Status == TransferStatus.ComplianceReview)
        {
            _state.ComplianceStatus = "approved";
            _state.Status = TransferStatus.Pending;
            // Stored before submitting: from here the sweeper drives it if this activation dies.
            await SaveAsync([Record("transfer.compliance_approved", $"{flagId} resolved by {actor}")], cancellationToken);
            await DriveAsync(cancellationToken);
        }
        return _state.ToView();
    }

    public async Task<TransferView?> RejectFromReview(string developerId, string flagId, string actor, string? notes, CancellationToken cancellationToken = default)
    {
        await EnsureLoadedAsync(cancellationToken);
        if (_state is null || _state.DeveloperId != developerId)
        {
            return null;
        }
        if (_state.Status == TransferStatus.ComplianceReview)
        {
            _state.ComplianceStatus = "rejected";
            _state.Status = TransferStatus.Rejected;
            _state.FailureCode = "compliance_rejected";
            _state.FailureMessage = notes is null ? $"Rejected in compliance review ({flagId})." : $"Rejected in compliance review ({flagId}): {notes}";
            await SaveAsync([Record("transfer.rejected", $"{flagId} closed by {actor}")], cancellationToken);
        }
        return _state.ToView();
    }
}
