using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Rowell.Grains.Analytics;

/// <summary>Reads today's totals every few seconds for the analytics gauges.</summary>
public sealed class AnalyticsGaugeSampler(IAnalyticsStore store, TimeProvider time, AnalyticsMetrics metrics, ILogger<AnalyticsGaugeSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                metrics.SetToday(await store.DayTotalsAsync(Periods.DayOf(time.GetUtcNow()), stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database blip must not kill the silo; the gauges keep their last values.
                logger.LogDebug(e, "Could not read today's analytics totals");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
