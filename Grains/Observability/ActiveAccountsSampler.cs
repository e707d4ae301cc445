using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using Rowell.Grains.Accounts;

namespace Rowell.Grains.Observability;

/// <summary>
/// Feeds <c>rowell_active_accounts</c>: counts the account read model every few seconds, so a
/// Prometheus scrape never waits on the database. In the cluster every silo reports the same
/// number (dashboards take max()); in embedded mode the API's co-hosted silo reports it.
/// </summary>
public sealed class ActiveAccountsSampler(IServiceProvider services, RowellMetrics metrics, ILogger<ActiveAccountsSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                metrics.SetActiveAccounts(await CountAsync(stoppingToken));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                // A database blip must not kill the silo; the gauge keeps its last value.
                logger.LogDebug(e, "Could not count accounts for rowell_active_accounts");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task<long> CountAsync(CancellationToken ct)
    {
        switch (services.GetService(typeof(IAccountReadModel)))
        {
            case InMemoryAccountReadModel memory:
                return memory.Count;
            default:
                var db = (NpgsqlDataSource?)services.GetService(typeof(NpgsqlDataSource))
                    ?? throw new InvalidOperationException("No account store to count.");
                await using (var cmd = db.CreateCommand("SELECT count(*) FROM rowell_accounts"))
                {
                    return (long)(await cmd.ExecuteScalarAsync(ct))!;
                }
        }
    }
}
