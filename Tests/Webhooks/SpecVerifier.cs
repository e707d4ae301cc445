using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Rowell.Tests.Webhooks;

/// <summary>
/// Runs verify_standard_webhooks.py, a verifier written from the specification alone (nothing shared with our signer).
/// Used beside the StandardWebhooks NuGet package, which only checks the FIRST signature of a list — so it cannot
/// judge rotation, where the spec says any listed signature may match.
/// </summary>
public static class SpecVerifier
{
    public static async Task<bool> VerifiesAsync(string secret, IHeaderDictionary headers, string body)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Webhooks", "verify_standard_webhooks.py");
        var info = new ProcessStartInfo("python3", script) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var request = new
        {
            secret,
            headers = new Dictionary<string, string>
            {
                ["webhook-id"] = headers["webhook-id"].ToString(),
                ["webhook-timestamp"] = headers["webhook-timestamp"].ToString(),
                ["webhook-signature"] = headers["webhook-signature"].ToString(),
            },
            body,
        };
        await process.StandardInput.WriteAsync(JsonSerializer.Serialize(request));
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }
}
