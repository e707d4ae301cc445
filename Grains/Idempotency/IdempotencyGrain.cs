using Rowell.Abstractions.Common;
using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

[GenerateSerializer, Alias("rowell.idempotency-state")]
public sealed class IdempotencyState
{
    [Id(0)] public string Fingerprint { get; set; } = "";
    [Id(1)] public string ResourceId { get; set; } = "";
    [Id(2)] public StoredResponse? Response { get; set; }
    [Id(3)] public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>
/// One Idempotency-Key of one developer. The grain's single-threaded turn is the lock: of N
/// concurrent requests with one key, all get the same resource id (so the resource grain, itself
/// idempotent, executes once), and the first finished response is the one every request returns.
/// Keys are kept for <see cref="Lifetime"/> (API.md promises at least 24 h).
/// </summary>
public sealed class IdempotencyGrain(
    [PersistentState("idempotency")] IPersistentState<IdempotencyState> state,
    TimeProvider time) : Grain, IIdempotencyGrain
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(48);

    public async Task<IdempotencyDecision> Begin(string fingerprint, string resourcePrefix)
    {
        if (!state.RecordExists || time.GetUtcNow() - state.State.CreatedAt > Lifetime)
        {
            state.State = new IdempotencyState
            {
                Fingerprint = fingerprint,
                ResourceId = RowellIds.New(resourcePrefix),
                CreatedAt = time.GetUtcNow(),
            };
            await state.WriteStateAsync();
            return new IdempotencyDecision(IdempotencyOutcome.Proceed, state.State.ResourceId, null);
        }
        if (state.State.Fingerprint != fingerprint)
        {
            return new IdempotencyDecision(IdempotencyOutcome.Mismatch, null, null);
        }
        return state.State.Response is { } stored
            ? new IdempotencyDecision(IdempotencyOutcome.Replay, state.State.ResourceId, stored)
            : new IdempotencyDecision(IdempotencyOutcome.Proceed, state.State.ResourceId, null);
    }

    public async Task<StoredResponse> Complete(string fingerprint, StoredResponse response)
    {
        if (state.State.Fingerprint != fingerprint)
        {
            throw new RowellException(ErrorCodes.IdempotencyKeyReused, "This Idempotency-Key was used with a different request.");
        }
        if (state.State.Response is null)
        {
            state.State.Response = response;
            await state.WriteStateAsync();
        }
        return state.State.Response;
    }
}
