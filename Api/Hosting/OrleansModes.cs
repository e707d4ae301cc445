using Rowell.Grains.Hosting;

namespace Rowell.Api.Hosting;

/// <summary>
/// Embedded: this process co-hosts one silo with in-memory storage (the zero-setup default, see <see cref="EmbeddedSilo"/>).
/// Cluster: this process is an Orleans client that finds the silos through Postgres membership, and reaches
/// grains only through their interfaces in Grains.Abstractions.
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
            EmbeddedSilo.Add(builder, settings);
        }
        return builder;
    }
}
