using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Compliance;

/// <summary>Wire names of the compliance enums (plain strings on the wire and in storage).</summary>
public static class ComplianceNames
{
    public static readonly IReadOnlyList<string> VerificationTypes = ["individual", "business", "ngo"];
    public static readonly IReadOnlyList<string> DocumentTypes = ["passport", "national_id", "drivers_license", "bvn", "nin", "sa_id", "ghana_card"];
    public static readonly IReadOnlyList<string> VerificationStatuses = ["verified", "pending", "rejected"];
    public static readonly IReadOnlyList<string> RiskLevels = ["low", "medium", "high"];
    public static readonly IReadOnlyList<string> Severities = ["low", "medium", "high"];
    public static readonly IReadOnlyList<string> FlagStatuses = ["active", "resolved", "escalated", "closed"];
    /// <summary>What a reviewer may set (a flag starts active).</summary>
    public static readonly IReadOnlyList<string> ReviewStatuses = ["resolved", "escalated", "closed"];
    public static readonly IReadOnlyList<string> EntityTypes = ["transfer", "account"];
    public static readonly IReadOnlyList<string> FlagSorts = ["-created_at", "created_at", "-risk_score"];

    public const string FlagPrefix = "flg";
    public const string VerificationPrefix = "kyc";
}

[GenerateSerializer, Immutable, Alias("rowell.verify-id-command")]
public sealed record VerifyIdCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] string VerificationType,
    [property: Id(3)] string FirstName,
    [property: Id(4)] string LastName,
    [property: Id(5)] DateOnly DateOfBirth,
    [property: Id(6)] string DocumentType,
    [property: Id(7)] string DocumentNumber,
    [property: Id(8)] string DocumentCountry,
    [property: Id(9)] string? Mrz);

[GenerateSerializer, Immutable, Alias("rowell.compliance-reason")]
public sealed record ReasonView([property: Id(0)] string Code, [property: Id(1)] string Message);

[GenerateSerializer, Immutable, Alias("rowell.risk-factor")]
public sealed record RiskFactorView([property: Id(0)] string Code, [property: Id(1)] int Points, [property: Id(2)] string Detail);

/// <summary>The list entry a name came close to, and how close.</summary>
[GenerateSerializer, Immutable, Alias("rowell.sanctions-match")]
public sealed record SanctionsMatchView(
    [property: Id(0)] string ScreenedName,
    [property: Id(1)] string EntryId,
    [property: Id(2)] string ReferenceNumber,
    [property: Id(3)] string ListedName,
    [property: Id(4)] string MatchedName,
    [property: Id(5)] double Score,
    [property: Id(6)] bool? DateOfBirthAgrees,
    [property: Id(7)] bool? NationalityAgrees,
    [property: Id(8)] string ListSource);

[GenerateSerializer, Immutable, Alias("rowell.verification-view")]
public sealed record VerificationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] string AccountId,
    [property: Id(3)] LedgerEnvironment Environment,
    [property: Id(4)] string VerificationType,
    [property: Id(5)] string Status,
    [property: Id(6)] int RiskScore,
    [property: Id(7)] string RiskLevel,
    [property: Id(8)] IReadOnlyList<ReasonView> Reasons,
    [property: Id(9)] IReadOnlyList<RiskFactorView> Factors,
    [property: Id(10)] string DocumentType,
    [property: Id(11)] string DocumentCountry,
    [property: Id(12)] string DocumentNumberMasked,
    [property: Id(13)] SanctionsMatchView? SanctionsMatch,
    [property: Id(14)] string? FlagId,
    [property: Id(15)] DateTimeOffset CreatedAt);

[GenerateSerializer, Immutable, Alias("rowell.verification-filter")]
public sealed record VerificationFilter(
    [property: Id(0)] LedgerEnvironment? Environment = null,
    [property: Id(1)] string? AccountId = null,
    [property: Id(2)] string? Status = null,
    [property: Id(3)] string? DocumentType = null,
    [property: Id(4)] string? RiskLevel = null);

[GenerateSerializer, Immutable, Alias("rowell.flag-history")]
public sealed record FlagHistoryEntry(
    [property: Id(0)] string Status,
    [property: Id(1)] string Actor,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] string? Notes);

[GenerateSerializer, Immutable, Alias("rowell.flag-view")]
public sealed record FlagView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] LedgerEnvironment Environment,
    [property: Id(3)] string EntityType,
    [property: Id(4)] string EntityId,
    [property: Id(5)] string Reason,
    [property: Id(6)] string Severity,
    [property: Id(7)] string Status,
    [property: Id(8)] int RiskScore,
    [property: Id(9)] string RiskLevel,
    [property: Id(10)] IReadOnlyList<RiskFactorView> Factors,
    [property: Id(11)] SanctionsMatchView? SanctionsMatch,
    [property: Id(12)] string? Country,
    [property: Id(13)] IReadOnlyList<FlagHistoryEntry> History,
    [property: Id(14)] DateTimeOffset CreatedAt,
    [property: Id(15)] DateTimeOffset UpdatedAt,
    [property: Id(16)] string ReasonCode)
{
    /// <summary>Active and escalated flags still wait for a decision.</summary>
    public bool IsOpen => Status is "active" or "escalated";
}

[GenerateSerializer, Immutable, Alias("rowell.flag-filter")]
public sealed record FlagFilter(
    [property: Id(0)] LedgerEnvironment? Environment = null,
    [property: Id(1)] string? Status = null,
    [property: Id(2)] string? Severity = null,
    [property: Id(3)] string? EntityType = null,
    [property: Id(4)] string? EntityId = null,
    [property: Id(5)] string Sort = "-created_at",
    [property: Id(6)] string? ReasonCode = null);

/// <summary>A manual flag (POST /compliance/flag-transaction).</summary>
[GenerateSerializer, Immutable, Alias("rowell.flag-transaction-command")]
public sealed record FlagTransferCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string TransferId,
    [property: Id(2)] string Reason,
    [property: Id(3)] string? Severity,
    [property: Id(4)] string Actor);

/// <summary>A raised flag as the screening creates it (transfer holds, rejections, KYC matches).</summary>
[GenerateSerializer, Immutable, Alias("rowell.raise-flag-command")]
public sealed record RaiseFlagCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] LedgerEnvironment Environment,
    [property: Id(2)] string EntityType,
    [property: Id(3)] string EntityId,
    [property: Id(4)] string Reason,
    [property: Id(5)] string Severity,
    [property: Id(6)] int RiskScore,
    [property: Id(7)] IReadOnlyList<RiskFactorView> Factors,
    [property: Id(8)] SanctionsMatchView? SanctionsMatch,
    [property: Id(9)] string? Country,
    [property: Id(10)] string Actor,
    [property: Id(11)] string ReasonCode);

[GenerateSerializer, Immutable, Alias("rowell.flag-status-command")]
public sealed record UpdateFlagStatusCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string Status,
    [property: Id(2)] string? Notes,
    [property: Id(3)] string Actor);

[GenerateSerializer, Immutable, Alias("rowell.count-bucket")]
public sealed record CountBucket([property: Id(0)] string Key, [property: Id(1)] long Count);

[GenerateSerializer, Immutable, Alias("rowell.flag-analytics")]
public sealed record FlagAnalyticsView(
    [property: Id(0)] long Total,
    [property: Id(1)] long Open,
    [property: Id(2)] IReadOnlyList<CountBucket> ByStatus,
    [property: Id(3)] IReadOnlyList<CountBucket> BySeverity,
    [property: Id(4)] IReadOnlyList<CountBucket> ByReason,
    [property: Id(5)] IReadOnlyList<CountBucket> ByEntityType,
    [property: Id(6)] double? MedianHoursToDecision,
    [property: Id(7)] double AverageRiskScore);

/// <summary>One row of GET /compliance/reports: a period × country × risk level.</summary>
[GenerateSerializer, Immutable, Alias("rowell.compliance-report-row")]
public sealed record ComplianceReportRow(
    [property: Id(0)] DateOnly PeriodStart,
    [property: Id(1)] DateOnly PeriodEnd,
    [property: Id(2)] string Country,
    [property: Id(3)] string RiskLevel,
    [property: Id(4)] long Verifications,
    [property: Id(5)] long Verified,
    [property: Id(6)] long Pending,
    [property: Id(7)] long Rejected,
    [property: Id(8)] long FlagsRaised,
    [property: Id(9)] long FlagsResolved,
    [property: Id(10)] long FlagsClosed,
    [property: Id(11)] long FlagsOpen);

[GenerateSerializer, Immutable, Alias("rowell.compliance-report-query")]
public sealed record ComplianceReportQuery(
    [property: Id(0)] LedgerEnvironment Environment,
    [property: Id(1)] string Period,
    [property: Id(2)] DateOnly Start,
    [property: Id(3)] DateOnly End,
    [property: Id(4)] string? Country,
    [property: Id(5)] string? RiskLevel);
