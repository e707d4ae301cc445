using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rowell.Grains.Hosting;

namespace Rowell.Tests.Infrastructure;

/// <summary>Real silo and client hosts, configured exactly as the Silo and Api programs configure them.</summary>
public static class TestHosts
{
    public static async Task<IHost> StartSiloAsync(RowellSettings clusterSettings)
    {
        var settings = clusterSettings with { SiloPort = FreePort.Next(), GatewayPort = FreePort.Next() };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo => silo.UseRowell(settings));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static async Task<IHost> StartClientAsync(RowellSettings settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseRowellClient(settings));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }
}
