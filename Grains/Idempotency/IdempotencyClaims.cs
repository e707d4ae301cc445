using Rowell.Abstractions.Common;
using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

/// <summary>
/// The one Idempotency-Key decision, shared by the generic <see cref="IdempotencyGrain"/> and the
/// transfer intake: claim the key atomically in the store, then proceed (we claimed it), join
/// (another request holds it and is still running), replay (a response is stored) or refuse
/// (the key belongs to a different request).
/// </summary>
public static class IdempotencyClaims
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    public static async Task<IdempotencyDecision> BeginAsync(IIdempotencyStore store, TimeProvider time, string key, string fingerprint, string resourcePrefix, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var candidate = new IdempotencyRecord(fingerprint, RowellIds.New(resourcePrefix), null, now);
        var record = await store.ClaimAsync(key, candidate, now - Lifetime, cancellationToken);
        if (record.Fingerprint != fingerprint)
        {
            return new IdempotencyDecision(IdempotencyOutcome.Mismatch, null, null);
        }
        if (record.Response is { } stored)
        {
            return new IdempotencyDecision(IdempotencyOutcome.Replay, record.ResourceId, stored);
        }
        var claimed = record.ResourceId == candidate.ResourceId;
        return new IdempotencyDecision(claimed ? IdempotencyOutcome.Proceed : IdempotencyOutcome.Join, record.ResourceId, null);
    }
}
