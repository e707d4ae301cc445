using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Transfers;

[GenerateSerializer, Alias("rowell.transfer-status")]
public enum TransferStatus { Pending = 0, ComplianceReview = 1, Submitted = 2, Completed = 3, Failed = 4, Rejected = 5 }

public static class TransferStatusNames
{
    public static string Wire(this TransferStatus s) => s switch
    {
        TransferStatus.Pending => "pending",
        TransferStatus.ComplianceReview => "compliance_review",
        TransferStatus.Submitted => "submitted",
        TransferStatus.Completed => "completed",
        TransferStatus.Failed => "failed",
        _ => "rejected",
    };

    public static bool TryParse(string? wire, out TransferStatus status)
    {
        foreach (var s in Enum.GetValues<TransferStatus>())
        {
            if (s.Wire() == wire)
            {
                status = s;
                return true;
            }
        }
        status = default;
        return false;
    }

    public static string[] Names => Enum.GetValues<TransferStatus>().Select(s => s.Wire()).ToArray();

    public static bool IsFinal(this TransferStatus s) => s is TransferStatus.Completed or TransferStatus.Failed or TransferStatus.Rejected;
}

[GenerateSerializer, Immutable, Alias("rowell.create-transfer")]
public sealed record CreateTransferCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string FromAccountId,
    [property: Id(2)] string ToAccount,
    [property: Id(3)] string AssetCode,
    [property: Id(4)] decimal Amount,
    [property: Id(5)] string? Memo,
    [property: Id(6)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(7)] string? FromCountry,
    [property: Id(8)] string? ToCountry);

[GenerateSerializer, Immutable, Alias("rowell.compliance-result")]
public sealed record ComplianceView(
    [property: Id(0)] string Status,
    [property: Id(1)] int RiskScore);

[GenerateSerializer, Immutable, Alias("rowell.transfer-view")]
public sealed record TransferView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] TransferStatus Status,
    [property: Id(3)] string FromAccount,
    [property: Id(4)] string? ToAccount,
    [property: Id(5)] string FromAddress,
    [property: Id(6)] string ToAddress,
    [property: Id(7)] Network Network,
    [property: Id(8)] LedgerEnvironment Environment,
    [property: Id(9)] string AssetCode,
    [property: Id(10)] decimal Amount,
    [property: Id(11)] decimal Fee,
    [property: Id(12)] string FeeAsset,
    [property: Id(13)] int Decimals,
    [property: Id(14)] int FeeDecimals,
    [property: Id(15)] string? TransactionHash,
    [property: Id(16)] string? FromCountry,
    [property: Id(17)] string? ToCountry,
    [property: Id(18)] ComplianceView Compliance,
    [property: Id(19)] string? Memo,
    [property: Id(20)] IReadOnlyDictionary<string, string> Metadata,
    [property: Id(21)] string? FailureCode,
    [property: Id(22)] string? FailureMessage,
    [property: Id(23)] bool Retryable,
    [property: Id(24)] int Attempt,
    [property: Id(25)] DateTimeOffset CreatedAt,
    [property: Id(26)] DateTimeOffset UpdatedAt,
    [property: Id(27)] DateTimeOffset? CompletedAt);

[GenerateSerializer, Immutable, Alias("rowell.transfer-event")]
public sealed record TransferEventView(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] TransferStatus Status,
    [property: Id(3)] DateTimeOffset At,
    [property: Id(4)] string? Detail);

/// <summary>
/// Transfer list filters. <see cref="CreatedBefore"/> and <see cref="CreatedAtOrAfter"/> serve the merged
/// transaction list (transfers and deposits). With <see cref="NearestLowerBound"/> and no cursor, the page is
/// the Limit matches nearest the lower bound (the oldest ones), still newest first — the merged list's
/// backward page needs the transfers just newer than a deposit, not the newest transfers.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.transfer-filter")]
public sealed record TransferFilter(
    [property: Id(0)] TransferStatus? Status = null,
    [property: Id(1)] string? AssetCode = null,
    [property: Id(2)] Network? Network = null,
    [property: Id(3)] string? FromCountry = null,
    [property: Id(4)] string? ToCountry = null,
    [property: Id(5)] string? Account = null,
    [property: Id(6)] string? TransactionHash = null,
    [property: Id(7)] bool OnlyOnLedger = false,
    [property: Id(8)] LedgerEnvironment? Environment = null,
    [property: Id(9)] DateTimeOffset? CreatedBefore = null,
    [property: Id(10)] DateTimeOffset? CreatedAtOrAfter = null,
    [property: Id(11)] bool NearestLowerBound = false);
