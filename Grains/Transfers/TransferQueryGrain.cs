using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Transfers;

/// <summary>Transfer and transaction lists from the read model; a stateless worker on every silo.</summary>
[StatelessWorker, Reentrant]
public sealed class TransferQueryGrain(ITransferStore store) : Grain, ITransferQueryGrain
{
    public Task<Page<TransferView>> List(string developerId, TransferFilter filter, PageRequest page, CancellationToken cancellationToken = default) =>
        store.ListAsync(developerId, filter, page, cancellationToken);
}
