using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Transfers;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Transfers;

/// <summary>
/// The safety net for crashes: a durable reminder keeps this grain alive across silo failures, and
/// while active it sweeps every <see cref="RowellSettings.TransferSweepInterval"/> for unfinished
/// transfers that have not moved for <see cref="RowellSettings.TransferStuckAfter"/> and resumes
/// them (their grains reactivate on a live silo and continue from the stored row).
/// Why not one reminder per transfer: that costs two extra Postgres writes on every transfer's hot
/// path, while this index scan over the unfinished rows covers the same failures.
/// </summary>
public sealed class TransferSweeperGrain(
    ITransferStore store,
    Idempotency.IIdempotencyStore idempotency,
    RowellSettings settings,
    TimeProvider time,
    ILogger<TransferSweeperGrain> logger) : Grain, ITransferSweeperGrain, IRemindable
{
    private const string ReminderName = "transfer-sweep";
    private const int Batch = 500;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(async _ => await SweepOnce(), new GrainTimerCreationOptions
        {
            DueTime = settings.TransferSweepInterval,
            Period = settings.TransferSweepInterval,
            KeepAlive = true,
        });
        return Task.CompletedTask;
    }

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), settings.SafetyReminderPeriod);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        await SweepOnce();
        // Housekeeping on the same durable tick: Idempotency-Keys past their lifetime.
        await idempotency.DeleteExpiredAsync(time.GetUtcNow() - Idempotency.IdempotencyClaims.Lifetime, CancellationToken.None);
    }

    public async Task<int> SweepOnce()
    {
        var stuck = await store.FindUnfinishedAsync(time.GetUtcNow() - settings.TransferStuckAfter, Batch, CancellationToken.None);
        if (stuck.Count == 0)
        {
            return 0;
        }
        logger.LogWarning("Resuming {Count} transfers that have not moved for {After}", stuck.Count, settings.TransferStuckAfter);
        var resumed = 0;
        foreach (var chunk in stuck.Chunk(32))
        {
            var results = await Task.WhenAll(chunk.Select(async id =>
            {
                try
                {
                    await GrainFactory.GetGrain<ITransferGrain>(id).Resume();
                    return true;
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Resuming transfer {TransferId} failed; the next sweep tries again", id);
                    return false;
                }
            }));
            resumed += results.Count(r => r);
        }
        return resumed;
    }
}
