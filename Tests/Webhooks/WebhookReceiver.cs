using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rowell.Tests.Ledgers.Fakes;

namespace Rowell.Tests.Webhooks;

/// <summary>One request the receiver got: the raw body and a copy of the headers, as a verifier needs them.</summary>
public sealed record ReceivedWebhook(string Path, string Body, HeaderDictionary Headers, DateTimeOffset At)
{
    public string Id => Headers["webhook-id"].ToString();
}

/// <summary>
/// A real local HTTP receiver (Kestrel on 127.0.0.1): records every request and answers what <see cref="Respond"/>
/// says (status, extra headers) — up, down, throttling, gone or redirecting.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();

    private WebhookReceiver(WebApplication app, Uri url)
    {
        _app = app;
        BaseUrl = url;
    }

    public Uri BaseUrl { get; }

    /// <summary>Awaited before answering: a slow or hanging receiver. Null answers at once.</summary>
    public Func<ReceivedWebhook, Task>? Hold { get; set; }

    private readonly ConcurrentDictionary<string, int> _open = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _maxOpen = new(StringComparer.Ordinal);

    /// <summary>The most requests this path had open at the same moment.</summary>
    public int MaxOpen(string path) => _maxOpen.GetValueOrDefault(path);

    /// <summary>The most requests for one resource (the event's data.object id) this path had open at the same moment.</summary>
    public int MaxOpen(string path, string resourceId) => _maxOpen.GetValueOrDefault(path + "#" + resourceId);

    /// <summary>The event's data.object id in a delivery's body.</summary>
    public static string ResourceOf(ReceivedWebhook r)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("object").GetProperty("id").GetString() ?? "";
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return "";
        }
    }

    private void Enter(string key)
    {
        var n = _open.AddOrUpdate(key, 1, (_, v) => v + 1);
        _maxOpen.AddOrUpdate(key, n, (_, m) => Math.Max(m, n));
    }

    private void Leave(string key) => _open.AddOrUpdate(key, 0, (_, v) => v - 1);

    /// <summary>Decides each answer from the request and how many requests came before it on that path.</summary>
    public Func<ReceivedWebhook, int, (int Status, IReadOnlyDictionary<string, string>? Headers)> Respond { get; set; } = (_, _) => (200, null);

    public IReadOnlyList<ReceivedWebhook> Received => _received.ToList();

    public IReadOnlyList<ReceivedWebhook> On(string path) => _received.Where(r => r.Path == path).ToList();

    public string Url(string path) => new Uri(BaseUrl, path.TrimStart('/')).ToString();

    public static async Task<WebhookReceiver> StartAsync()
    {
        WebhookReceiver? receiver = null;
        var (app, url) = await LoopbackServer.StartAsync(a => a.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var reader = new StreamReader(http.Request.Body);
            var body = await reader.ReadToEndAsync();
            var headers = new HeaderDictionary();
            foreach (var (k, v) in http.Request.Headers)
            {
                headers[k] = v;
            }
            var request = new ReceivedWebhook(http.Request.Path.Value!, body, headers, DateTimeOffset.UtcNow);
            var before = receiver!._received.Count(r => r.Path == request.Path);
            receiver._received.Enqueue(request);
            var resource = request.Path + "#" + ResourceOf(request);
            receiver.Enter(request.Path);
            receiver.Enter(resource);
            try
            {
                if (receiver.Hold is { } hold)
                {
                    await hold(request);
                }
            }
            finally
            {
                receiver.Leave(resource);
                receiver.Leave(request.Path);
            }
            var (status, extra) = receiver.Respond(request, before);
            foreach (var (k, v) in extra ?? new Dictionary<string, string>())
            {
                http.Response.Headers[k] = v;
            }
            http.Response.StatusCode = status;
            await http.Response.WriteAsync(status is >= 200 and < 300 ? "ok" : $"status {status}");
        }));
        receiver = new WebhookReceiver(app, url);
        return receiver;
    }

    public async Task<IReadOnlyList<ReceivedWebhook>> WaitForAsync(Func<IReadOnlyList<ReceivedWebhook>, bool> done, int seconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Received) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
        return Received;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
