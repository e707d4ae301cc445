using Rowell.Abstractions.Developers;

namespace Rowell.Api.RateLimiting;

/// <summary>
/// API-side knobs of the developer platform, read from the environment:
/// REDIS_URL (host:port, a StackExchange.Redis configuration string, or redis[s]://[user:pass@]host:port[/db]);
/// ROWELL_RATE_LIMIT=on|off; ROWELL_RATE_LIMIT_FREE / _PRO / _ENTERPRISE (requests per window, default 100 / 1000 / 10000);
/// ROWELL_RATE_LIMIT_WINDOW_SECONDS (60); ROWELL_RATE_LIMIT_LEASE=on|off (on: large limits lease permits, see
/// RedisRateLimiter; off: every request is one Redis round trip); ROWELL_USAGE_FLUSH_SECONDS (10); ADMIN_TOKEN (enables /admin).
/// </summary>
public sealed record RateLimitSettings
{
    public bool Enabled { get; init; } = true;
    public string? RedisConfiguration { get; init; }
    public int Free { get; init; } = 100;
    public int Pro { get; init; } = 1000;
    public int Enterprise { get; init; } = 10_000;
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(1);
    public bool Leasing { get; init; } = true;

    /// <summary>How long leased permits may be handed out before the rest are dropped: short, so that unused
    /// permits are few and their place in the window is close to when they would have been used.</summary>
    public TimeSpan LeaseLifetime { get; init; } = TimeSpan.FromSeconds(1);
    public TimeSpan UsageFlushInterval { get; init; } = TimeSpan.FromSeconds(10);
    public string? AdminToken { get; init; }

    public int LimitFor(ApiKeyPrincipal principal) => principal.CustomRateLimit ?? principal.Tier switch
    {
        Tiers.Pro => Pro,
        Tiers.Enterprise => Enterprise,
        _ => Free,
    };

    public static RateLimitSettings From(IConfiguration config)
    {
        var redis = config["REDIS_URL"];
        return new RateLimitSettings
        {
            Enabled = On(config, "ROWELL_RATE_LIMIT"),
            RedisConfiguration = string.IsNullOrWhiteSpace(redis) ? null : RedisUrl.ToConfiguration(redis.Trim()),
            Free = Positive(config, "ROWELL_RATE_LIMIT_FREE", 100),
            Pro = Positive(config, "ROWELL_RATE_LIMIT_PRO", 1000),
            Enterprise = Positive(config, "ROWELL_RATE_LIMIT_ENTERPRISE", 10_000),
            Window = TimeSpan.FromSeconds(Positive(config, "ROWELL_RATE_LIMIT_WINDOW_SECONDS", 60)),
            Leasing = On(config, "ROWELL_RATE_LIMIT_LEASE"),
            UsageFlushInterval = TimeSpan.FromSeconds(Positive(config, "ROWELL_USAGE_FLUSH_SECONDS", 10)),
            AdminToken = string.IsNullOrWhiteSpace(config["ADMIN_TOKEN"]) ? null : config["ADMIN_TOKEN"],
        };
    }

    /// <summary>An on|off switch that defaults to on; anything else is a start-up error, not a silent default.</summary>
    private static bool On(IConfiguration config, string name)
    {
        var value = (config[name] ?? "on").Trim().ToLowerInvariant();
        return value switch
        {
            "on" or "" => true,
            "off" => false,
            _ => throw new InvalidOperationException($"{name} must be 'on' or 'off', not '{value}'."),
        };
    }

    private static int Positive(IConfiguration config, string name, int fallback)
    {
        var raw = config[name];
        if (string.IsNullOrWhiteSpace(raw))
        {
            return fallback;
        }
        return int.TryParse(raw, out var v) && v > 0 ? v : throw new InvalidOperationException($"{name} must be a positive whole number, not '{raw}'.");
    }
}

/// <summary>REDIS_URL in the forms deployments use, turned into a StackExchange.Redis configuration string.</summary>
public static class RedisUrl
{
    public static string ToConfiguration(string value)
    {
        if (!value.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase))
        {
            return value; // host:port or a configuration string already
        }
        var uri = new Uri(value);
        var parts = new List<string> { $"{uri.Host}:{(uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port)}" };
        if (uri.UserInfo.Length > 0)
        {
            var userInfo = uri.UserInfo.Split(':', 2);
            if (userInfo.Length == 2)
            {
                if (userInfo[0].Length > 0)
                {
                    parts.Add("user=" + Uri.UnescapeDataString(userInfo[0]));
                }
                parts.Add("password=" + Uri.UnescapeDataString(userInfo[1]));
            }
            else
            {
                parts.Add("password=" + Uri.UnescapeDataString(userInfo[0]));
            }
        }
        if (int.TryParse(uri.AbsolutePath.Trim('/'), out var db))
        {
            parts.Add("defaultDatabase=" + db);
        }
        if (uri.Scheme.Equals("rediss", StringComparison.OrdinalIgnoreCase))
        {
            parts.Add("ssl=true");
        }
        return string.Join(',', parts);
    }
}
