using System.Net;
using System.Threading.Channels;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Dashboard;

/// <summary>A plain-HTTP loopback endpoint that answers 200 to every POST and hands each request to the test.</summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly Task _loop;

    public sealed record Received(string? Id, string? Timestamp, string? Signature, string Body);

    public string Url { get; }

    public WebhookReceiver()
    {
        var port = FreePort.Next();
        Url = $"http://127.0.0.1:{port}/rowell-hooks/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    /// <summary>The next delivery whose body mentions <paramref name="eventType"/>.</summary>
    public async Task<Received> NextAsync(string eventType)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (true)
        {
            var r = await _received.Reader.ReadAsync(timeout.Token);
            if (r.Body.Contains($"\"{eventType}\"", StringComparison.Ordinal))
            {
                return r;
            }
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            var h = context.Request.Headers;
            await _received.Writer.WriteAsync(new Received(h["webhook-id"], h["webhook-timestamp"], h["webhook-signature"], body));
            context.Response.StatusCode = 200;
            await context.Response.OutputStream.WriteAsync("received"u8.ToArray());
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop;
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
