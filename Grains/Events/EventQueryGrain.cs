using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Events;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Webhooks;

namespace Rowell.Grains.Events;

[StatelessWorker]
public sealed class EventQueryGrain(IEventLog log, IWebhookStore webhooks) : Grain, IEventQueryGrain
{
    public Task<Page<CommittedEvent>> List(string developerId, string mode, string? type, DateTimeOffset? createdGte, DateTimeOffset? createdLte,
        PageRequest page, CancellationToken cancellationToken = default) =>
        log.ListAsync(developerId, mode, new EventFilter(type, createdGte, createdLte), page, cancellationToken);

    public Task<CommittedEvent?> Get(string developerId, string mode, string id, CancellationToken cancellationToken = default) =>
        log.GetAsync(developerId, mode, id, cancellationToken);

    public Task<Page<WebhookEndpointView>> ListWebhooks(string developerId, string mode, PageRequest page, CancellationToken cancellationToken = default) =>
        webhooks.ListEndpointsAsync(developerId, mode, page, cancellationToken);
}
