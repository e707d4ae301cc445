using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rowell.Grains.Hosting;
using Rowell.Grains.Storage;

// A Rowell silo: one process of the cluster. Run several with different ROWELL_SILO_PORT /
// ROWELL_GATEWAY_PORT; they find each other through the Postgres membership table.
var builder = Host.CreateApplicationBuilder(args);
var settings = RowellSettings.From(builder.Configuration);
if (!settings.IsCluster)
{
    Console.Error.WriteLine("The Silo host runs the cluster mode: set ROWELL_CLUSTER=postgres, DATABASE_URL and SECRET_KEY. (For a single-process dev setup use `dotnet run --project Api`.)");
    return 2;
}

// The schema must exist before the ADO.NET providers read their queries at start-up.
await PostgresSchema.ApplyAsync(settings.DatabaseConnectionString!);

builder.UseOrleans(silo => silo.UseRowell(settings));
var host = builder.Build();
host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Rowell.Silo").LogInformation(
    "Silo starting: cluster {ClusterId}, silo port {SiloPort}, gateway port {GatewayPort}", settings.ClusterId, settings.SiloPort, settings.GatewayPort);
await host.RunAsync();
return 0;
