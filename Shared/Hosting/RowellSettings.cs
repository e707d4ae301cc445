using Microsoft.Extensions.Configuration;
using Npgsql;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Hosting;

/// <summary>
/// Every knob Rowell reads, from environment variables (or any IConfiguration source with the
/// same names). One place, so the Silo, the API and the tests agree on names and defaults.
/// </summary>
public sealed record RowellSettings
{
    /// <summary>ROWELL_CLUSTER=postgres → Postgres clustering, storage and reminders; else embedded, in memory.</summary>
    public bool IsCluster { get; init; }
    public string? DatabaseConnectionString { get; init; }
    public string ClusterId { get; init; } = "rowell";
    /// <summary>Keys all stored grain state: must never change for a deployment.</summary>
    public string ServiceId { get; init; } = "rowell";
    public int SiloPort { get; init; } = 11111;
    public int GatewayPort { get; init; } = 30000;
    public string AdvertisedAddress { get; init; } = "127.0.0.1";
    /// <summary>
    /// SECRET_KEY: what silos seal wallet keys (and other sealed columns) with. Only silos use it, so an API process
    /// in cluster mode runs without it (empty); <see cref="SecretKeyPolicy"/> is enforced where a silo starts.
    /// </summary>
    public string SecretKey { get; init; } = "";
    /// <summary>SECRET_KEY_PREVIOUS: during a key rotation, the old key, still accepted to open seals (never to make them).</summary>
    public string? PreviousSecretKey { get; init; }
    /// <summary>True when SECRET_KEY was not set and a random one was made (embedded only).</summary>
    public bool SecretKeyIsEphemeral { get; init; }
    /// <summary>ADMIN_TOKEN: operators' bearer token; on silos it also turns the Orleans dashboard on (see OperatorDashboard).</summary>
    public string? AdminToken { get; init; }
    public CountryCatalog Countries { get; init; } = CountryCatalog.Default;
    public string Ledger { get; init; } = "sandbox";
    public Rowell.Grains.Ledgers.LedgerSettings Ledgers { get; init; } = new();
    public TimeSpan SandboxSettlementDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public double SandboxFailureRate { get; init; }
    public TimeSpan? MinimumReminderPeriod { get; init; }

    /// <summary>
    /// Period of the durable "wake me after a crash" reminders (transfer sweeper, sandbox simulations): a minute,
    /// or less when ROWELL_MIN_REMINDER_MS allows it (tests and single-machine stacks).
    /// </summary>
    public TimeSpan SafetyReminderPeriod => MinimumReminderPeriod is { } p && p < TimeSpan.FromMinutes(1) ? p : TimeSpan.FromMinutes(1);
    /// <summary>
    /// ROWELL_FAST_FAILOVER=true: declare a silent silo dead in a few seconds instead of Orleans'
    /// production defaults (tens of seconds). For tests and single-machine stacks, where a missed
    /// probe really means a dead process.
    /// </summary>
    public bool FastFailover { get; init; }
    public string? ComplianceReviewAbove { get; init; }
    public string? ComplianceBlocked { get; init; }
    /// <summary>KYC limits, the sanctions list and risk inputs (Grains/Compliance/ComplianceSettings.cs).</summary>
    public Rowell.Grains.Compliance.ComplianceSettings Compliance { get; init; } = new();
    /// <summary>How often the sweeper looks for transfers that stopped moving.</summary>
    public TimeSpan TransferSweepInterval { get; init; } = TimeSpan.FromSeconds(15);
    /// <summary>An unfinished transfer untouched this long is resumed by the sweeper.</summary>
    public TimeSpan TransferStuckAfter { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>ROWELL_METRICS_PORT: where a silo serves /metrics (0 = an ephemeral loopback port, logged at start).</summary>
    public int MetricsPort { get; init; }
    /// <summary>ROWELL_METRICS_HOST: the address that listener binds (containers need 0.0.0.0).</summary>
    public string MetricsHost { get; init; } = "127.0.0.1";
    /// <summary>Event relay, webhooks and email notifications.</summary>
    public Rowell.Grains.Events.EventSettings Events { get; init; } = new();

    public static RowellSettings From(IConfiguration config)
    {
        var cluster = config["ROWELL_CLUSTER"];
        var isCluster = cluster is not null && cluster.Equals("postgres", StringComparison.OrdinalIgnoreCase);
        if (cluster is not null && !isCluster && !cluster.Equals("embedded", StringComparison.OrdinalIgnoreCase) && cluster.Length > 0)
        {
            throw new InvalidOperationException($"ROWELL_CLUSTER must be 'postgres' or 'embedded', not '{cluster}'.");
        }
        var databaseUrl = config["DATABASE_URL"];
        if (isCluster && string.IsNullOrWhiteSpace(databaseUrl))
        {
            throw new InvalidOperationException("ROWELL_CLUSTER=postgres needs DATABASE_URL (postgresql://user:pass@host:port/db or an Npgsql connection string).");
        }
        var secret = config["SECRET_KEY"];
        // Embedded mode without a key seals with a random one (nothing outlives the process anyway). In cluster
        // mode a missing key stays empty here: the API does not need one, and a silo refuses to start without it.
        var ephemeral = string.IsNullOrEmpty(secret) && !isCluster;
        var ledger = (config["ROWELL_LEDGER"] ?? "sandbox").ToLowerInvariant();
        if (ledger is not ("sandbox" or "testnet"))
        {
            throw new InvalidOperationException($"ROWELL_LEDGER must be 'sandbox' or 'testnet', not '{ledger}'.");
        }
        return new RowellSettings
        {
            IsCluster = isCluster,
            DatabaseConnectionString = string.IsNullOrWhiteSpace(databaseUrl) ? null : DatabaseUrl.ToConnectionString(databaseUrl),
            ClusterId = config["ROWELL_CLUSTER_ID"] ?? "rowell",
            ServiceId = config["ROWELL_SERVICE_ID"] ?? "rowell",
            SiloPort = Int(config, "ROWELL_SILO_PORT", 11111),
            GatewayPort = Int(config, "ROWELL_GATEWAY_PORT", 30000),
            AdvertisedAddress = config["ROWELL_SILO_ADDRESS"] ?? "127.0.0.1",
            SecretKey = ephemeral ? RowellIds.RandomToken(43) : secret ?? "",
            PreviousSecretKey = string.IsNullOrWhiteSpace(config["SECRET_KEY_PREVIOUS"]) ? null : config["SECRET_KEY_PREVIOUS"],
            SecretKeyIsEphemeral = ephemeral,
            AdminToken = string.IsNullOrWhiteSpace(config["ADMIN_TOKEN"]) ? null : config["ADMIN_TOKEN"],
            Countries = CountryCatalog.FromSetting(config["ROWELL_COUNTRIES"]),
            Ledger = ledger,
            Ledgers = Rowell.Grains.Ledgers.LedgerSettings.From(config),
            SandboxSettlementDelay = TimeSpan.FromMilliseconds(Int(config, "ROWELL_SANDBOX_SETTLEMENT_MS", 500)),
            SandboxFailureRate = double.TryParse(config["ROWELL_SANDBOX_FAILURE_RATE"], System.Globalization.CultureInfo.InvariantCulture, out var rate) ? rate : 0,
            ComplianceReviewAbove = config["ROWELL_COMPLIANCE_REVIEW_ABOVE"],
            ComplianceBlocked = config["ROWELL_COMPLIANCE_BLOCKED"],
            Compliance = Rowell.Grains.Compliance.ComplianceSettings.From(config),
            FastFailover = string.Equals(config["ROWELL_FAST_FAILOVER"], "true", StringComparison.OrdinalIgnoreCase),
            TransferSweepInterval = TimeSpan.FromMilliseconds(Int(config, "ROWELL_TRANSFER_SWEEP_MS", 15_000)),
            TransferStuckAfter = TimeSpan.FromMilliseconds(Int(config, "ROWELL_TRANSFER_STUCK_MS", 30_000)),
            MinimumReminderPeriod = int.TryParse(config["ROWELL_MIN_REMINDER_MS"], out var ms) ? TimeSpan.FromMilliseconds(ms) : null,
            MetricsPort = Int(config, "ROWELL_METRICS_PORT", 0),
            MetricsHost = config["ROWELL_METRICS_HOST"] ?? "127.0.0.1",
            Events = Rowell.Grains.Events.EventSettings.From(config),
        };
    }

    private static int Int(IConfiguration config, string name, int fallback)
    {
        var raw = config[name];
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }
        return int.TryParse(raw, out var value) ? value : throw new InvalidOperationException($"{name} must be a whole number, not '{raw}'.");
    }
}

/// <summary>Accepts the postgresql:// URL form as well as a plain Npgsql connection string.</summary>
public static class DatabaseUrl
{
    public static string ToConnectionString(string value)
    {
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }
        var uri = new Uri(value);
        var userInfo = uri.UserInfo.Split(':', 2);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
            Username = userInfo.Length > 0 ? Uri.UnescapeDataString(userInfo[0]) : null,
            Password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : null,
        };
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            var key = Uri.UnescapeDataString(kv[0]);
            var val = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : "";
            // libpq spells it sslmode; Npgsql accepts "SSL Mode".
            builder[key.Equals("sslmode", StringComparison.OrdinalIgnoreCase) ? "SSL Mode" : key] = val;
        }
        return builder.ConnectionString;
    }
}
