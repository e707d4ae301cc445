using Rowell.Client;
using Spectre.Console;

namespace Rowell.Cli;

/// <summary>
/// Where a run reads its settings and writes its output. The process uses the real console and environment;
/// tests pass writers, a dictionary environment, a temp config path and the test server's handler.
/// </summary>
public sealed class CliContext
{
    public required TextWriter Out { get; init; }
    public required TextWriter Error { get; init; }
    public required Func<string, string?> Environment { get; init; }
    public required string ConfigPath { get; init; }
    /// <summary>Transport for the API (tests: the test server); null: real sockets.</summary>
    public HttpMessageHandler? Handler { get; init; }
    public bool Interactive { get; init; }

    private IAnsiConsole? _console;

    /// <summary>Tables and progress for people (stdout); JSON goes to <see cref="Out"/> directly.</summary>
    public IAnsiConsole Console => _console ??= CreateConsole(Out, Interactive);

    public static CliContext FromProcess()
    {
        var configHome = System.Environment.GetEnvironmentVariable("XDG_CONFIG_HOME") is { Length: > 0 } x
            ? x
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".config");
        return new CliContext
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            Environment = System.Environment.GetEnvironmentVariable,
            ConfigPath = System.Environment.GetEnvironmentVariable("ROWELL_CONFIG") is { Length: > 0 } c ? c : Path.Combine(configHome, "rowell", "config.json"),
            Interactive = !System.Console.IsOutputRedirected,
        };
    }

    private static IAnsiConsole CreateConsole(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!interactive)
        {
            // Redirected output is read by scripts: never wrap an id across lines.
            console.Profile.Width = 240;
        }
        return console;
    }

    /// <summary>Flags beat ROWELL_API_KEY / ROWELL_API_URL, which beat the saved login.</summary>
    public (string? Key, Uri Url) Resolve(string? keyFlag, string? urlFlag)
    {
        var config = CliConfig.Load(ConfigPath);
        var key = Pick(keyFlag, Environment("ROWELL_API_KEY"), config.ApiKey);
        var url = Pick(urlFlag, Environment("ROWELL_API_URL"), config.ApiUrl) ?? CliConfig.DefaultApiUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"The API URL '{url}' is not an http(s) URL.");
        }
        return (key, uri);
    }

    public RowellClient CreateClient(string? key, Uri url) => new(new RowellClientOptions
    {
        BaseUrl = url,
        ApiKey = key,
        Handler = Handler,
        UserAgent = "rowell-cli/1.0",
    });

    private static string? Pick(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
