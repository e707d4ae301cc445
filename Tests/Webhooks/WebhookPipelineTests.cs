using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;
using Rowell.Grains.Webhooks;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>
/// The delivery pump does not stop for Postgres: while a batch of outcomes is being written, finished attempts
/// still free their lanes and queued deliveries still start. Observed with a store whose outcome write is held.
/// </summary>
public sealed class WebhookPipelineTests
{
    [Fact]
    public async Task Queued_deliveries_keep_starting_while_an_outcome_write_is_held()
    {
        var store = new HeldWritesStore();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string>
        {
            ["ROWELL_WEBHOOKS_ALLOW_HTTP"] = "true",
            ["ROWELL_WEBHOOKS_ALLOW_PRIVATE"] = "true",
            ["ROWELL_EVENT_POLL_MS"] = "50",
            ["ROWELL_WEBHOOK_MAX_IN_FLIGHT"] = "4",
        }, services: s => s.AddSingleton<IWebhookStore>(sp => store.Wrap(sp.GetRequiredService<InMemoryWebhookStore>())));
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        receiver.Hold = _ => answer.Task;
        try
        {
            var (client, _, _) = await factory.NewDeveloperAsync();
            var (endpoint, _) = await WebhookDeliveryHttpTests.CreateEndpointAsync(client, receiver.Url("/held"), "account.created");
            // Twelve resources: four in flight (held by the receiver) and eight queued, the most the pump queues at a limit of 4.
            for (var i = 0; i < 12; i++)
            {
                await Http.CreateAccountAsync(client, "stellar", "KE");
            }
            for (var i = 0; i < 600 && store.DueReturned.Count < 12; i++)
            {
                await Task.Delay(50);
            }
            Assert.Equal(12, store.DueReturned.Count);
            await receiver.WaitForAsync(r => r.Count >= 4);
            Assert.Equal(4, receiver.MaxOpen("/held"));

            // From now on every outcome write waits; then the receiver answers.
            store.HoldWrites();
            answer.SetResult();
            var got = await receiver.WaitForAsync(r => r.Select(x => x.Id).Distinct().Count() >= 12);
            Assert.Equal(12, got.Select(x => x.Id).Distinct().Count());
            // Those arrived while the first outcome write was still held: nothing had been written yet.
            Assert.True(store.WriteWaiting, "no outcome write was waiting: the check proves nothing");
            Assert.Equal(0, store.WrittenSinceHold);

            store.ReleaseWrites();
            List<JsonElement> deliveries = [];
            for (var i = 0; i < 600; i++)
            {
                deliveries = (await Http.ReadAsync(await client.GetAsync($"/api/v1/webhooks/{endpoint}/deliveries?limit=100"), 200)).GetProperty("data").GetProperty("items").EnumerateArray().ToList();
                if (deliveries.Count == 12 && deliveries.All(d => d.GetProperty("status").GetString() == "succeeded"))
                {
                    break;
                }
                await Task.Delay(50);
            }
            Assert.Equal(12, deliveries.Count(d => d.GetProperty("status").GetString() == "succeeded"));
            Assert.All(deliveries, d => Assert.Equal(1, d.GetProperty("attempt_count").GetInt32()));
        }
        finally
        {
            answer.TrySetResult();
            store.ReleaseWrites();
        }
    }

    /// <summary>The in-memory store, with outcome writes that can be held and a record of what due reads returned.</summary>
    private sealed class HeldWritesStore
    {
        private readonly object _gate = new();
        private TaskCompletionSource? _held;
        private int _waiting;
        private int _writtenSinceHold;

        public ConcurrentDictionary<string, bool> DueReturned { get; } = new();

        public bool WriteWaiting => Volatile.Read(ref _waiting) > 0;

        public int WrittenSinceHold => Volatile.Read(ref _writtenSinceHold);

        public void HoldWrites()
        {
            lock (_gate)
            {
                _held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        public void ReleaseWrites()
        {
            lock (_gate)
            {
                _held?.TrySetResult();
                _held = null;
            }
        }

        public IWebhookStore Wrap(InMemoryWebhookStore inner) => new Store(inner, this);

        private sealed class Store(InMemoryWebhookStore inner, HeldWritesStore owner) : IWebhookStore
        {
            public async Task RecordAttemptsAsync(IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken)
            {
                Task? held;
                lock (owner._gate)
                {
                    held = owner._held?.Task;
                }
                if (held is not null)
                {
                    Interlocked.Increment(ref owner._waiting);
                    await held;
                    Interlocked.Decrement(ref owner._waiting);
                }
                await inner.RecordAttemptsAsync(records, cancellationToken);
                if (held is not null)
                {
                    Interlocked.Increment(ref owner._writtenSinceHold);
                }
            }

            public async Task<IReadOnlyList<DueDelivery>> DueAsync(string endpointId, DateTimeOffset now, int limit, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
            {
                var due = await inner.DueAsync(endpointId, now, limit, exclude, cancellationToken);
                foreach (var d in due)
                {
                    owner.DueReturned[d.Id] = true;
                }
                return due;
            }

            public Task InsertEndpointAsync(WebhookEndpointRow row, CancellationToken cancellationToken) => inner.InsertEndpointAsync(row, cancellationToken);

            public Task<WebhookEndpointRow?> GetEndpointAsync(string id, CancellationToken cancellationToken) => inner.GetEndpointAsync(id, cancellationToken);

            public Task SaveEndpointAsync(WebhookEndpointRow row, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken) => inner.SaveEndpointAsync(row, events, cancellationToken);

            public Task DeleteEndpointAsync(string id, CancellationToken cancellationToken) => inner.DeleteEndpointAsync(id, cancellationToken);

            public Task<Page<WebhookEndpointView>> ListEndpointsAsync(string developerId, string mode, PageRequest page, CancellationToken cancellationToken) =>
                inner.ListEndpointsAsync(developerId, mode, page, cancellationToken);

            public Task<PendingSummary> PendingAsync(string endpointId, CancellationToken cancellationToken) => inner.PendingAsync(endpointId, cancellationToken);

            public Task<DeliveryView> AddTestDeliveryAsync(WebhookEndpointRow endpoint, DomainEvent testEvent, DateTimeOffset now, CancellationToken cancellationToken) =>
                inner.AddTestDeliveryAsync(endpoint, testEvent, now, cancellationToken);

            public Task<DeliveryView?> RedeliverAsync(string endpointId, string deliveryId, DateTimeOffset now, CancellationToken cancellationToken) =>
                inner.RedeliverAsync(endpointId, deliveryId, now, cancellationToken);

            public Task<Page<DeliveryView>> ListDeliveriesAsync(string developerId, string endpointId, DeliveryFilter filter, PageRequest page, CancellationToken cancellationToken) =>
                inner.ListDeliveriesAsync(developerId, endpointId, filter, page, cancellationToken);

            public Task<DeliveryView?> GetDeliveryAsync(string endpointId, string deliveryId, CancellationToken cancellationToken) => inner.GetDeliveryAsync(endpointId, deliveryId, cancellationToken);

            public Task<(long Count, DateTimeOffset? Oldest)> PendingStatsAsync(CancellationToken cancellationToken) => inner.PendingStatsAsync(cancellationToken);

            public Task<IReadOnlyList<string>> EndpointsWithDueWorkAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken) =>
                inner.EndpointsWithDueWorkAsync(now, limit, cancellationToken);
        }
    }
}
