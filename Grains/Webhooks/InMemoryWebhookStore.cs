using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Events;

namespace Rowell.Grains.Webhooks;

/// <summary>Embedded mode's webhook store, with the Postgres store's semantics (one delivery per endpoint and event).</summary>
public sealed class InMemoryWebhookStore(InMemoryEventLog log) : IWebhookStore
{
    private sealed record Delivery(long Seq, DeliveryView View, string DeveloperId);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, WebhookEndpointRow> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
    private readonly HashSet<(string Endpoint, string Event)> _pairs = new();
    private long _seq;

    /// <summary>The fan-out for one event: a pending delivery for every enabled endpoint that wants it; returns those endpoints.</summary>
    public IReadOnlyList<string> FanOut(Abstractions.Events.CommittedEvent e, DateTimeOffset now)
    {
        if (e.Type == WebhookEventTypes.Test)
        {
            return [];
        }
        lock (_gate)
        {
            var targets = _endpoints.Values.Where(w => w.DeveloperId == e.DeveloperId && w.Mode == e.Mode && w.Status == WebhookStatuses.Enabled
                && (w.Events.Contains(e.Type) || w.Events.Contains("*")) && w.CreatedAt <= e.CreatedAt).OrderBy(w => w.Id, StringComparer.Ordinal).ToList();
            var added = new List<string>();
            foreach (var w in targets)
            {
                if (AddLocked(w, e.Id, e.Type, now) is not null)
                {
                    added.Add(w.Id);
                }
            }
            return added;
        }
    }

    private DeliveryView? AddLocked(WebhookEndpointRow w, string eventId, string eventType, DateTimeOffset now)
    {
        if (!_pairs.Add((w.Id, eventId)))
        {
            return null;
        }
        var view = new DeliveryView(WebhookIds.Delivery(w.Id, eventId), w.Id, eventId, eventType, DeliveryStatuses.Pending, 0, now, null, now, []);
        _deliveries[view.Id] = new Delivery(++_seq, view, w.DeveloperId);
        return view;
    }

    public Task InsertEndpointAsync(WebhookEndpointRow row, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _endpoints.Add(row.Id, row);
        }
        return Task.CompletedTask;
    }

    public Task<WebhookEndpointRow?> GetEndpointAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_endpoints.GetValueOrDefault(id));
        }
    }

    public Task SaveEndpointAsync(WebhookEndpointRow row, IReadOnlyList<DomainEvent> events, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _endpoints[row.Id] = row;
            log.Append(events);
        }
        return Task.CompletedTask;
    }

    public Task DeleteEndpointAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _endpoints.Remove(id);
            foreach (var d in _deliveries.Values.Where(d => d.View.EndpointId == id).ToList())
            {
                _deliveries.Remove(d.View.Id);
                _pairs.Remove((id, d.View.EventId));
            }
        }
        return Task.CompletedTask;
    }

    public Task<Page<WebhookEndpointView>> ListEndpointsAsync(string developerId, string mode, PageRequest page, CancellationToken cancellationToken)
    {
        List<WebhookEndpointView> mine;
        lock (_gate)
        {
            mine = _endpoints.Values.Where(w => w.DeveloperId == developerId).Select(w => w.View()).ToList();
        }
        return Task.FromResult(Paging.Slice(mine.Where(w => w.Mode == mode), page, w => (w.CreatedAt, w.Id), mine.ToDictionary(w => w.Id)));
    }

    public async Task<IReadOnlyList<DueDelivery>> DueAsync(string endpointId, DateTimeOffset now, int limit, IReadOnlyCollection<string> exclude, CancellationToken cancellationToken)
    {
        List<DeliveryView> due;
        lock (_gate)
        {
            due = _deliveries.Values.Where(d => d.View.EndpointId == endpointId && d.View.Status == DeliveryStatuses.Pending && d.View.NextAttemptAt <= now
                    && !exclude.Contains(d.View.Id))
                .OrderBy(d => d.Seq).Take(limit).Select(d => d.View).ToList();
        }
        var result = new List<DueDelivery>();
        foreach (var d in due)
        {
            var developer = _endpoints.GetValueOrDefault(endpointId)?.DeveloperId;
            if (developer is not null && log.Find(d.EventId) is { } e)
            {
                result.Add(new DueDelivery(d.Id, e.Id, e.Type, d.AttemptCount, e.CreatedAt, EventJson.Render(e), ResourceOf(e)));
            }
        }
        return await Task.FromResult(result);
    }

    public Task<PendingSummary> PendingAsync(string endpointId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pending = _deliveries.Values.Where(d => d.View.EndpointId == endpointId && d.View.Status == DeliveryStatuses.Pending).Select(d => d.View).ToList();
            return Task.FromResult(new PendingSummary(pending.Count, pending.Select(d => d.NextAttemptAt).Min(),
                pending.Count == 0 ? null : pending.Min(d => d.CreatedAt)));
        }
    }

    public Task RecordAttemptsAsync(IReadOnlyList<AttemptRecord> records, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var (deliveryId, attempt, status, nextAttemptAt) in records)
            {
                if (_deliveries.TryGetValue(deliveryId, out var d))
                {
                    var attempts = d.View.Attempts.Append(attempt).TakeLast(50).ToList();
                    _deliveries[deliveryId] = d with
                    {
                        View = d.View with { Status = status, NextAttemptAt = nextAttemptAt, AttemptCount = d.View.AttemptCount + 1, LastStatusCode = attempt.StatusCode, Attempts = attempts },
                    };
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The event's data.object id (its aggregate when the payload has none), as the Postgres store reads it.</summary>
    private static string ResourceOf(Abstractions.Events.CommittedEvent e)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(e.PayloadJson);
        return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && doc.RootElement.TryGetProperty("id", out var id)
            && id.ValueKind == System.Text.Json.JsonValueKind.String ? id.GetString()! : e.AggregateId;
    }

    public Task<DeliveryView> AddTestDeliveryAsync(WebhookEndpointRow endpoint, DomainEvent testEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            log.Append([testEvent]);
            return Task.FromResult(AddLocked(endpoint, testEvent.Id, testEvent.Type, now)!);
        }
    }

    public Task<DeliveryView?> RedeliverAsync(string endpointId, string deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_deliveries.TryGetValue(deliveryId, out var d) || d.View.EndpointId != endpointId)
            {
                return Task.FromResult<DeliveryView?>(null);
            }
            var view = d.View with { Status = DeliveryStatuses.Pending, NextAttemptAt = now };
            _deliveries[deliveryId] = d with { View = view };
            return Task.FromResult<DeliveryView?>(view);
        }
    }

    public Task<Page<DeliveryView>> ListDeliveriesAsync(string developerId, string endpointId, DeliveryFilter filter, PageRequest page, CancellationToken cancellationToken)
    {
        List<DeliveryView> mine;
        lock (_gate)
        {
            mine = _deliveries.Values.Where(d => d.DeveloperId == developerId).Select(d => d.View).ToList();
        }
        var matching = mine.Where(d => d.EndpointId == endpointId && (filter.Status is null || d.Status == filter.Status) && (filter.EventType is null || d.EventType == filter.EventType));
        return Task.FromResult(Paging.Slice(matching, page, d => (d.CreatedAt, d.Id), mine.ToDictionary(d => d.Id)));
    }

    public Task<DeliveryView?> GetDeliveryAsync(string endpointId, string deliveryId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_deliveries.TryGetValue(deliveryId, out var d) && d.View.EndpointId == endpointId ? d.View : null);
        }
    }

    public Task<(long Count, DateTimeOffset? Oldest)> PendingStatsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var pending = _deliveries.Values.Where(d => d.View.Status == DeliveryStatuses.Pending).ToList();
            return Task.FromResult(((long)pending.Count, pending.Count == 0 ? (DateTimeOffset?)null : pending.Min(d => d.View.CreatedAt)));
        }
    }

    public Task<IReadOnlyList<string>> EndpointsWithDueWorkAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string> ids = _deliveries.Values.Where(d => d.View.Status == DeliveryStatuses.Pending && d.View.NextAttemptAt <= now
                    && _endpoints.TryGetValue(d.View.EndpointId, out var w) && w.Status == WebhookStatuses.Enabled)
                .Select(d => d.View.EndpointId).Distinct().Take(limit).ToList();
            return Task.FromResult(ids);
        }
    }
}
