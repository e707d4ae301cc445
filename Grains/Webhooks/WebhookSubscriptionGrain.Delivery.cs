using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Webhooks;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// Delivery: due deliveries are attempted concurrently across resources and one at a time, in event order,
/// within a resource (<see cref="DeliveryLanes"/>), at most ROWELL_WEBHOOK_MAX_IN_FLIGHT at once. The HTTP
/// attempts run off the grain's scheduler; the grain only chooses what starts and records what finished,
/// many outcomes per statement (the Outcomes part). A failure reschedules that delivery alone, so a failing
/// or hanging resource holds up only its own later events and never another resource's.
/// Wake-ups are grain timers for the short delays; one reminder per endpoint with pending work is the
/// durable wake-up that brings the grain back on another silo after a crash, where the deliveries whose
/// outcome was not yet written are still pending and are attempted again (at least once, same webhook-id).
/// </summary>
public sealed partial class WebhookSubscriptionGrain
{
    private const string ReminderName = "webhook-pending";
    /// <summary>
    /// One turn's budget: the grain takes no API call while a turn runs, so a busy endpoint yields this often.
    /// Attempts in flight carry on across turns.
    /// </summary>
    private static readonly TimeSpan TurnBudget = TimeSpan.FromSeconds(1);
    /// <summary>How long finished outcomes may wait to be written together, and how often a drained queue looks for new work.</summary>
    private static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(50);
    private const int FlushSize = 200;
    /// <summary>Delays up to this use a timer; longer ones wait for the reminder's ticks.</summary>
    private static readonly TimeSpan TimerHorizon = TimeSpan.FromMinutes(2);
    private readonly OneShotTimer _wake = new();
    /// <summary>
    /// Attempts finish off the grain's scheduler into this queue and complete <see cref="_finishedSignal"/>: the
    /// pump waits on one signal rather than on every attempt in flight (a WhenAny over all of them costs a
    /// continuation per attempt per wake-up, which grows with the in-flight limit).
    /// </summary>
    private readonly ConcurrentQueue<FinishedAttempt> _finishedQueue = new();
    private TaskCompletionSource _finishedSignal = NewSignal();
    private int _inFlight;
    private DeliveryLanes? _lanesField;
    /// <summary>Set from the moment a batch's verdict means disabling until that is written: nothing new starts meanwhile.</summary>
    private bool _disabling;
    private bool _reminderSet;

    /// <summary>An attempt that has finished, waiting for its outcome to be written.</summary>
    private sealed record FinishedAttempt(DueDelivery Delivery, DateTimeOffset At, AttemptOutcome Outcome);

    private DeliveryLanes Lanes => _lanesField ??= new DeliveryLanes(settings.Events.MaxInFlight);

    /// <summary>Due work read per query: enough to keep every lane busy between reads.</summary>
    private int FetchSize => Math.Max(100, 8 * Lanes.MaxInFlight);

    public Task Wake()
    {
        ScheduleWake(TimeSpan.Zero);
        return Task.CompletedTask;
    }

    public Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!_wake.IsScheduled)
        {
            ScheduleWake(TimeSpan.Zero);
        }
        return Task.CompletedTask;
    }

    private void ScheduleWake(TimeSpan due) => _wake.Schedule(this, due, PumpQuietlyAsync);

    private async Task PumpQuietlyAsync()
    {
        try
        {
            await PumpAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Webhook endpoint {EndpointId}: delivery turn failed; retrying shortly", Id);
            ScheduleWake(TimeSpan.FromSeconds(5));
        }
    }

    /// <summary>Enabled, and no verdict in the batch being written is about to disable it.</summary>
    private bool Delivering => _row is { Status: WebhookStatuses.Enabled } && !_disabling;

    private async Task PumpAsync()
    {
        var started = time.GetUtcNow();
        var nextRead = started;
        var finished = new List<FinishedAttempt>();
        var oldestFinished = DateTimeOffset.MaxValue;
        Task? tick = null;
        // At most one write-and-read at a time, and the pump does not wait for it: lanes keep being freed and
        // refilled while Postgres works, so a slow statement does not leave the in-flight slots idle.
        Task<IReadOnlyList<DueDelivery>?>? io = null;
        while (true)
        {
            var now = time.GetUtcNow();
            foreach (var f in Harvest())
            {
                finished.Add(f);
                oldestFinished = now < oldestFinished ? now : oldestFinished;
            }
            StartWhatMay();
            if (io is { IsCompleted: true })
            {
                var due = await io;
                io = null;
                if (due is not null)
                {
                    if (Delivering)
                    {
                        foreach (var d in due)
                        {
                            Lanes.Add(d);
                        }
                    }
                    // A short read means nothing else is due: look again shortly (new events keep arriving).
                    nextRead = due.Count < FetchSize ? time.GetUtcNow() + FlushDelay : time.GetUtcNow();
                }
                if (!Delivering)
                {
                    Lanes.DropWaiting();
                }
                StartWhatMay();
                now = time.GetUtcNow();
            }
            // Over budget, no new write-and-read starts; the one under way is waited for while lanes keep moving.
            var overBudget = time.GetUtcNow() - started > TurnBudget;
            if (io is null && !overBudget)
            {
                var wantRead = Delivering && Lanes.Waiting < 2 * Lanes.MaxInFlight && now >= nextRead;
                var flush = finished.Count > 0 && (wantRead || finished.Count >= FlushSize || _inFlight == 0 || now - oldestFinished >= FlushDelay);
                if (flush || wantRead)
                {
                    var batch = flush ? finished.ToList() : [];
                    finished.Clear();
                    oldestFinished = DateTimeOffset.MaxValue;
                    io = WriteThenReadAsync(batch, wantRead, now);
                    continue;
                }
            }
            if (io is null && _inFlight == 0 && finished.Count == 0 && (!Delivering || Lanes.Waiting == 0 && time.GetUtcNow() < nextRead))
            {
                break;
            }
            if (overBudget && io is null)
            {
                await RecordAsync(finished);
                break;
            }
            if (_finishedQueue.IsEmpty)
            {
                // Woken by an attempt finishing, the write-and-read ending, or the tick that writes outcomes and reads new work.
                tick = tick is null || tick.IsCompleted ? Task.Delay(FlushDelay) : tick;
                await (io is null ? Task.WhenAny(_finishedSignal.Task, tick) : Task.WhenAny(_finishedSignal.Task, tick, io));
            }
        }
        await ScheduleNextAsync(_inFlight > 0);
    }

    /// <summary>
    /// Writes <paramref name="batch"/> and, beside it, reads new due work if asked. The read leaves out what is
    /// queued, in flight, or in this batch (taken now, before the first wait), so it never returns a delivery whose
    /// outcome is still in memory; the next read starts only after this write has committed.
    /// </summary>
    private async Task<IReadOnlyList<DueDelivery>?> WriteThenReadAsync(List<FinishedAttempt> batch, bool read, DateTimeOffset now)
    {
        var recording = RecordAsync(batch);
        var reading = read
            ? store.DueAsync(Id, now, FetchSize, Lanes.Known.Concat(batch.Select(f => f.Delivery.Id)).ToList(), CancellationToken.None)
            : null;
        await recording;
        return reading is null ? null : await reading;
    }

    private void StartWhatMay()
    {
        if (!Delivering)
        {
            return;
        }
        foreach (var d in Lanes.TakeStartable())
        {
            _inFlight++;
            Launch(d);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Starts one attempt off the grain's scheduler: signing and the HTTP exchange do not hold the grain. It
    /// always ends in <see cref="_finishedQueue"/>, whatever happens, so its lane is always freed.
    /// </summary>
    private void Launch(DueDelivery delivery)
    {
        var url = _row!.Url;
        var keys = Keys();
        var at = time.GetUtcNow();
        var queue = _finishedQueue;
        _ = Task.Run(async () =>
        {
            FinishedAttempt finished;
            try
            {
                finished = new FinishedAttempt(delivery, at, await sender.SendAsync(url, delivery.EventId, delivery.Body, keys, CancellationToken.None));
            }
            catch (Exception e)
            {
                // The sender answers the receiver's faults itself; anything else is still this attempt's failure, not the grain's.
                finished = new FinishedAttempt(delivery, at, new AttemptOutcome(null, time.GetUtcNow() - at, null, e.Message, null));
            }
            finally
            {
                foreach (var key in keys)
                {
                    Array.Clear(key);
                }
            }
            queue.Enqueue(finished);
            Volatile.Read(ref _finishedSignal).TrySetResult();
        });
    }

    /// <summary>Takes the attempts that have finished and frees their resources' lanes.</summary>
    private List<FinishedAttempt> Harvest()
    {
        // A fresh signal before draining: an attempt that finishes after the drain completes the new one.
        if (_finishedSignal.Task.IsCompleted)
        {
            Volatile.Write(ref _finishedSignal, NewSignal());
        }
        var done = new List<FinishedAttempt>();
        while (_finishedQueue.TryDequeue(out var f))
        {
            _inFlight--;
            Lanes.Finished(f.Delivery);
            done.Add(f);
        }
        return done;
    }

    private async Task ScheduleNextAsync(bool busy)
    {
        if (_row is null)
        {
            return;
        }
        var pending = await store.PendingAsync(Id, CancellationToken.None);
        metrics.SetPending(Id, _row.Status == WebhookStatuses.Enabled ? pending.Count : 0, pending.OldestCreatedAt);
        var active = (pending.Count > 0 && _row.Status == WebhookStatuses.Enabled) || busy;
        await SetReminderAsync(active);
        if (!active)
        {
            return;
        }
        var delay = busy || Lanes.Waiting > 0 ? TimeSpan.Zero : (pending.NextAttemptAt ?? time.GetUtcNow()) - time.GetUtcNow();
        if (delay <= TimerHorizon)
        {
            ScheduleWake(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        }
    }

    private async Task SetReminderAsync(bool active)
    {
        if (active == _reminderSet)
        {
            return;
        }
        if (active)
        {
            await this.RegisterOrUpdateReminder(ReminderName, settings.SafetyReminderPeriod, settings.SafetyReminderPeriod);
        }
        else if (await this.GetReminder(ReminderName) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        _reminderSet = active;
    }

    private IReadOnlyList<byte[]> Keys()
    {
        var row = _row!;
        // The current key signs first: a verifier that reads only the first signature of the list (some
        // libraries do) then accepts the secret the developer was just given.
        var keys = new List<byte[]> { vault.Open(Id, row.SealedSecret) };
        if (row.PreviousSealedSecret is { } previous && row.PreviousSecretExpiresAt > time.GetUtcNow())
        {
            keys.Add(vault.Open(Id, previous));
        }
        return keys;
    }
}
