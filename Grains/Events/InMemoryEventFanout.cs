using Rowell.Grains.Email;
using Rowell.Grains.Webhooks;

namespace Rowell.Grains.Events;

/// <summary>Embedded mode's fan-out: the same steps as the Postgres statement, under the stores' locks.</summary>
public sealed class InMemoryEventFanout(InMemoryEventLog log, InMemoryWebhookStore webhooks, InMemoryEmailOutbox email, TimeProvider time) : IEventFanout
{
    private readonly Lock _gate = new();

    public Task<FanoutResult> RunAsync(int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var batch = log.After(log.CursorOf(EventConsumers.Fanout), limit);
            var now = time.GetUtcNow();
            var endpoints = new HashSet<string>(StringComparer.Ordinal);
            var emails = 0;
            foreach (var e in batch.Events)
            {
                endpoints.UnionWith(webhooks.FanOut(e, now));
                if (EmailedEvents.Types.Contains(e.Type)
                    && email.TryAdd(new OutboxEmail(e.Id, e.DeveloperId, e.Type, e.PayloadJson, EmailStatuses.Pending, 0, null, null, now), now))
                {
                    emails++;
                }
            }
            log.AdvanceAsync(EventConsumers.Fanout, batch.Next, cancellationToken);
            return Task.FromResult(new FanoutResult(batch.Events.Count, endpoints.ToList(), emails));
        }
    }
}
