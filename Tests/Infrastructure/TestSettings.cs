using Rowell.Abstractions.Common;
using Rowell.Grains.Compliance;
using Rowell.Grains.Hosting;

namespace Rowell.Tests.Infrastructure;

public static class TestSettings
{
    /// <summary>64 hex digits (256 bits), as `openssl rand -hex 32` makes them: silos refuse weaker keys.</summary>
    public const string SecretKey = "9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8";

    /// <summary>
    /// Transfer and ledger tests move more than an unverified account may send in a day, from brand-new accounts at a
    /// rate that scores as high risk: they run with the daily limit and the risk hold out of the way. The compliance
    /// tests (Tests/Compliance) use the production defaults, <c>new ComplianceSettings()</c>.
    /// </summary>
    public static readonly ComplianceSettings LedgerMechanicsOnly = new() { UnverifiedDailyLimitUsd = 1_000_000_000_000_000m, HoldRiskFrom = 101 };

    public static RowellSettings Embedded() => new()
    {
        IsCluster = false,
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        SecretKey = SecretKey,
        Countries = CountryCatalog.Default,
        SandboxSettlementDelay = TimeSpan.FromMilliseconds(100),
        Compliance = LedgerMechanicsOnly,
    };

    public static RowellSettings Cluster(string connectionString, string clusterId = "test") => new()
    {
        IsCluster = true,
        DatabaseConnectionString = connectionString,
        ClusterId = clusterId,
        ServiceId = "rowell-test",
        SiloPort = FreePort.Next(),
        GatewayPort = FreePort.Next(),
        SecretKey = SecretKey,
        Countries = CountryCatalog.Default,
        SandboxSettlementDelay = TimeSpan.FromMilliseconds(100),
        Compliance = LedgerMechanicsOnly,
    };

    /// <summary>Settings as environment-style keys, for WebApplicationFactory.UseSetting.</summary>
    public static IEnumerable<KeyValuePair<string, string>> AsConfiguration(RowellSettings s)
    {
        yield return new("ROWELL_CLUSTER", s.IsCluster ? "postgres" : "embedded");
        if (s.DatabaseConnectionString is not null)
        {
            yield return new("DATABASE_URL", s.DatabaseConnectionString);
        }
        yield return new("ROWELL_CLUSTER_ID", s.ClusterId);
        yield return new("ROWELL_SERVICE_ID", s.ServiceId);
        yield return new("ROWELL_SILO_PORT", s.SiloPort.ToString());
        yield return new("ROWELL_GATEWAY_PORT", s.GatewayPort.ToString());
        yield return new("SECRET_KEY", s.SecretKey);
        yield return new("ROWELL_SANDBOX_SETTLEMENT_MS", ((int)s.SandboxSettlementDelay.TotalMilliseconds).ToString());
        yield return new("ROWELL_COMPLIANCE_UNVERIFIED_DAILY_LIMIT_USD", s.Compliance.UnverifiedDailyLimitUsd.ToString(System.Globalization.CultureInfo.InvariantCulture));
        yield return new("ROWELL_COMPLIANCE_HOLD_RISK_FROM", s.Compliance.HoldRiskFrom.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
