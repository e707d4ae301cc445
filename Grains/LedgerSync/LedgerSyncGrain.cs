using Microsoft.Extensions.Logging;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers;

namespace Rowell.Grains.LedgerSync;

/// <summary>One network + environment's inbound sync, keyed "stellar/testnet", "hedera/testnet", ….</summary>
[Alias("rowell.ILedgerSyncGrain")]
public interface ILedgerSyncGrain : IGrainWithStringKey
{
    /// <summary>Makes sure the durable reminder exists (idempotent; every silo calls it at start-up).</summary>
    [Alias("start")]
    Task Start();

    /// <summary>One pass now (tests, the bench, and the timer).</summary>
    [Alias("sync-once")]
    Task<SyncReport> SyncOnce();
}

/// <summary>
/// Runs <see cref="IInboundSync"/> on a grain timer every <see cref="LedgerSettings.SyncInterval"/> (about one
/// ledger close). A durable reminder reactivates it after a silo failure; the cursor it resumes from is in
/// the cursor store, so a restart neither misses nor double-counts. Single activation: one reader per feed.
/// </summary>
public sealed class LedgerSyncGrain(IEnumerable<IInboundSync> syncs, LedgerSettings settings, Hosting.RowellSettings rowell, ILogger<LedgerSyncGrain> logger)
    : Grain, ILedgerSyncGrain, IRemindable
{
    private const string ReminderName = "ledger-sync";

    public static string Key(Network network, LedgerEnvironment environment) => $"{network.Wire()}/{environment.Wire()}";

    private (IInboundSync Sync, LedgerEnvironment Environment) Target()
    {
        var parts = this.GetPrimaryKeyString().Split('/');
        EnumNames.TryParse<Network>(parts[0], out var network);
        EnumNames.TryParse<LedgerEnvironment>(parts[1], out var environment);
        return (syncs.First(s => s.Network == network), environment);
    }

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        this.RegisterGrainTimer(async _ =>
        {
            try
            {
                await SyncOnce();
            }
            catch (Exception e)
            {
                // The ledger or the database did not answer: the cursor has not moved, the next tick retries.
                logger.LogWarning(e, "Ledger sync {Key} failed; will retry", this.GetPrimaryKeyString());
            }
        }, new GrainTimerCreationOptions { DueTime = settings.SyncInterval, Period = settings.SyncInterval, KeepAlive = true });
        return Task.CompletedTask;
    }

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), rowell.SafetyReminderPeriod);

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask; // activation (and so the timer) is the point

    public Task<SyncReport> SyncOnce()
    {
        var (sync, environment) = Target();
        return sync.RunOnceAsync(environment, CancellationToken.None);
    }
}
