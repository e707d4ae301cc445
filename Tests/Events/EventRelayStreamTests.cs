using System.Collections.Concurrent;
using Orleans.Streams;
using Orleans.Streams.Core;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Events;
using Rowell.Grains.Events;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Events;

/// <summary>The relay publishes committed events to the developer's stream, in log order (in-memory cluster).</summary>
[Collection(ClusterCollection.Name)]
public sealed class EventRelayStreamTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Committed_events_reach_an_implicit_stream_subscriber_in_order()
    {
        var dev = RowellIds.New(RowellIds.Developer);
        var ids = Enumerable.Range(1, 5).Select(_ => RowellIds.New(RowellIds.Event)).ToList();
        fixture.Events.Append(ids.Select((id, i) => new DomainEvent(id, dev, EventModes.Test, "agg_" + dev, i + 1, "account.created", "{}", DateTimeOffset.UtcNow)));

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (RecordingSubscriberGrain.Received(dev).Count < ids.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        Assert.Equal(ids, RecordingSubscriberGrain.Received(dev).Distinct().ToList());
    }
}

public interface IRecordingSubscriberGrain : IGrainWithStringKey;

/// <summary>A stand-in consumer: implicitly subscribed to the events namespace, it records what each developer's stream carried.</summary>
[ImplicitStreamSubscription(EventStreams.Namespace)]
public sealed class RecordingSubscriberGrain : Grain, IRecordingSubscriberGrain, IStreamSubscriptionObserver
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Log = new();

    public static IReadOnlyList<string> Received(string developerId) => Log.TryGetValue(developerId, out var q) ? q.ToList() : [];

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        await handleFactory.Create<CommittedEvent>().ResumeAsync((e, _) =>
        {
            Log.GetOrAdd(e.DeveloperId, _ => new ConcurrentQueue<string>()).Enqueue(e.Id);
            return Task.CompletedTask;
        });
    }
}
