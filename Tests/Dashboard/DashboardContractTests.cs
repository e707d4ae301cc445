using System.Diagnostics;

namespace Rowell.Tests.Dashboard;

/// <summary>
/// The dashboard's TypeScript client is generated from dashboard/openapi.json. This regenerates it from the
/// running API's /openapi/v1.json and type-checks the dashboard against that, so a contract change that breaks a
/// page fails here even before anyone refreshes the committed snapshot (dashboard/scripts/update-openapi.sh).
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardContractTests(DashboardFixture fixture)
{
    [Fact]
    public async Task The_dashboard_type_checks_against_the_live_openapi_document()
    {
        var dashboard = Path.Combine(DashboardFixture.Repo(), "dashboard");
        Assert.True(Directory.Exists(Path.Combine(dashboard, "node_modules", "typescript")), "run `npm ci` in dashboard/ first (scripts/test.sh does)");
        using var http = new HttpClient { BaseAddress = fixture.BaseUrl };
        var document = await http.GetStringAsync("/openapi/v1.json");

        var work = Directory.CreateTempSubdirectory("rowell-contract-");
        try
        {
            var spec = Path.Combine(work.FullName, "v1.json");
            var schema = Path.Combine(work.FullName, "schema.d.ts");
            await File.WriteAllTextAsync(spec, document);
            await RunAsync(dashboard, "node_modules/openapi-typescript/bin/cli.js", spec, "-o", schema);
            // The dashboard's own tsconfig, with @api/schema pointed at the live document's types.
            var tsconfig = Path.Combine(work.FullName, "tsconfig.json");
            await File.WriteAllTextAsync(tsconfig, $$"""
                {
                  "extends": "{{Path.Combine(dashboard, "tsconfig.json")}}",
                  "compilerOptions": { "baseUrl": "{{dashboard}}", "paths": { "@api/schema": ["{{schema}}"] } },
                  "include": ["{{Path.Combine(dashboard, "src")}}"],
                  "exclude": ["{{Path.Combine(dashboard, "src", "api", "schema.d.ts")}}"]
                }
                """);
            await RunAsync(dashboard, "node_modules/typescript/bin/tsc", "-p", tsconfig, "--noEmit");
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task RunAsync(string cwd, string script, params string[] args)
    {
        var start = new ProcessStartInfo("node") { WorkingDirectory = cwd, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"node {script} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
