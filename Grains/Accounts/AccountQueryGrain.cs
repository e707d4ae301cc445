using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;

namespace Rowell.Grains.Accounts;

/// <summary>Serves account lists from the read model; a stateless worker, so any silo answers locally.</summary>
[StatelessWorker, Reentrant]
public sealed class AccountQueryGrain(IAccountReadModel readModel) : Grain, IAccountQueryGrain
{
    public Task<Page<AccountView>> List(string developerId, AccountFilter filter, PageRequest page, CancellationToken cancellationToken = default) =>
        readModel.ListAsync(developerId, filter, page, cancellationToken);
}
