namespace Rowell.Client.Models;

public sealed record VerifyIdRequest(string AccountId, string VerificationType, string FirstName, string LastName, string DateOfBirth,
    string DocumentType, string DocumentNumber, string DocumentCountry, string? Mrz = null);

public sealed record VerificationReason(string Code, string Message);

/// <summary>status verified|pending|rejected; risk_level low|medium|high.</summary>
public sealed record Verification(string Id, string Object, string AccountId, string VerificationType, string Status, int RiskScore, string RiskLevel,
    IReadOnlyList<VerificationReason> Reasons, IReadOnlyList<RiskFactor>? Factors, string? DocumentType, string? DocumentCountry,
    string? DocumentNumberMasked, System.Text.Json.JsonElement SanctionsMatch, string? FlagId, string? Environment, DateTimeOffset CreatedAt);

/// <summary>One reason a risk score is what it is: a code, its points, a human detail.</summary>
public sealed record RiskFactor(string Code, int Points, string? Detail);

public sealed record FlagTransactionRequest(string TransferId, string Reason, string? Severity = null);

/// <summary>status active|resolved|escalated|closed.</summary>
public sealed record Flag(string Id, string Object, string EntityType, string EntityId, string Reason, string? ReasonCode, string Severity, string Status,
    int RiskScore, string? RiskLevel, IReadOnlyList<RiskFactor>? Factors, System.Text.Json.JsonElement SanctionsMatch, string? Country,
    IReadOnlyList<FlagHistoryEntry>? History, string? Environment, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public sealed record FlagHistoryEntry(string Status, string? Actor, DateTimeOffset At, string? Notes);

public sealed record UpdateFlagStatusRequest(string Status, string? Notes = null);

public sealed record FlagFilter(string? Status = null, string? Severity = null)
{
    internal QueryString Apply(QueryString q) => q.With("status", Status).With("severity", Severity);
}
