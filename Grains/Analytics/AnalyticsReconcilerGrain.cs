using Rowell.Abstractions.Analytics;

namespace Rowell.Grains.Analytics;

/// <summary>
/// Runs <see cref="AnalyticsReconciler"/> on a durable reminder (one per cluster) and on request. Each call does
/// a bounded slice of work, well inside the grain call timeout; the reminder's next tick (or the caller) continues.
/// </summary>
public sealed class AnalyticsReconcilerGrain(AnalyticsReconciler reconciler, AnalyticsSettings settings) : Grain, IAnalyticsReconcilerGrain, IRemindable
{
    private const string ReminderName = "analytics-reconcile";
    // Well inside the 10 s grain call timeout (Grains/Hosting): a slice may overrun its budget by one day's work.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(4);

    public async Task Start() =>
        await this.RegisterOrUpdateReminder(ReminderName, TimeSpan.FromMinutes(1), settings.ReconcilePeriod);

    public async Task ReceiveReminder(string reminderName, TickStatus status) => await ReconcileClosedDays();

    public Task<ReconcileReport> ReconcileClosedDays() => reconciler.ReconcileClosedDaysAsync(Budget, CancellationToken.None);

    public Task<ReconcileReport> ReconcileDeveloper(string developerId, string mode, DateOnly? from) =>
        reconciler.ReconcileDeveloperAsync(developerId, mode, from is { } d ? Periods.Utc(d) : null, Budget, CancellationToken.None);
}
