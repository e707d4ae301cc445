namespace Rowell.Client.Models;

public sealed record TransferCompliance(string Status, int RiskScore);

/// <summary>status pending → compliance_review? → submitted → completed | failed | rejected.</summary>
public sealed record Transfer(string Id, string Object, string Status, string FromAccount, string? ToAccount, string ToAddress,
    string AssetCode, string Amount, string Fee, string FeeAsset, string Network, string Environment, string? TransactionHash,
    string? FromCountry, string? ToCountry, TransferCompliance Compliance, string? Memo, IReadOnlyDictionary<string, string>? Metadata,
    string? FailureCode, string? FailureMessage, bool Retryable, int Attempt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    public bool IsFinal => TransferStatuses.IsFinal(Status);
}

public static class TransferStatuses
{
    public const string Pending = "pending";
    public const string ComplianceReview = "compliance_review";
    public const string Submitted = "submitted";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Rejected = "rejected";

    public static bool IsFinal(string status) => status is Completed or Failed or Rejected;
}

public sealed record TransferStatus(string Id, string Status, string? TransactionHash, string? FailureCode, DateTimeOffset UpdatedAt);

/// <summary>One step of a transfer's timeline.</summary>
public sealed record TransferEvent(string Id, string Type, string Status, DateTimeOffset CreatedAt, string? Detail);

/// <summary>to_account is an acc_ id or an external ledger address; amount a decimal string.</summary>
public sealed record CreateTransferRequest(string FromAccount, string ToAccount, string AssetCode, string Amount, string? Memo = null,
    IReadOnlyDictionary<string, string>? Metadata = null, string? FromCountry = null, string? ToCountry = null);

public sealed record TransferFilter(string? Status = null, string? AssetCode = null, string? Network = null,
    string? FromCountry = null, string? ToCountry = null, string? Account = null)
{
    internal QueryString Apply(QueryString q) => q.With("status", Status).With("asset_code", AssetCode).With("network", Network)
        .With("from_country", FromCountry).With("to_country", ToCountry).With("account", Account);
}

/// <summary>The ledger side of a transfer.</summary>
public sealed record Transaction(string Hash, string Object, string Network, string Environment, string Status, string? TransferId,
    string FromAddress, string ToAddress, string AssetCode, string Amount, string Fee, string FeeAsset, string? FromCountry,
    string? ToCountry, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt);
