using Rowell.Grains.Hosting;
using Rowell.Grains.Observability;
using Rowell.Grains.Storage;

namespace Rowell.Silo;

/// <summary>
/// A Rowell silo: one process of the cluster. Run several with different ROWELL_SILO_PORT /
/// ROWELL_GATEWAY_PORT (and ROWELL_METRICS_PORT); they find each other through the Postgres
/// membership table. An explicit class (not top-level statements) so it never clashes with the
/// API's public Program in the test assembly.
/// </summary>
public static class SiloProgram
{
    public static async Task<int> Main(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var settings = RowellSettings.From(builder.Configuration);
        if (!settings.IsCluster)
        {
            Console.Error.WriteLine("The Silo host runs the cluster mode: set ROWELL_CLUSTER=postgres, DATABASE_URL and SECRET_KEY. (For a single-process dev setup use `dotnet run --project Api`.)");
            return 2;
        }

        // Silos seal wallet keys: refuse to start with a weak or documented key, before touching anything.
        if (SecretKeyPolicy.Problem(settings.SecretKey) is { } problem)
        {
            Console.Error.WriteLine($"Refusing to start: {problem}");
            return 2;
        }

        // The schema must exist before the ADO.NET providers read their queries at start-up.
        // (A logger of its own: the host's is built later, and a retried deadlock should say so.)
        using (var schemaLogs = LoggerFactory.Create(logging => logging.AddSimpleConsole()))
        {
            await PostgresSchema.ApplyAsync(settings.DatabaseConnectionString!, SchemaApplyOptions.Default,
                schemaLogs.CreateLogger("Rowell.Schema"));
        }

        builder.AddSiloObservability(settings);
        builder.UseOrleans(silo => silo.UseRowell(settings));
        var app = builder.Build();
        app.MapSiloObservability();
        // The Orleans dashboard for operators, with ADMIN_TOKEN only, on this private listener.
        OperatorDashboard.Map(app, settings, "/dashboard");
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Rowell.Silo");
        app.Lifetime.ApplicationStarted.Register(() => log.LogInformation(
            "Silo started: cluster {ClusterId}, silo port {SiloPort}, gateway port {GatewayPort}, metrics at {MetricsUrls}/metrics",
            settings.ClusterId, settings.SiloPort, settings.GatewayPort, string.Join(", ", app.Urls)));
        await app.RunAsync();
        return 0;
    }
}
