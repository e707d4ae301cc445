using System.Text.Json;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Compliance;
using Rowell.Grains.Events;

namespace Rowell.Grains.Compliance.Storage;

/// <summary>Embedded-mode store with the Postgres store's semantics: copies in and out, version checks, events in the same critical section.</summary>
public sealed class InMemoryComplianceStore : IComplianceStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, string> _verifications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, VerificationView> _verificationViews = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Json, long Version, FlagView View)> _flags = new(StringComparer.Ordinal);
    private readonly List<DomainEvent> _events = new();

    /// <summary>The events written so far, in commit order.</summary>
    public IReadOnlyList<DomainEvent> Events
    {
        get
        {
            lock (_gate)
            {
                return _events.ToList();
            }
        }
    }

    public Task<VerificationRecord?> GetVerificationAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_verifications.TryGetValue(id, out var json) ? JsonSerializer.Deserialize<VerificationRecord>(json) : null);
        }
    }

    public Task<VerificationRecord?> LatestIdentityAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var latest = _verificationViews.Values.Where(v => v.AccountId == accountId)
                .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id, StringComparer.Ordinal).FirstOrDefault();
            return Task.FromResult(latest is null ? null : JsonSerializer.Deserialize<VerificationRecord>(_verifications[latest.Id]));
        }
    }

    public Task<bool> InsertVerificationAsync(VerificationRecord record, FlagState? flag, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_verifications.ContainsKey(record.View.Id) || (flag is not null && _flags.ContainsKey(flag.View.Id)))
            {
                return Task.FromResult(false);
            }
            _verifications[record.View.Id] = JsonSerializer.Serialize(record);
            _verificationViews[record.View.Id] = record.View;
            if (flag is not null)
            {
                _flags[flag.View.Id] = (JsonSerializer.Serialize(flag), 1, flag.View);
            }
            _events.AddRange(events);
            return Task.FromResult(true);
        }
    }

    public Task<Page<VerificationView>> ListVerificationsAsync(string developerId, VerificationFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<VerificationView> mine;
        lock (_gate)
        {
            mine = _verificationViews.Values.Where(v => v.DeveloperId == developerId).ToList();
        }
        var matching = mine.Where(v =>
            (filter.Environment is null || v.Environment == filter.Environment) &&
            (filter.AccountId is null || v.AccountId == filter.AccountId) &&
            (filter.Status is null || v.Status == filter.Status) &&
            (filter.DocumentType is null || v.DocumentType == filter.DocumentType) &&
            (filter.RiskLevel is null || v.RiskLevel == filter.RiskLevel));
        return Task.FromResult(Paging.Slice(matching, page, v => (v.CreatedAt, v.Id), mine.ToDictionary(v => v.Id)));
    }

    public Task<(FlagState State, long Version)?> GetFlagAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<(FlagState, long)?>(_flags.TryGetValue(id, out var row) ? (JsonSerializer.Deserialize<FlagState>(row.Json)!, row.Version) : null);
        }
    }

    public Task<long> SaveFlagAsync(FlagState state, long expectedVersion, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var current = _flags.TryGetValue(state.View.Id, out var row) ? row.Version : 0;
            if (current != expectedVersion)
            {
                throw new FlagVersionConflictException(state.View.Id);
            }
            _flags[state.View.Id] = (JsonSerializer.Serialize(state), expectedVersion + 1, state.View);
            _events.AddRange(events);
            return Task.FromResult(expectedVersion + 1);
        }
    }

    public Task<Page<FlagView>> ListFlagsAsync(string developerId, FlagFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<FlagView> mine;
        lock (_gate)
        {
            mine = _flags.Values.Select(r => r.View).Where(v => v.DeveloperId == developerId).ToList();
        }
        var matching = mine.Where(v =>
            (filter.Environment is null || v.Environment == filter.Environment) &&
            (filter.Status is null || v.Status == filter.Status) &&
            (filter.Severity is null || v.Severity == filter.Severity) &&
            (filter.EntityType is null || v.EntityType == filter.EntityType) &&
            (filter.EntityId is null || v.EntityId == filter.EntityId) &&
            (filter.ReasonCode is null || v.ReasonCode == filter.ReasonCode));
        return Task.FromResult(FlagOrder.Slice(matching, FlagOrder.For(filter.Sort), page, v => v.Id, mine.ToDictionary(v => v.Id)));
    }

    public Task<IReadOnlyList<FlagView>> FlagsCreatedAsync(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<FlagView> rows = _flags.Values.Select(r => r.View)
                .Where(v => v.DeveloperId == developerId && v.Environment == environment && (from is null || v.CreatedAt >= from) && (to is null || v.CreatedAt < to))
                .ToList();
            return Task.FromResult(rows);
        }
    }

    public Task<IReadOnlyList<VerificationView>> VerificationsCreatedAsync(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<VerificationView> rows = _verificationViews.Values
                .Where(v => v.DeveloperId == developerId && v.Environment == environment && (from is null || v.CreatedAt >= from) && (to is null || v.CreatedAt < to))
                .ToList();
            return Task.FromResult(rows);
        }
    }
}
