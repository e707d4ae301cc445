using Rowell.Abstractions.Common;
using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

/// <summary>
/// One Idempotency-Key of one developer. The grain's single-threaded turn is the lock: of N
/// concurrent requests with one key, all get the same resource id (so the resource grain, itself
/// idempotent, executes once), and the first finished response is the one every request returns.
/// The record lives in <see cref="IIdempotencyStore"/>: claiming a fresh key is one round trip.
/// Keys are kept for <see cref="Lifetime"/> (API.md promises at least 24 h).
/// </summary>
public sealed class IdempotencyGrain(IIdempotencyStore store, TimeProvider time) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    private IdempotencyRecord? _record;

    private string Key => this.GetPrimaryKeyString();

    public async Task<IdempotencyDecision> Begin(string fingerprint, string resourcePrefix)
    {
        var now = time.GetUtcNow();
        var claimed = false;
        if (_record is null || _record.CreatedAt < now - Lifetime)
        {
            var candidate = new IdempotencyRecord(fingerprint, RowellIds.New(resourcePrefix), null, now);
            _record = await store.ClaimAsync(Key, candidate, now - Lifetime, CancellationToken.None);
            claimed = _record.ResourceId == candidate.ResourceId;
        }
        if (_record.Fingerprint != fingerprint)
        {
            return new IdempotencyDecision(IdempotencyOutcome.Mismatch, null, null);
        }
        return _record.Response is { } stored
            ? new IdempotencyDecision(IdempotencyOutcome.Replay, _record.ResourceId, stored)
            : new IdempotencyDecision(claimed ? IdempotencyOutcome.Proceed : IdempotencyOutcome.Join, _record.ResourceId, null);
    }

    public async Task<StoredResponse> Complete(string fingerprint, StoredResponse response)
    {
        if (_record is null || _record.Fingerprint != fingerprint)
        {
            throw new RowellException(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used with a different request.");
        }
        if (_record.Response is null)
        {
            _record = _record with { Response = await store.CompleteAsync(Key, response, CancellationToken.None) };
        }
        return _record.Response!;
    }
}
