using System.Collections.Concurrent;
using System.Globalization;
using Rowell.Abstractions.Common;
using Rowell.Api.Auth;
using Rowell.Api.Infrastructure;
using OpenTelemetry.Metrics;
using Rowell.Api.Usage;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// The developer-platform part of every authenticated /api/v1 request, in this order: rate limit
/// (headers on every response, 429 over the limit), usage count, then the endpoint's permission and
/// key-mode requirements (403). Program.cs calls <see cref="AddRowellPlatform"/> and, right after
/// authentication, <see cref="UseRowellPlatform"/>.
/// </summary>
public static class PlatformPipeline
{
    public static WebApplicationBuilder AddRowellPlatform(this WebApplicationBuilder builder)
    {
        var settings = RateLimitSettings.From(builder.Configuration);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddMetrics();
        services.AddSingleton<RateLimitMetrics>();
        // Exported on /metrics with the rest (rowell_rate_limit_fail_open_total is the one to alert on).
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter(RateLimitMetrics.MeterName));
        services.AddSingleton<UsageRecorder>();
        services.AddHostedService<UsageFlusher>();
        services.AddSingleton(TimeProvider.System);
        if (!settings.Enabled)
        {
            services.AddSingleton<IApiRateLimiter, DisabledRateLimiter>();
        }
        else if (settings.RedisConfiguration is not null)
        {
            services.AddSingleton<RedisRateLimiter>();
            services.AddSingleton<IApiRateLimiter>(sp => sp.GetRequiredService<RedisRateLimiter>());
            services.AddHostedService<RedisConnector>();
        }
        else
        {
            services.AddSingleton<IApiRateLimiter, InProcessRateLimiter>();
        }
        return builder;
    }

    public static IApplicationBuilder UseRowellPlatform(this IApplicationBuilder app)
    {
        var settings = app.ApplicationServices.GetRequiredService<RateLimitSettings>();
        var limiter = app.ApplicationServices.GetRequiredService<IApiRateLimiter>();
        var usage = app.ApplicationServices.GetRequiredService<UsageRecorder>();
        var metrics = app.ApplicationServices.GetRequiredService<RateLimitMetrics>();
        var names = new ConcurrentDictionary<(Endpoint, string), string>();

        return app.Use(async (http, next) =>
        {
            var principal = http.PrincipalOrNull();
            if (principal is null)
            {
                await next(http);
                return;
            }
            var limit = settings.LimitFor(principal);
            var decision = await limiter.AcquireAsync(principal, limit, http.RequestAborted);
            if (settings.Enabled)
            {
                // OnStarting, because the error handler clears headers when it rewrites a failed response.
                http.Response.OnStarting(static state =>
                {
                    var (response, d) = ((HttpResponse, RateLimitDecision))state;
                    WriteHeaders(response, d);
                    return Task.CompletedTask;
                }, (http.Response, decision));
            }
            var endpoint = http.GetEndpoint();
            // Unrouted requests share one name: arbitrary methods and paths must not grow the table.
            var name = endpoint is null ? "(no route)" : names.GetOrAdd((endpoint, http.Request.Method), static k => EndpointName(k.Item1, k.Item2));
            usage.Record(principal.DeveloperId, name, !decision.Allowed);
            if (!decision.Allowed)
            {
                metrics.Rejected.Add(1);
                var seconds = RetryAfterSeconds(decision);
                await Envelope.Error(http, ErrorCodes.RateLimited,
                    $"Rate limit of {decision.Limit} requests per {settings.Window.TotalSeconds:0} s exceeded for this API key; retry in {seconds} s.",
                    new Dictionary<string, object?> { ["limit"] = decision.Limit, ["retry_after_seconds"] = seconds }).ExecuteAsync(http);
                return;
            }
            Authorization.Check(http, principal);
            await next(http);
        });
    }

    public static int RetryAfterSeconds(RateLimitDecision d) => Math.Max(1, (int)Math.Ceiling(d.RetryAfter.TotalSeconds));

    private static void WriteHeaders(HttpResponse response, RateLimitDecision d)
    {
        var headers = response.Headers;
        headers["X-RateLimit-Limit"] = d.Limit.ToString(CultureInfo.InvariantCulture);
        if (d.Degraded)
        {
            // Redis unreachable: the remaining count is unknown, so it is not invented.
            headers["X-RateLimit-Status"] = "degraded";
            return;
        }
        headers["X-RateLimit-Remaining"] = d.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Reset"] = ((long)Math.Ceiling((d.Reset - DateTimeOffset.UnixEpoch).TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        if (!d.Allowed)
        {
            headers.RetryAfter = RetryAfterSeconds(d).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>"GET /api/v1/accounts/{id}": the route template, so usage never stores ids from the path.</summary>
    private static string EndpointName(Endpoint endpoint, string method) =>
        endpoint is RouteEndpoint route ? $"{method} /{route.RoutePattern.RawText?.Trim('/')}" : $"{method} {endpoint.DisplayName}";
}

/// <summary>Connects the Redis limiter at start-up (bounded); the app starts either way.</summary>
public sealed class RedisConnector(RedisRateLimiter limiter) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => limiter.ConnectAsync();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
