using Microsoft.Extensions.Caching.Memory;

namespace Rowell.Api.Auth;

/// <summary>
/// Remembers, for <see cref="For"/>, secrets that are well-formed but unknown (or revoked, or expired), so a
/// client hammering with a bad key costs a memory lookup per request instead of a grain call (and, for a key id
/// nobody issued, a grain activation) per request. Entries are keyed by a hash of the whole secret, so a
/// wrong secret for a real key id never shadows the right one, and a freshly issued key — never presented
/// before — is not in here. The cache is bounded by entry count: a flood of distinct random keys evicts
/// older misses instead of growing memory.
/// </summary>
public sealed class ApiKeyMissCache : IDisposable
{
    public static readonly TimeSpan For = TimeSpan.FromSeconds(30);
    public const int MaxEntries = 100_000;

    private readonly MemoryCache _misses = new(new MemoryCacheOptions { SizeLimit = MaxEntries });
    private long _grainLookups;

    /// <summary>Authentications that had to ask the key grain (observable in tests and for operators).</summary>
    public long GrainLookups => Interlocked.Read(ref _grainLookups);

    public bool IsKnownMiss(string secretHash) => _misses.TryGetValue(secretHash, out _);

    public void CountLookup() => Interlocked.Increment(ref _grainLookups);

    public void RememberMiss(string secretHash) =>
        _misses.Set(secretHash, true, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = For });

    public void Dispose() => _misses.Dispose();
}
