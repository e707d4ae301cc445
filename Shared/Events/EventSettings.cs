using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Rowell.Grains.Events;

/// <summary>Knobs of the event relay, webhook delivery and email notifications (environment variables).</summary>
public sealed record EventSettings
{
    /// <summary>ROWELL_EVENT_POLL_MS: how often the relay looks for newly committed events.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>ROWELL_WEBHOOK_RETRY_SCHEDULE: delay before each attempt (the first is "immediately").</summary>
    public IReadOnlyList<TimeSpan> RetrySchedule { get; init; } = DefaultSchedule;

    public static readonly IReadOnlyList<TimeSpan> DefaultSchedule =
    [
        TimeSpan.Zero, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2),
        TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(14), TimeSpan.FromHours(20), TimeSpan.FromHours(24),
    ];

    /// <summary>ROWELL_WEBHOOKS_ALLOW_HTTP=true: http:// endpoints (development only).</summary>
    public bool AllowHttp { get; init; }

    /// <summary>ROWELL_WEBHOOKS_ALLOW_PRIVATE=true: loopback and private targets (development and tests only).</summary>
    public bool AllowPrivate { get; init; }

    /// <summary>ROWELL_WEBHOOK_TIMEOUT_MS: one attempt's whole budget (Standard Webhooks: 15–30 s).</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>ROWELL_WEBHOOK_SECRET_OVERLAP_MS: how long the previous secret keeps signing after a rotation.</summary>
    public TimeSpan SecretOverlap { get; init; } = TimeSpan.FromHours(24);

    /// <summary>ROWELL_WEBHOOK_DISABLE_AFTER_MS: an endpoint failing without any success this long is disabled.</summary>
    public TimeSpan DisableAfter { get; init; } = TimeSpan.FromDays(5);

    /// <summary>
    /// ROWELL_WEBHOOK_MAX_IN_FLIGHT: attempts one endpoint has open at once. Events of one resource still go one
    /// at a time, in event order; different resources share this many concurrent requests.
    /// </summary>
    public int MaxInFlight { get; init; } = 32;

    /// <summary>Upper bound on a Retry-After we honour.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>SMTP_URL: smtp://host:port or smtps://user:pass@host:465; unset → the outbox records "skipped".</summary>
    public string? SmtpUrl { get; init; }

    /// <summary>SMTP_FROM: the sender address of notifications.</summary>
    public string MailFrom { get; init; } = "Rowell <notifications@rowell.local>";

    public static EventSettings From(IConfiguration config) => new()
    {
        PollInterval = TimeSpan.FromMilliseconds(Int(config, "ROWELL_EVENT_POLL_MS", 100)),
        RetrySchedule = config["ROWELL_WEBHOOK_RETRY_SCHEDULE"] is { Length: > 0 } raw ? ParseSchedule(raw) : DefaultSchedule,
        AllowHttp = Flag(config, "ROWELL_WEBHOOKS_ALLOW_HTTP"),
        AllowPrivate = Flag(config, "ROWELL_WEBHOOKS_ALLOW_PRIVATE"),
        AttemptTimeout = TimeSpan.FromMilliseconds(Int(config, "ROWELL_WEBHOOK_TIMEOUT_MS", 15_000)),
        SecretOverlap = TimeSpan.FromMilliseconds(Long(config, "ROWELL_WEBHOOK_SECRET_OVERLAP_MS", (long)TimeSpan.FromHours(24).TotalMilliseconds)),
        DisableAfter = TimeSpan.FromMilliseconds(Long(config, "ROWELL_WEBHOOK_DISABLE_AFTER_MS", (long)TimeSpan.FromDays(5).TotalMilliseconds)),
        MaxInFlight = Math.Clamp(Int(config, "ROWELL_WEBHOOK_MAX_IN_FLIGHT", 32), 1, 256),
        SmtpUrl = string.IsNullOrWhiteSpace(config["SMTP_URL"]) ? null : config["SMTP_URL"],
        MailFrom = config["SMTP_FROM"] is { Length: > 0 } from ? from : "Rowell <notifications@rowell.local>",
    };

    /// <summary>"0s,1s,500ms,5m,2h": each item a whole number with unit ms, s, m or h.</summary>
    public static IReadOnlyList<TimeSpan> ParseSchedule(string raw)
    {
        var items = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            throw new InvalidOperationException("ROWELL_WEBHOOK_RETRY_SCHEDULE must list at least one delay.");
        }
        return items.Select(item =>
        {
            var (number, unit) = item.EndsWith("ms", StringComparison.Ordinal) ? (item[..^2], "ms") : (item[..^1], item[^1..]);
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                throw new InvalidOperationException($"ROWELL_WEBHOOK_RETRY_SCHEDULE: '{item}' is not a delay like 0s, 500ms, 5m or 2h.");
            }
            return unit switch
            {
                "ms" => TimeSpan.FromMilliseconds(n),
                "s" => TimeSpan.FromSeconds(n),
                "m" => TimeSpan.FromMinutes(n),
                "h" => TimeSpan.FromHours(n),
                _ => throw new InvalidOperationException($"ROWELL_WEBHOOK_RETRY_SCHEDULE: '{item}' has no unit (ms, s, m, h)."),
            };
        }).ToList();
    }

    private static bool Flag(IConfiguration config, string name) => string.Equals(config[name], "true", StringComparison.OrdinalIgnoreCase);

    private static int Int(IConfiguration config, string name, int fallback) => (int)Long(config, name, fallback);

    private static long Long(IConfiguration config, string name, long fallback)
    {
        var raw = config[name];
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }
        return long.TryParse(raw, out var value) && value >= 0 ? value : throw new InvalidOperationException($"{name} must be a whole number, not '{raw}'.");
    }
}
