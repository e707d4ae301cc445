namespace Rowell.Grains.Webhooks;

/// <summary>
/// Which due deliveries of one endpoint may start now. Deliveries are kept in event order, one lane per
/// resource (the event's data.object id): a lane has at most one attempt in flight, so a receiver sees the
/// events of one resource attempted one at a time and in order, while different resources proceed side by
/// side, at most <c>maxInFlight</c> at once. Not thread-safe: the endpoint's grain is its only user.
/// </summary>
public sealed class DeliveryLanes(int maxInFlight)
{
    private readonly List<DueDelivery> _waiting = [];
    private readonly HashSet<string> _busyResources = new(StringComparer.Ordinal);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);

    public int MaxInFlight { get; } = maxInFlight < 1 ? throw new ArgumentOutOfRangeException(nameof(maxInFlight)) : maxInFlight;

    public int InFlight => _busyResources.Count;

    public int Waiting => _waiting.Count;

    /// <summary>Delivery ids waiting or in flight: a fresh read of due work must not return them again.</summary>
    public IReadOnlyCollection<string> Known => _known;

    /// <summary>Queues a due delivery behind those already queued; false if it is already waiting or in flight.</summary>
    public bool Add(DueDelivery delivery)
    {
        if (!_known.Add(delivery.Id))
        {
            return false;
        }
        _waiting.Add(delivery);
        return true;
    }

    /// <summary>
    /// Takes, in queue order, every delivery that may start: its resource has nothing in flight and the
    /// endpoint is under its limit. The first queued delivery of a resource always goes before its later ones.
    /// </summary>
    public IReadOnlyList<DueDelivery> TakeStartable()
    {
        // Called after every finished attempt: nothing to scan (or allocate) when no lane can open.
        if (_waiting.Count == 0 || _busyResources.Count >= MaxInFlight)
        {
            return [];
        }
        var started = new List<DueDelivery>();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < _waiting.Count && _busyResources.Count < MaxInFlight;)
        {
            var d = _waiting[i];
            // A resource whose earlier delivery is still queued (blocked) must not overtake it.
            if (!blocked.Contains(d.ResourceId) && _busyResources.Add(d.ResourceId))
            {
                _waiting.RemoveAt(i);
                started.Add(d);
            }
            else
            {
                blocked.Add(d.ResourceId);
                i++;
            }
        }
        return started;
    }

    /// <summary>The attempt of <paramref name="delivery"/> has finished: its resource's next delivery may start.</summary>
    public void Finished(DueDelivery delivery)
    {
        _busyResources.Remove(delivery.ResourceId);
        _known.Remove(delivery.Id);
    }

    /// <summary>Forgets what has not started (the endpoint was disabled or deleted); attempts in flight finish normally.</summary>
    public void DropWaiting()
    {
        foreach (var d in _waiting)
        {
            _known.Remove(d.Id);
        }
        _waiting.Clear();
    }
}
