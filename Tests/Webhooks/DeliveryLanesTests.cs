using Rowell.Grains.Webhooks;

namespace Rowell.Tests.Webhooks;

/// <summary>The lanes that decide which of an endpoint's due deliveries may start.</summary>
public sealed class DeliveryLanesTests
{
    private static DueDelivery D(string id, string resource) => new(id, "evt_" + id, "transfer.created", 0, DateTimeOffset.UnixEpoch, "{}", resource);

    [Fact]
    public void One_attempt_per_resource_in_queue_order_and_never_more_than_the_limit()
    {
        var lanes = new DeliveryLanes(2);
        foreach (var d in new[] { D("a1", "A"), D("a2", "A"), D("b1", "B"), D("c1", "C"), D("b2", "B") })
        {
            Assert.True(lanes.Add(d));
        }
        Assert.False(lanes.Add(D("a1", "A")));

        Assert.Equal(["a1", "b1"], lanes.TakeStartable().Select(d => d.Id));
        Assert.Equal(2, lanes.InFlight);
        Assert.Empty(lanes.TakeStartable());

        // A's lane frees: its next delivery goes before C, which was queued later.
        lanes.Finished(D("a1", "A"));
        Assert.Equal(["a2"], lanes.TakeStartable().Select(d => d.Id));
        lanes.Finished(D("b1", "B"));
        Assert.Equal(["c1"], lanes.TakeStartable().Select(d => d.Id));
        lanes.Finished(D("a2", "A"));
        Assert.Equal(["b2"], lanes.TakeStartable().Select(d => d.Id));
        Assert.Equal(["b2", "c1"], lanes.Known.Order());
    }

    [Fact]
    public void A_later_delivery_never_overtakes_an_earlier_one_of_its_resource_that_is_still_queued()
    {
        var lanes = new DeliveryLanes(1);
        lanes.Add(D("x1", "X"));
        lanes.Add(D("y1", "Y"));
        lanes.Add(D("y2", "Y"));
        Assert.Equal(["x1"], lanes.TakeStartable().Select(d => d.Id));
        lanes.Finished(D("x1", "X"));
        Assert.Equal(["y1"], lanes.TakeStartable().Select(d => d.Id));
        Assert.Empty(lanes.TakeStartable());
        lanes.Finished(D("y1", "Y"));
        Assert.Equal(["y2"], lanes.TakeStartable().Select(d => d.Id));
    }

    [Fact]
    public void Dropping_the_queue_keeps_what_is_in_flight()
    {
        var lanes = new DeliveryLanes(4);
        lanes.Add(D("a1", "A"));
        lanes.Add(D("a2", "A"));
        Assert.Single(lanes.TakeStartable());
        lanes.DropWaiting();
        Assert.Equal(0, lanes.Waiting);
        Assert.Equal(["a1"], lanes.Known);
        // Dropped deliveries are still pending in the store and can be read and queued again.
        Assert.True(lanes.Add(D("a2", "A")));
    }
}
