using Microsoft.Extensions.Logging;
using Orleans.Streams;
using Rowell.Abstractions.Events;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Email;
using Rowell.Grains.Hosting;
using Rowell.Grains.Webhooks;

namespace Rowell.Grains.Events;

/// <summary>
/// Reads the durable log with the safe cursor and hands events on, at least once, in (xid, seq) order:
/// 1. the fan-out (webhook deliveries + email outbox, cursor advanced in the same transaction), then wakes
///    the endpoints and the outbox that got work;
/// 2. the stream relay: publishes each event to the memory stream of its developer, then stores its cursor
///    (a crash in between republishes; consumers deduplicate on the event id).
/// The log is the source of truth; the stream is the fast path. A timer polls while active; the reminder
/// brings the relay back on another silo after its silo dies, and the cursors make it resume exactly there.
/// </summary>
public sealed class EventRelayGrain(
    IEventLog log,
    IEventFanout fanout,
    IWebhookStore webhooks,
    RowellSettings settings,
    TimeProvider time,
    ILogger<EventRelayGrain> logger) : Grain, IEventRelayGrain, IRemindable
{
    private const string ReminderName = "event-relay";
    private const int Batch = 500;
    private static readonly TimeSpan DueSweepEvery = TimeSpan.FromSeconds(5);
    private DateTimeOffset _nextDueSweep;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(async _ => await PumpQuietly(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = settings.Events.PollInterval,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(ReminderName, settings.SafetyReminderPeriod, settings.SafetyReminderPeriod);

    public Task ReceiveReminder(string reminderName, TickStatus status) => PumpQuietly();

    public async Task<int> Pump()
    {
        // Independent consumers with their own cursors: run side by side, so the stream relay's per-event
        // publishing never delays the webhook fan-out (and its delivery lag) by a tick.
        var fanning = FanOutAsync();
        var publishing = PublishAsync();
        var fanned = await fanning;
        var published = await publishing;
        if (time.GetUtcNow() >= _nextDueSweep)
        {
            // Safety net for wake-ups lost with a dead silo: every endpoint with due work is woken again.
            _nextDueSweep = time.GetUtcNow() + DueSweepEvery;
            foreach (var id in await webhooks.EndpointsWithDueWorkAsync(time.GetUtcNow(), 1000, CancellationToken.None))
            {
                await GrainFactory.GetGrain<IWebhookSubscriptionGrain>(id).Wake();
            }
            await GrainFactory.GetGrain<IEmailOutboxGrain>(0).Wake();
        }
        return Math.Max(fanned, published);
    }

    private async Task PumpQuietly()
    {
        try
        {
            await Pump();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Event relay step failed; the next tick retries from the stored cursors");
        }
    }

    private async Task<int> FanOutAsync()
    {
        var total = 0;
        while (true)
        {
            var result = await fanout.RunAsync(Batch, CancellationToken.None);
            total += result.Events;
            foreach (var endpoint in result.Endpoints)
            {
                await GrainFactory.GetGrain<IWebhookSubscriptionGrain>(endpoint).Wake();
            }
            if (result.Emails > 0)
            {
                await GrainFactory.GetGrain<IEmailOutboxGrain>(0).Wake();
            }
            if (result.Events < Batch)
            {
                return total;
            }
        }
    }

    private async Task<int> PublishAsync()
    {
        var provider = this.GetStreamProvider(EventStreams.Provider);
        var total = 0;
        while (true)
        {
            var batch = await log.ReadAsync(EventConsumers.Stream, Batch, CancellationToken.None);
            if (batch.Events.Count == 0)
            {
                return total;
            }
            // In order within a developer's stream; developers in parallel.
            await Task.WhenAll(batch.Events.GroupBy(e => e.DeveloperId).Select(async g =>
            {
                var stream = provider.GetStream<CommittedEvent>(StreamId.Create(EventStreams.Namespace, g.Key));
                foreach (var e in g)
                {
                    await stream.OnNextAsync(e);
                }
            }));
            await log.AdvanceAsync(EventConsumers.Stream, batch.Next, CancellationToken.None);
            total += batch.Events.Count;
            if (batch.Events.Count < Batch)
            {
                return total;
            }
        }
    }
}
