namespace Rowell.Client;

/// <summary>How a <see cref="RowellClient"/> reaches the API and how patient it is.</summary>
public sealed class RowellClientOptions
{
    /// <summary>The API origin, e.g. <c>https://api.rowell.example</c>; <c>/api/v1</c> is appended by the client.</summary>
    public Uri BaseUrl { get; set; } = new("http://localhost:8000");

    /// <summary>An <c>sk_test_…</c> or <c>sk_live_…</c> key; null only for <see cref="Resources.DevelopersResource.RegisterAsync"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Retries after a 429 or 503 (and a dropped connection). 0 turns retrying off.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// The longest Retry-After the client will sleep through. A longer one is not waited for: the call fails at once
    /// with <see cref="RowellRateLimitedException"/> / <see cref="RowellServiceUnavailableException"/> carrying it.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The wait when a 429/503 carries no Retry-After (doubled per attempt, jittered).</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Per-request timeout (each attempt).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>
    /// The transport under the retry handler; tests pass a test server's handler. Default: a pooled
    /// <see cref="SocketsHttpHandler"/>.
    /// </summary>
    public HttpMessageHandler? Handler { get; set; }

    /// <summary>User-Agent product token.</summary>
    public string UserAgent { get; set; } = "rowell-dotnet/1.0";
}

/// <summary>Per-call options: an explicit Idempotency-Key (otherwise creates get a fresh one per call).</summary>
public sealed record RequestOptions(string? IdempotencyKey = null);
