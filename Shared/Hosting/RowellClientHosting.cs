using Orleans.Configuration;

namespace Rowell.Grains.Hosting;

/// <summary>
/// How an Orleans client (the API in cluster mode, test clients) joins the cluster: Postgres membership, the
/// cluster's ids, and patience while no silo is up yet. Here rather than next to the silo wiring so a client
/// needs no reference to the grain implementations.
/// </summary>
public static class RowellClientHosting
{
    /// <summary>The ADO.NET invariant Orleans' providers use for Postgres.</summary>
    public const string PostgresInvariant = "Npgsql";

    public static IClientBuilder UseRowellClient(this IClientBuilder client, RowellSettings settings)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        client.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = settings.DatabaseConnectionString!;
        });
        if (settings.FastFailover)
        {
            client.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(10));
            client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(2));
        }
        // The API may start before any silo: keep trying instead of crashing at boot.
        client.UseConnectionRetryFilter(async (_, ct) =>
        {
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
            return true;
        });
        return client;
    }
}
