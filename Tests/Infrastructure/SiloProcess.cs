using System.Diagnostics;
using Rowell.Grains.Hosting;

namespace Rowell.Tests.Infrastructure;

/// <summary>
/// A real silo in its own OS process (the built Rowell.Silo.dll), so a test can kill it with
/// SIGKILL: no graceful shutdown, no membership goodbye — a crash.
/// </summary>
public sealed class SiloProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = new();

    private SiloProcess(Process process, int siloPort)
    {
        _process = process;
        SiloPort = siloPort;
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int SiloPort { get; }

    /// <summary>
    /// The Silo project's own build output (Tests/bin/{config}/{tfm} → Silo/bin/{config}/{tfm}): its
    /// deps and runtimeconfig are the ones the real deployment runs with.
    /// </summary>
    public static string SiloAssembly
    {
        get
        {
            var testsBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var tfm = testsBin.Name;
            var config = testsBin.Parent!.Name;
            var repo = testsBin.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(repo, "Silo", "bin", config, tfm, "Rowell.Silo.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException("Build the Silo project first (dotnet build builds it with the tests).", path);
        }
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output.TakeLast(80));
            }
        }
    }

    public static async Task<SiloProcess> StartAsync(RowellSettings settings, IDictionary<string, string>? extra = null)
    {
        var siloPort = FreePort.Next();
        var info = new ProcessStartInfo("dotnet", SiloAssembly)
        {
            WorkingDirectory = Path.GetDirectoryName(SiloAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var env = new Dictionary<string, string>(TestSettings.AsConfiguration(settings with { SiloPort = siloPort, GatewayPort = FreePort.Next() }).ToDictionary())
        {
            ["ROWELL_FAST_FAILOVER"] = "true",
            ["DOTNET_gcServer"] = "0",
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string>())
        {
            env[k] = v;
        }
        foreach (var (k, v) in env)
        {
            info.Environment[k] = v;
        }
        var silo = new SiloProcess(Process.Start(info)!, siloPort);
        await silo.WaitActiveAsync(settings.DatabaseConnectionString!);
        return silo;
    }

    /// <summary>SIGKILL: the process gets no chance to clean up.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private async Task WaitActiveAsync(string connectionString)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Silo on port {SiloPort} exited with {_process.ExitCode}:\n{Output}");
            }
            try
            {
                var active = await TestPostgres.ScalarAsync<long>(connectionString,
                    $"SELECT count(*) FROM OrleansMembershipTable WHERE port = {SiloPort} AND status = 3");
                if (active > 0)
                {
                    return;
                }
            }
            catch (Npgsql.PostgresException)
            {
                // Schema not applied yet by the starting silo.
            }
            await Task.Delay(200);
        }
        throw new TimeoutException($"Silo on port {SiloPort} did not become active:\n{Output}");
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Add(line);
        }
    }
}
