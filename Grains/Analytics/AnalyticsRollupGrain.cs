using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Orleans.Streams.Core;
using Rowell.Abstractions.Analytics;
using Rowell.Abstractions.Events;

namespace Rowell.Grains.Analytics;

/// <summary>
/// A developer's live rollups (key: developer id = its event stream's key). Deliveries are parsed and buffered;
/// every <see cref="AnalyticsSettings.FlushInterval"/> (or at <see cref="AnalyticsSettings.FlushMaxEvents"/>) the
/// buffer is written as one store call: one upsert per touched bucket, deduplicated by event id. What a crash loses
/// from the buffer, or a stream never delivers, the reconciler restores from the log once the day closes.
/// </summary>
[ImplicitStreamSubscription(EventStreams.Namespace)]
public sealed class AnalyticsRollupGrain(
    IAnalyticsStore store,
    IAnalyticsEventLog log,
    AnalyticsSettings settings,
    AnalyticsMetrics metrics,
    ILogger<AnalyticsRollupGrain> logger) : Grain, IAnalyticsRollupGrain, IStreamSubscriptionObserver, IAsyncObserver<CommittedEvent>
{
    private readonly List<(RollupFact Fact, string Mode)> _buffer = [];

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(async _ =>
        {
            if (_buffer.Count > 0)
            {
                await FlushCore();
            }
        }, new GrainTimerCreationOptions { DueTime = settings.FlushInterval, Period = settings.FlushInterval, Interleave = false });
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_buffer.Count > 0)
        {
            await FlushCore();
        }
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<CommittedEvent>().ResumeAsync(this);

    public Task OnNextAsync(CommittedEvent item, StreamSequenceToken? token = null) => Deliver([item]);

    public Task OnCompletedAsync() => Task.CompletedTask;

    public Task OnErrorAsync(Exception ex)
    {
        logger.LogWarning(ex, "Event stream error for developer {DeveloperId}", this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task Deliver(IReadOnlyList<CommittedEvent> events)
    {
        foreach (var e in events)
        {
            if (DropHook.Drops(settings.DropPercent, e.Id))
            {
                metrics.DroppedDelivery();
                continue;
            }
            if (RollupFacts.From(e.Id, e.AggregateId, e.AggregateSeq, e.Type, e.CreatedAt, e.PayloadJson) is { } fact)
            {
                _buffer.Add((fact, e.Mode));
            }
        }
        if (_buffer.Count >= settings.FlushMaxEvents)
        {
            await FlushCore();
        }
    }

    public async Task Flush()
    {
        if (_buffer.Count > 0)
        {
            await FlushCore();
        }
    }

    private async Task FlushCore()
    {
        // Non-reentrant grain: no delivery runs while this awaits, so the buffer is ours until we clear it.
        try
        {
            var developerId = this.GetPrimaryKeyString();
            foreach (var group in _buffer.GroupBy(b => b.Mode))
            {
                var facts = await Settlements.ResolveAsync(group.Select(b => b.Fact).ToList(), log, CancellationToken.None);
                metrics.EventsApplied(await store.ApplyAsync(developerId, group.Key, facts, CancellationToken.None));
            }
            _buffer.Clear();
        }
        catch (Exception e)
        {
            // Kept for the next tick: applying twice is harmless (event-id dedupe), dropping is not.
            logger.LogWarning(e, "Analytics flush of {Count} events failed for {DeveloperId}; will retry", _buffer.Count, this.GetPrimaryKeyString());
        }
    }
}

/// <summary>The delivery-loss test hook: a stable share of event ids, the same on every silo and every run.</summary>
public static class DropHook
{
    public static bool Drops(int percent, string eventId)
    {
        if (percent <= 0)
        {
            return false;
        }
        uint hash = 2166136261;
        foreach (var c in eventId)
        {
            hash = (hash ^ c) * 16777619;
        }
        return hash % 100 < (uint)percent;
    }
}
