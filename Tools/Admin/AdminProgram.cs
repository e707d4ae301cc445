using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Rowell.Grains.Hosting;

namespace Rowell.Tools.Admin;

/// <summary>
/// <c>dotnet run --project Tools/Admin -- reseal [--batch N] [--column NAME [--after ID]]</c>, with the cluster's
/// ROWELL_CLUSTER=postgres, DATABASE_URL (and ROWELL_CLUSTER_ID / ROWELL_SERVICE_ID if not the defaults) in the
/// environment. It needs no SECRET_KEY: the silos do the sealing. See "Rotating SECRET_KEY" in docs/OPERATIONS.md.
/// An explicit class, not top-level statements, so it never clashes with the API's Program in the test assembly.
/// </summary>
public static class AdminProgram
{
    private const string Usage = """
        usage: dotnet run --project Tools/Admin -- reseal [--batch N] [--column NAME [--after ID]]
          reseal   re-seal every sealed value (wallet signing keys, …) under the silos' current SECRET_KEY.
                   Run it while every silo has the new SECRET_KEY and the old one as SECRET_KEY_PREVIOUS.
                   Idempotent: values already under the new key are skipped, so it can be re-run at any time;
                   --column/--after resume an interrupted run where it stopped (it prints the command).
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] != "reseal" || ResealOptions.Parse(args.Skip(1).ToArray()) is not { } options)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }
        var config = new ConfigurationBuilder().AddEnvironmentVariables().Build();
        RowellSettings settings;
        try
        {
            settings = RowellSettings.From(config);
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        if (!settings.IsCluster)
        {
            Console.Error.WriteLine("reseal works on the durable cluster: set ROWELL_CLUSTER=postgres and DATABASE_URL (embedded mode seals with a per-process key; there is nothing to rotate).");
            return 2;
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseRowellClient(settings));
        using var host = builder.Build();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        await host.StartAsync(stop.Token);
        try
        {
            var summary = await Reseal.RunAsync(host.Services.GetRequiredService<IClusterClient>(), Console.Out, options, stop.Token);
            return summary.Completed ? 0 : 1;
        }
        finally
        {
            await host.StopAsync(CancellationToken.None);
        }
    }
}
