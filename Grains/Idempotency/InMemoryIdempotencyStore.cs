using System.Collections.Concurrent;
using Rowell.Abstractions.Idempotency;

namespace Rowell.Grains.Idempotency;

public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<string, IdempotencyRecord> _records = new(StringComparer.Ordinal);

    public Task<IdempotencyRecord> ClaimAsync(string key, IdempotencyRecord candidate, DateTimeOffset expiredBefore, CancellationToken cancellationToken) =>
        Task.FromResult(_records.AddOrUpdate(key, candidate, (_, existing) => existing.CreatedAt < expiredBefore ? candidate : existing));

    public Task<StoredResponse> CompleteAsync(string key, StoredResponse response, CancellationToken cancellationToken)
    {
        var record = _records.AddOrUpdate(key, _ => throw new InvalidOperationException($"Idempotency key {key} was never claimed."),
            (_, existing) => existing.Response is null ? existing with { Response = response } : existing);
        return Task.FromResult(record.Response!);
    }

    public Task<int> DeleteExpiredAsync(DateTimeOffset expiredBefore, CancellationToken cancellationToken)
    {
        var removed = 0;
        foreach (var (key, record) in _records)
        {
            if (record.CreatedAt < expiredBefore && _records.TryRemove(key, out _))
            {
                removed++;
            }
        }
        return Task.FromResult(removed);
    }
}
