using Rowell.Abstractions.Accounts;

namespace Rowell.Grains.Accounts;

/// <summary>Embedded-mode read model: the same ordering and cursor rules as the Postgres one.</summary>
public sealed class InMemoryAccountReadModel : IAccountReadModel
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (AccountView View, long Version)> _rows = new(StringComparer.Ordinal);

    /// <summary>How many accounts exist (feeds rowell_active_accounts).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    public Task UpsertAsync(AccountView view, long version, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_rows.TryGetValue(view.Id, out var current) || current.Version <= version)
            {
                _rows[view.Id] = (view, version);
            }
        }
        return Task.CompletedTask;
    }

    public Task DeleteAsync(string accountId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _rows.Remove(accountId);
        }
        return Task.CompletedTask;
    }

    public Task<Page<AccountView>> ListAsync(string developerId, AccountFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<AccountView> mine;
        lock (_gate)
        {
            mine = _rows.Values.Select(r => r.View).Where(v => v.DeveloperId == developerId).ToList();
        }
        return Task.FromResult(Paging.Slice(mine.Where(v => Matches(v, filter)), page, v => (v.CreatedAt, v.Id), mine.ToDictionary(v => v.Id)));
    }

    private static bool Matches(AccountView v, AccountFilter f) =>
        (f.Network is null || v.Network == f.Network) &&
        (f.Environment is null || v.Environment == f.Environment) &&
        (f.AccountType is null || v.AccountType == f.AccountType) &&
        (f.CountryCode is null || v.CountryCode == f.CountryCode) &&
        (f.KycStatus is null || v.KycStatus == f.KycStatus);
}
