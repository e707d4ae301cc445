using System.Text.Json;
using System.Text.Json.Serialization;

namespace Rowell.Cli;

/// <summary>The saved login: ~/.config/rowell/config.json (mode 600). ROWELL_API_KEY / ROWELL_API_URL override it.</summary>
public sealed record CliConfig(
    [property: JsonPropertyName("api_url")] string? ApiUrl,
    [property: JsonPropertyName("api_key")] string? ApiKey)
{
    public const string DefaultApiUrl = "http://localhost:5000";

    public static CliConfig Load(string path)
    {
        if (!File.Exists(path))
        {
            return new CliConfig(null, null);
        }
        try
        {
            return JsonSerializer.Deserialize<CliConfig>(File.ReadAllText(path)) ?? new CliConfig(null, null);
        }
        catch (JsonException ex)
        {
            throw new CliUsageException($"The config file {path} is not valid JSON ({ex.Message}); fix or delete it.");
        }
    }

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var json = JsonSerializer.Serialize(this, new JsonSerializerOptions { WriteIndented = true });
        // Created private before the secret is written, so it is never world-readable even briefly.
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            using var writer = new StreamWriter(stream);
            writer.Write(json);
        }
    }

    public static string Mask(string? key) => key switch
    {
        null or "" => "(none)",
        { Length: > 12 } k => k[..8] + "…" + k[^4..],
        _ => "****",
    };
}

/// <summary>A command-line or configuration mistake: exit code 2 with the message.</summary>
public sealed class CliUsageException(string message) : Exception(message);

/// <summary>A command ran but its outcome is a failure (exit code in <see cref="ExitCode"/>).</summary>
public sealed class CliFailureException(string message, int exitCode = ExitCodes.Failed) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
