using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Rowell.Grains.Events;

namespace Rowell.Grains.Webhooks;

/// <summary>What one delivery attempt got back.</summary>
public sealed record AttemptOutcome(int? StatusCode, TimeSpan Duration, string? ResponseExcerpt, string? Error, TimeSpan? RetryAfter)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}

/// <summary>
/// POSTs one signed event (Standard Webhooks headers). Redirects are never followed, no proxy is used, each
/// attempt has <see cref="EventSettings.AttemptTimeout"/>, at most 1 KB of the answer is kept, and every new
/// connection goes through the SSRF guard: resolve, check every address, connect the socket to the checked one.
/// Pooled connections are recycled every minute so a long-lived connection is re-checked too.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string UserAgent = "Rowell-Webhooks/1";
    private const int ExcerptBytes = 1024;
    private readonly HttpClient _http;
    private readonly EventSettings _settings;
    private readonly TimeProvider _time;

    public WebhookSender(EventSettings settings, TimeProvider time, WebhookUrlPolicy? policy = null)
    {
        _settings = settings;
        _time = time;
        Policy = policy ?? new WebhookUrlPolicy(settings);
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            MaxResponseHeadersLength = 64,
            AutomaticDecompression = DecompressionMethods.None,
            ConnectCallback = ConnectCheckedAsync,
        };
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
    }

    public WebhookUrlPolicy Policy { get; }

    private async ValueTask<Stream> ConnectCheckedAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var address = await Policy.ResolveAllowedAsync(context.DnsEndPoint.Host, cancellationToken);
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends <paramref name="body"/> to <paramref name="url"/>, signed with every key in <paramref name="keys"/>. Never throws for the receiver's faults.</summary>
    public async Task<AttemptOutcome> SendAsync(string url, string messageId, string body, IReadOnlyList<byte[]> keys, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(body, new UTF8Encoding(false), "application/json"),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("webhook-signature", WebhookSigner.Header(messageId, timestamp, body, keys));
        request.Headers.TryAddWithoutValidation("User-Agent", UserAgent);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.AttemptTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ReadExcerptAsync(response, timeout.Token);
            var code = (int)response.StatusCode;
            return new AttemptOutcome(code, clock.Elapsed, excerpt, code is >= 300 and < 400 ? "Redirects are not followed." : null, RetryAfterOf(response));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new AttemptOutcome(null, clock.Elapsed, null, $"Timed out after {_settings.AttemptTimeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException e) when (e.InnerException is WebhookTargetRefusedException refused)
        {
            return new AttemptOutcome(null, clock.Elapsed, null, refused.Message, null);
        }
        catch (HttpRequestException e)
        {
            return new AttemptOutcome(null, clock.Elapsed, null, e.InnerException?.Message ?? e.Message, null);
        }
    }

    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[ExcerptBytes];
            var read = 0;
            while (read < buffer.Length)
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
                if (n == 0)
                {
                    break;
                }
                read += n;
            }
            return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            return null;
        }
    }

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.StatusCode is not (HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) || response.Headers.RetryAfter is not { } header)
        {
            return null;
        }
        if (header.Delta is { } delta)
        {
            return delta;
        }
        return header.Date is { } date ? date - _time.GetUtcNow() : null;
    }

    public void Dispose() => _http.Dispose();
}
