using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

namespace Rowell.Api.Endpoints;

public sealed record ComplianceResponse(string Status, int RiskScore);

public sealed record TransferResponse(
    string Id, string Object, string Status, string FromAccount, string? ToAccount, string ToAddress, string AssetCode,
    string Amount, string Fee, string FeeAsset, string Network, string Environment, string? TransactionHash,
    string? FromCountry, string? ToCountry, ComplianceResponse Compliance, string? Memo, IReadOnlyDictionary<string, string> Metadata,
    string? FailureCode, string? FailureMessage, bool Retryable, int Attempt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    public static TransferResponse From(TransferView t) => new(
        t.Id, "transfer", t.Status.Wire(), t.FromAccount, t.ToAccount, t.ToAddress, t.AssetCode,
        Money.Format(t.Amount, t.Decimals), Money.Format(t.Fee, t.FeeDecimals), t.FeeAsset, t.Network.Wire(), t.Environment.Wire(),
        t.TransactionHash, t.FromCountry, t.ToCountry, new ComplianceResponse(t.Compliance.Status, t.Compliance.RiskScore), t.Memo, t.Metadata,
        t.FailureCode, t.FailureMessage, t.Retryable, t.Attempt, t.CreatedAt, t.UpdatedAt, t.CompletedAt);
}

public sealed record TransferStatusResponse(string Id, string Status, string? TransactionHash, string? FailureCode, DateTimeOffset UpdatedAt);

public sealed record TransferEventResponse(string Id, string Type, string Status, DateTimeOffset CreatedAt, string? Detail)
{
    public static TransferEventResponse From(TransferEventView e) => new(e.Id, e.Type, e.Status.Wire(), e.At, e.Detail);
}

/// <summary>A ledger transaction as Rowell knows it: the on-chain side of a transfer.</summary>
public sealed record TransactionResponse(
    string Hash, string Object, string Network, string Environment, string Status, string TransferId, string FromAddress, string ToAddress,
    string AssetCode, string Amount, string Fee, string FeeAsset, string? FromCountry, string? ToCountry, DateTimeOffset CreatedAt, DateTimeOffset? SettledAt)
{
    public static TransactionResponse From(TransferView t) => new(
        t.TransactionHash!, "transaction", t.Network.Wire(), t.Environment.Wire(),
        t.Status switch { TransferStatus.Completed => "success", TransferStatus.Failed => "failed", _ => "pending" },
        t.Id, t.FromAddress, t.ToAddress, t.AssetCode, Money.Format(t.Amount, t.Decimals), Money.Format(t.Fee, t.FeeDecimals), t.FeeAsset,
        t.FromCountry, t.ToCountry, t.CreatedAt, t.CompletedAt);
}

public sealed record CreateTransferRequest(string FromAccount, string ToAccount, string AssetCode, string Amount, string? Memo,
    IReadOnlyDictionary<string, string>? Metadata, string? FromCountry, string? ToCountry);
