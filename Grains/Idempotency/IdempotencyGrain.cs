using Orleans.Concurrency;
using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

/// <summary>
/// Idempotency-Key decisions. The store is the lock: claiming a key is one atomic
/// INSERT … ON CONFLICT, so of N concurrent requests with one key exactly one claims it, all learn
/// the same resource id (the resource grain, itself idempotent, then executes once), and the first
/// stored response is the one every request returns. Because Postgres decides, this holds across
/// silos too, and the grain can be a stateless, reentrant worker: no activation per key on the hot
/// path, and no queueing behind another request's database round trip.
/// Keys are kept for <see cref="IdempotencyClaims.Lifetime"/> (docs/API.md promises 48 h).
/// </summary>
[StatelessWorker, Reentrant]
public sealed class IdempotencyGrain(IIdempotencyStore store, TimeProvider time) : Grain, IIdempotencyGrain
{
    public Task<IdempotencyDecision> Begin(string key, string fingerprint, string resourcePrefix) =>
        IdempotencyClaims.BeginAsync(store, time, key, fingerprint, resourcePrefix, CancellationToken.None);

    public Task<StoredResponse> Complete(string key, StoredResponse response) =>
        store.CompleteAsync(key, response, CancellationToken.None);
}
