using Rowell.Abstractions.Accounts;

namespace Rowell.Grains.Accounts;

/// <summary>The account list read model: upserted by AccountGrain, queried by AccountQueryGrain.</summary>
public interface IAccountReadModel
{
    /// <summary>Stores the view unless a newer <paramref name="version"/> is already stored.</summary>
    Task UpsertAsync(AccountView view, long version, CancellationToken cancellationToken);

    /// <summary>Newest first; cursors are account ids of the caller's own accounts (Stripe style).</summary>
    /// <summary>Removes the row (sandbox reset). The grain is tombstoned first, so nothing upserts it again.</summary>
    Task DeleteAsync(string accountId, CancellationToken cancellationToken);

    Task<Page<AccountView>> ListAsync(string developerId, AccountFilter filter, PageRequest page, CancellationToken cancellationToken);
}
