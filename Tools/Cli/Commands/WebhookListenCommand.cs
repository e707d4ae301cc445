using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Rowell.Client;
using Rowell.Client.Models;

namespace Rowell.Cli.Commands;

/// <summary>
/// <c>rowell webhooks listen</c>, like <c>stripe listen</c>: registers a temporary endpoint pointing at a local
/// listener, verifies each delivery's Standard Webhooks signature, prints it and forwards it (same body and
/// webhook-* headers) to --forward-to, answering Rowell with the forward target's status. The endpoint is deleted on exit.
/// </summary>
internal static class WebhookListenCommand
{
    public static Command Build(CliRun run)
    {
        var forward = Opt.Optional("--forward-to", "Local URL that receives each verified delivery, e.g. http://localhost:3000/webhooks.");
        var events = new Option<string>("--events") { Description = "Comma-separated event types, or * for all.", DefaultValueFactory = _ => "*" };
        var host = new Option<string>("--host") { Description = "Address the listener binds.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Listener port (0: any free one).", DefaultValueFactory = _ => 0 };
        var publicUrl = Opt.Optional("--public-url", "URL Rowell should call instead of http://HOST:PORT/ (a tunnel or a container address).");
        var maxEvents = new Option<int>("--max-events") { Description = "Stop after this many verified deliveries (0: run until Ctrl+C).", DefaultValueFactory = _ => 0 };
        var timeout = new Option<int>("--timeout") { Description = "Stop after this many seconds (0: no limit).", DefaultValueFactory = _ => 0 };
        var keep = new Option<bool>("--keep") { Description = "Keep the endpoint registered on exit." };
        var command = new Command("listen", "Receive deliveries locally: register a temporary endpoint, verify signatures, print and forward.")
            .With(forward, events, host, port, publicUrl, maxEvents, timeout, keep);
        command.SetAction((pr, ct) => run.Api(pr, ct, async client =>
        {
            var forwardTo = pr.GetValue(forward) is { } f ? Uri.TryCreate(f, UriKind.Absolute, out var u) ? u : throw new CliUsageException("--forward-to must be an absolute URL.") : null;
            var boundPort = pr.GetValue(port) is > 0 and var p ? p : FreePort();
            var listenHost = pr.GetValue(host)!;
            using var listener = new HttpListener();
            listener.Prefixes.Add($"http://{listenHost}:{boundPort}/");
            listener.Start();
            var target = pr.GetValue(publicUrl) ?? $"http://{listenHost}:{boundPort}/";
            var endpoint = await client.Webhooks.CreateAsync(new CreateWebhookRequest(target, WebhooksCommands.SplitEvents(pr.GetValue(events)!), "rowell webhooks listen (temporary)"), ct: ct);
            var json = run.IsJson(pr);
            await Line(run, json, new { ready = true, endpoint = endpoint.Id, url = target, forward_to = forwardTo?.ToString(), secret = endpoint.Secret },
                $"Ready: {endpoint.Id} delivers to {target}{(forwardTo is null ? "" : $", forwarding to {forwardTo}")}. Signing secret {endpoint.Secret}. Ctrl+C to stop.");

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            if (pr.GetValue(timeout) is > 0 and var seconds)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(seconds));
            }
            using var forwarder = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var verified = 0;
            var wanted = pr.GetValue(maxEvents);
            try
            {
                while (wanted == 0 || verified < wanted)
                {
                    var http = await listener.GetContextAsync().WaitAsync(stop.Token);
                    if (await HandleAsync(run, json, http, endpoint.Secret!, forwarder, forwardTo, stop.Token))
                    {
                        verified++;
                    }
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && wanted > 0)
            {
                throw new CliFailureException($"Received {verified} of {wanted} deliveries before the timeout.", ExitCodes.Timeout);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C or --timeout without --max-events: a normal stop.
            }
            finally
            {
                if (!pr.GetValue(keep))
                {
                    using var cleanup = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                    try
                    {
                        await client.Webhooks.DeleteAsync(endpoint.Id, cleanup.Token);
                    }
                    catch (Exception ex) when (ex is RowellApiException or HttpRequestException or OperationCanceledException)
                    {
                        await run.Context.Error.WriteLineAsync($"warning: could not delete {endpoint.Id}: {ex.Message}");
                    }
                }
            }
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>One delivery: verify, print, forward, answer. True when its signature verified.</summary>
    private static async Task<bool> HandleAsync(CliRun run, bool json, HttpListenerContext http, string secret, HttpClient forwarder, Uri? forwardTo, CancellationToken ct)
    {
        var request = http.Request;
        string body;
        using (var reader = new StreamReader(request.InputStream, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(ct);
        }
        var id = request.Headers["webhook-id"];
        var timestamp = request.Headers["webhook-timestamp"];
        var signature = request.Headers["webhook-signature"];
        var problem = WebhookSignature.Verify(secret, id, timestamp, signature, body);
        var (type, objectId) = Describe(body);
        if (problem is not null)
        {
            await Answer(http, 400, "signature rejected");
            await Line(run, json, new { received = id, type, verified = false, error = problem }, $"{Now()}  REJECTED {id} {type}: {problem}");
            return false;
        }

        int? forwardedStatus = null;
        string? forwardError = null;
        var clock = Stopwatch.StartNew();
        if (forwardTo is not null)
        {
            using var copy = new HttpRequestMessage(HttpMethod.Post, forwardTo) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            copy.Headers.TryAddWithoutValidation("webhook-id", id);
            copy.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp);
            copy.Headers.TryAddWithoutValidation("webhook-signature", signature);
            try
            {
                using var response = await forwarder.SendAsync(copy, ct);
                forwardedStatus = (int)response.StatusCode;
            }
            catch (HttpRequestException ex)
            {
                forwardError = ex.Message;
            }
        }
        // Rowell learns what the forward target said, so its retries behave as they would against the real app.
        await Answer(http, forwardTo is null ? 200 : forwardedStatus ?? 502, forwardError ?? "ok");
        var outcome = forwardTo is null ? "" : forwardedStatus is { } s ? $" → {forwardTo} {s} ({clock.ElapsedMilliseconds} ms)" : $" → {forwardTo} failed: {forwardError}";
        await Line(run, json, new { received = id, type, @object = objectId, verified = true, forwarded_status = forwardedStatus, forward_error = forwardError },
            $"{Now()}  {type,-28} {id} {objectId} signature ok{outcome}");
        return true;
    }

    private static (string? Type, string? ObjectId) Describe(string body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            var type = root.TryGetProperty("type", out var t) ? t.GetString() : null;
            var objectId = root.TryGetProperty("data", out var d) && d.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object && o.TryGetProperty("id", out var i) ? i.ToString() : null;
            return (type, objectId);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static async Task Answer(HttpListenerContext http, int status, string text)
    {
        http.Response.StatusCode = status;
        var bytes = Encoding.UTF8.GetBytes(text);
        http.Response.ContentType = "text/plain";
        await http.Response.OutputStream.WriteAsync(bytes);
        http.Response.Close();
    }

    private static async Task Line(CliRun run, bool json, object data, string text)
    {
        if (json)
        {
            await run.Context.Out.WriteLineAsync(JsonSerializer.Serialize(data, RowellJson.Options));
        }
        else
        {
            run.Context.Console.WriteLine(text);
        }
        await run.Context.Out.FlushAsync();
    }

    private static string Now() => DateTime.UtcNow.ToString("HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
