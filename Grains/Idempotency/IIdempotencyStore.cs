using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

public sealed record IdempotencyRecord(string Fingerprint, string ResourceId, StoredResponse? Response, DateTimeOffset CreatedAt);

/// <summary>Durable Idempotency-Key records (docker/postgres/021-rowell-idempotency.sql).</summary>
public interface IIdempotencyStore
{
    /// <summary>Claims <paramref name="key"/> for <paramref name="candidate"/> unless a live record exists; returns the record that holds the key.</summary>
    Task<IdempotencyRecord> ClaimAsync(string key, IdempotencyRecord candidate, DateTimeOffset expiredBefore, CancellationToken cancellationToken);

    /// <summary>Stores the response if none is stored; returns the stored one (first wins).</summary>
    Task<StoredResponse> CompleteAsync(string key, StoredResponse response, CancellationToken cancellationToken);

    Task<int> DeleteExpiredAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken);
}
