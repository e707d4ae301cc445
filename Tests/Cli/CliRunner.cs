using System.Runtime.CompilerServices;
using System.Text.Json;
using Rowell.Cli;
using Rowell.Tests.Clients;

namespace Rowell.Tests.Cli;

/// <summary>What one `rowell …` run printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    /// <summary>--json output of a streaming command: one JSON object per line.</summary>
    public IReadOnlyList<JsonElement> JsonLines => Out.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(l => JsonDocument.Parse(l).RootElement).ToList();

    public CliResult Ok()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}\nstdout: {Out}\nstderr: {Err}");
        return this;
    }
}

/// <summary>Runs the CLI in process against the test server, with its own environment and config file (never ~/.config).</summary>
public sealed class CliRunner(ClientsFixture fixture, string? key)
{
    public string ConfigPath { get; } = Path.Combine(Path.GetTempPath(), $"rowell-cli-{Guid.NewGuid():N}", "config.json");

    public Dictionary<string, string> Environment { get; } = new();

    public async Task<CliResult> RunAsync(params string[] args) => await RunAsync(CancellationToken.None, args);

    public async Task<CliResult> RunAsync(CancellationToken ct, params string[] args)
    {
        var env = new Dictionary<string, string>(Environment);
        if (key is not null)
        {
            env.TryAdd("ROWELL_API_KEY", key);
        }
        env.TryAdd("ROWELL_API_URL", fixture.Factory.Server.BaseAddress.ToString());
        var output = new SynchronizedWriter();
        var error = new SynchronizedWriter();
        var context = new CliContext
        {
            Out = output,
            Error = error,
            Environment = name => env.TryGetValue(name, out var v) ? v : null,
            ConfigPath = ConfigPath,
            Handler = fixture.Factory.Server.CreateHandler(),
        };
        var code = await CliApp.RunAsync(args, context, ct);
        return new CliResult(code, output.ToString(), error.ToString());
    }

    public static string VectorsFile([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Ledgers", "ledger-vectors.json"));
}

/// <summary>A StringWriter safe to read while a background command (watch, listen) is still writing.</summary>
public sealed class SynchronizedWriter : StringWriter
{
    private readonly Lock _gate = new();

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }
}
