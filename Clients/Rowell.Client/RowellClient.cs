using System.Net;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Rowell.Client.Models;
using Rowell.Client.Resources;

namespace Rowell.Client;

/// <summary>
/// The Rowell API over HTTP. One instance per key; thread-safe; dispose it when done.
/// Every call unwraps the envelope: data on success, a <see cref="RowellApiException"/> subclass on error.
/// Creates carry an Idempotency-Key (a fresh one per call unless given), and that same key is re-sent on every
/// retry, so a retried create never makes two resources.
/// </summary>
public sealed class RowellClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly RowellClientOptions _options;

    public RowellClient(RowellClientOptions options)
    {
        _options = options;
        var transport = options.Handler ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        HttpMessageHandler handler = options.MaxRetries > 0
            ? new ResilienceHandler(RetryPipeline.Build(options)) { InnerHandler = transport }
            : transport;
        _http = new HttpClient(handler, disposeHandler: true) { BaseAddress = options.BaseUrl, Timeout = options.Timeout };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd(options.UserAgent);
        if (options.ApiKey is { Length: > 0 } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        Developers = new DevelopersResource(this);
        Accounts = new AccountsResource(this);
        Transfers = new TransfersResource(this);
        Transactions = new TransactionsResource(this);
        Sandbox = new SandboxResource(this);
        Events = new EventsResource(this);
        Webhooks = new WebhooksResource(this);
        Deposits = new DepositsResource(this);
        Compliance = new ComplianceResource(this);
        Analytics = new AnalyticsResource(this);
    }

    public RowellClient(string apiKey, Uri baseUrl) : this(new RowellClientOptions { ApiKey = apiKey, BaseUrl = baseUrl })
    {
    }

    public DevelopersResource Developers { get; }
    public AccountsResource Accounts { get; }
    public TransfersResource Transfers { get; }
    public TransactionsResource Transactions { get; }
    public SandboxResource Sandbox { get; }
    public EventsResource Events { get; }
    public WebhooksResource Webhooks { get; }
    public DepositsResource Deposits { get; }
    public ComplianceResource Compliance { get; }
    public AnalyticsResource Analytics { get; }

    /// <summary>"test" for sk_test_ keys, "live" for sk_live_ keys, null otherwise.</summary>
    public string? Mode => _options.ApiKey switch
    {
        { } k when k.StartsWith("sk_test_", StringComparison.Ordinal) => "test",
        { } k when k.StartsWith("sk_live_", StringComparison.Ordinal) => "live",
        _ => null,
    };

    /// <summary>
    /// Any endpoint, for what the typed resources do not cover. <paramref name="path"/> is relative to <c>/api/v1</c>
    /// unless it starts with <c>/</c>. <paramref name="create"/> adds an Idempotency-Key.
    /// </summary>
    public async Task<ApiResponse<T>> RequestAsync<T>(HttpMethod method, string path, object? body = null, bool create = false,
        RequestOptions? options = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path.StartsWith('/') ? path : "/api/v1/" + path);
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body, RowellJson.Options), Encoding.UTF8, "application/json");
        }
        if (create)
        {
            request.Headers.Add("Idempotency-Key", options?.IdempotencyKey ?? "idk_" + Guid.NewGuid().ToString("N"));
        }
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement;
        }
        catch (JsonException)
        {
            throw new RowellApiException(response.StatusCode, ErrorCodes.InternalError,
                $"The API answered {(int)response.StatusCode} without a JSON envelope.", new Dictionary<string, JsonElement>(), Header(response, "X-Request-Id"));
        }
        if (!response.IsSuccessStatusCode || root.TryGetProperty("success", out var ok) && ok.ValueKind == JsonValueKind.False)
        {
            throw ErrorFrom(response, root);
        }
        var data = root.TryGetProperty("data", out var d) ? d : root;
        var value = data.Deserialize<T>(RowellJson.Options)!;
        return new ApiResponse<T>(value, (int)response.StatusCode, Header(response, "Idempotent-Replayed") == "true",
            Header(response, "X-Request-Id"), RateLimitInfo.From(response), response.Headers.Location);
    }

    internal async Task<T> GetAsync<T>(string path, CancellationToken ct) =>
        (await RequestAsync<T>(HttpMethod.Get, path, cancellationToken: ct).ConfigureAwait(false)).Data;

    internal async Task<T> CreateAsync<T>(string path, object? body, RequestOptions? options, CancellationToken ct) =>
        (await RequestAsync<T>(HttpMethod.Post, path, body ?? new { }, create: true, options, ct).ConfigureAwait(false)).Data;

    internal async Task<T> PostAsync<T>(string path, object? body, CancellationToken ct) =>
        (await RequestAsync<T>(HttpMethod.Post, path, body ?? new { }, cancellationToken: ct).ConfigureAwait(false)).Data;

    internal async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) =>
        (await RequestAsync<T>(method, path, body, cancellationToken: ct).ConfigureAwait(false)).Data;

    /// <summary>Every item of a cursor-paged list, fetching the next page (starting_after) only when the caller gets there.</summary>
    internal async IAsyncEnumerable<T> PagesAsync<T>(string path, QueryString query, int pageSize, [EnumeratorCancellation] CancellationToken ct)
    {
        string? cursor = null;
        while (true)
        {
            var page = await GetAsync<Page<T>>(path + query.With("limit", pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)).With("starting_after", cursor), ct).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }
            if (!page.HasMore || page.NextCursor is null)
            {
                yield break;
            }
            cursor = page.NextCursor;
        }
    }

    private static RowellApiException ErrorFrom(HttpResponseMessage response, JsonElement root)
    {
        var code = ErrorCodes.InternalError;
        var message = $"HTTP {(int)response.StatusCode}";
        var details = new Dictionary<string, JsonElement>();
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            code = error.TryGetProperty("code", out var c) ? c.GetString() ?? code : code;
            message = error.TryGetProperty("message", out var m) ? m.GetString() ?? message : message;
            if (error.TryGetProperty("details", out var dt) && dt.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in dt.EnumerateObject())
                {
                    details[p.Name] = p.Value.Clone();
                }
            }
        }
        var requestId = root.TryGetProperty("request_id", out var r) ? r.GetString() : Header(response, "X-Request-Id");
        return RowellApiException.Create(response.StatusCode, code, message, details, requestId, RetryPipeline.RetryAfter(response));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public void Dispose() => _http.Dispose();
}

/// <summary>What a call answered beyond its data.</summary>
public sealed record ApiResponse<T>(T Data, int StatusCode, bool Replayed, string? RequestId, RateLimitInfo? RateLimit, Uri? Location);

/// <summary>The X-RateLimit-* headers of a response.</summary>
public sealed record RateLimitInfo(int Limit, int Remaining, DateTimeOffset Reset)
{
    internal static RateLimitInfo? From(HttpResponseMessage r) =>
        r.Headers.TryGetValues("X-RateLimit-Limit", out var l) && r.Headers.TryGetValues("X-RateLimit-Remaining", out var rem)
            && r.Headers.TryGetValues("X-RateLimit-Reset", out var reset)
            && int.TryParse(l.First(), out var limit) && int.TryParse(rem.First(), out var remaining) && long.TryParse(reset.First(), out var at)
            ? new RateLimitInfo(limit, remaining, DateTimeOffset.FromUnixTimeSeconds(at))
            : null;
}

/// <summary>Retries 429 and 503 (and dropped connections) with the server's Retry-After, else jittered exponential backoff.</summary>
internal static class RetryPipeline
{
    public static ResiliencePipeline<HttpResponseMessage> Build(RowellClientOptions options) =>
        new ResiliencePipelineBuilder<HttpResponseMessage>()
            .AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldRetryAfterHeader = false,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException } => true,
                    { Result: { } r } when r.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable =>
                        RetryAfter(r) is not { } wait || wait <= options.MaxRetryAfter,
                    _ => false,
                }),
                // The server knows when capacity returns; waiting less only burns an attempt.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { } r ? RetryAfter(r) : null),
            })
            .Build();

    public static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero,
        _ => null,
    };
}
