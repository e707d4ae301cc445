using Rowell.Grains.Hosting;

namespace Rowell.Api.Hosting;

/// <summary>
/// Embedded: this process co-hosts one silo with in-memory storage (the zero-setup default).
/// Cluster: this process is an Orleans client that finds the silos through Postgres membership.
/// </summary>
public static class OrleansModes
{
    public static WebApplicationBuilder AddRowellOrleans(this WebApplicationBuilder builder, RowellSettings settings)
    {
        if (settings.IsCluster)
        {
            builder.UseOrleansClient(client => client.UseRowellClient(settings));
            builder.Services.AddSingleton(settings);
            builder.Services.AddSingleton(settings.Countries);
        }
        else
        {
            builder.UseOrleans(silo => silo.UseRowell(settings));
        }
        return builder;
    }
}
