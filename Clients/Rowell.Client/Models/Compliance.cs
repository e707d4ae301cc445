namespace Rowell.Client.Models;

public sealed record VerifyIdRequest(string AccountId, string VerificationType, string FirstName, string LastName, string DateOfBirth,
    string DocumentType, string DocumentNumber, string DocumentCountry, string? Mrz = null);

public sealed record VerificationReason(string Code, string Message);

/// <summary>status verified|pending|rejected; risk_level low|medium|high.</summary>
public sealed record Verification(string Id, string Object, string AccountId, string Status, int RiskScore, string RiskLevel,
    IReadOnlyList<VerificationReason> Reasons, string? DocumentNumberMasked, DateTimeOffset CreatedAt);

public sealed record FlagTransactionRequest(string TransferId, string Reason, string? Severity = null);

/// <summary>status active|resolved|escalated|closed.</summary>
public sealed record Flag(string Id, string Object, string EntityType, string EntityId, string Reason, string Severity, string Status,
    int RiskScore, IReadOnlyList<string>? Factors, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, IReadOnlyList<FlagHistoryEntry>? History);

public sealed record FlagHistoryEntry(string Status, string? Actor, DateTimeOffset At, string? Notes);

public sealed record UpdateFlagStatusRequest(string Status, string? Notes = null);

public sealed record FlagFilter(string? Status = null, string? Severity = null)
{
    internal QueryString Apply(QueryString q) => q.With("status", Status).With("severity", Severity);
}
