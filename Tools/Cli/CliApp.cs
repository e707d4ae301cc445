using System.CommandLine;
using System.Net;
using System.Text.Json;
using Rowell.Cli.Commands;
using Rowell.Client;

namespace Rowell.Cli;

/// <summary>Builds the command tree and runs one command line, mapping every failure to an exit code.</summary>
public static class CliApp
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        var run = new CliRun(context);
        var root = new RootCommand("rowell: the Rowell payments API from your terminal. Tables for people, --json for scripts.");
        root.Add(run.Json);
        root.Add(run.ApiKey);
        root.Add(run.ApiUrl);
        root.Add(LoginCommands.Login(run));
        root.Add(LoginCommands.Config(run));
        root.Add(AccountsCommands.Build(run));
        root.Add(TransfersCommands.Build(run));
        root.Add(EventsCommands.Deposits(run));
        root.Add(EventsCommands.Events(run));
        root.Add(WebhooksCommands.Build(run));
        root.Add(AnalyticsCommands.Build(run));
        root.Add(ComplianceCommands.Build(run));
        root.Add(VectorsCommands.Build(run));

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                await context.Error.WriteLineAsync($"error: {error.Message}");
            }
            await context.Error.WriteLineAsync("Run 'rowell --help' (or add --help to the command) for usage.");
            return ExitCodes.Usage;
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Error }, cancellationToken);
    }
}

/// <summary>The global options and the one place API calls are made and their failures turned into exit codes.</summary>
public sealed class CliRun(CliContext context)
{
    public CliContext Context { get; } = context;

    public Option<bool> Json { get; } = new("--json") { Description = "Print JSON (the API's objects, snake_case) instead of tables.", Recursive = true };
    public Option<string?> ApiKey { get; } = new("--api-key") { Description = "API key for this call (else ROWELL_API_KEY, else the saved login).", Recursive = true };
    public Option<string?> ApiUrl { get; } = new("--api-url") { Description = "API origin for this call (else ROWELL_API_URL, else the saved login).", Recursive = true };

    public bool IsJson(ParseResult pr) => pr.GetValue(Json);

    /// <summary>Runs <paramref name="body"/> with a client for the resolved key; no key is a usage error unless anonymous.</summary>
    public async Task<int> Api(ParseResult pr, CancellationToken ct, Func<RowellClient, Task<int>> body, bool anonymous = false)
    {
        return await Guard(pr, async () =>
        {
            var (key, url) = Context.Resolve(pr.GetValue(ApiKey), pr.GetValue(ApiUrl));
            if (key is null && !anonymous)
            {
                throw new CliUsageException("No API key: run 'rowell login', or set ROWELL_API_KEY, or pass --api-key.");
            }
            using var client = Context.CreateClient(key, url);
            return await body(client);
        }, ct);
    }

    /// <summary>Maps exceptions to messages on stderr (JSON with --json) and exit codes.</summary>
    public async Task<int> Guard(ParseResult pr, Func<Task<int>> body, CancellationToken ct)
    {
        try
        {
            return await body();
        }
        catch (RowellApiException ex)
        {
            await ReportAsync(pr, ex.Code, ex.ApiMessage, ex.Field, ex.RequestId, (int)ex.StatusCode);
            return ex.StatusCode switch
            {
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => ExitCodes.Auth,
                HttpStatusCode.NotFound => ExitCodes.NotFound,
                HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable => ExitCodes.Unavailable,
                _ => ExitCodes.Failed,
            };
        }
        catch (CliUsageException ex)
        {
            await ReportAsync(pr, "USAGE", ex.Message, null, null, null);
            return ExitCodes.Usage;
        }
        catch (CliFailureException ex)
        {
            await ReportAsync(pr, ex.ExitCode == ExitCodes.Timeout ? "TIMEOUT" : "FAILED", ex.Message, null, null, null);
            return ex.ExitCode;
        }
        catch (HttpRequestException ex)
        {
            await ReportAsync(pr, "UNREACHABLE", $"Cannot reach the API: {ex.Message}", null, null, null);
            return ExitCodes.Unavailable;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return 130;
        }
    }

    private async Task ReportAsync(ParseResult pr, string code, string message, string? field, string? requestId, int? status)
    {
        if (IsJson(pr))
        {
            await Context.Error.WriteLineAsync(JsonSerializer.Serialize(new { error = new { code, message, field, request_id = requestId, status } }, RowellJson.Options));
            return;
        }
        var where = field is null ? "" : $" (field: {field})";
        var req = requestId is null ? "" : $" [request {requestId}]";
        await Context.Error.WriteLineAsync($"error: {code}: {message}{where}{req}");
    }
}
