using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

namespace Rowell.Grains.Transfers;

/// <summary>
/// Everything a transfer is. Stored as JSON in rowell_transfers.state by <see cref="ITransferStore"/>
/// (not by Orleans grain storage), so state, read model and events commit in one transaction.
/// </summary>
public sealed class TransferState
{
    public string Id { get; set; } = "";
    public string DeveloperId { get; set; } = "";
    public TransferStatus Status { get; set; }
    public string FromAccountId { get; set; } = "";
    public string FromWalletId { get; set; } = "";
    public string FromAddress { get; set; } = "";
    public string? ToAccountId { get; set; }
    public string ToAddress { get; set; } = "";
    public Network Network { get; set; }
    public LedgerEnvironment Environment { get; set; }
    public string AssetCode { get; set; } = "";
    public int Decimals { get; set; }
    public long AmountMinor { get; set; }
    public string FeeAsset { get; set; } = "";
    public int FeeDecimals { get; set; }
    public long FeeMinor { get; set; }
    public string? Memo { get; set; }
    public Dictionary<string, string> Metadata { get; set; } = new();
    public string? FromCountry { get; set; }
    public string? ToCountry { get; set; }
    public string ComplianceStatus { get; set; } = "pending";
    public int RiskScore { get; set; }
    public string? TxHash { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public bool Retryable { get; set; }
    /// <summary>Submission attempt; the ledger payment id is "{Id}:{Attempt}", so a retry is a new payment and a resume is the same one.</summary>
    public int Attempt { get; set; } = 1;
    /// <summary>Hash of the creating command: a repeat with the same command is a no-op, a different one a conflict.</summary>
    public string CommandFingerprint { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public List<TransferEventView> Timeline { get; set; } = new();

    public string PaymentId => $"{Id}:{Attempt}";

    /// <summary>Nothing more will happen without a caller (retry) — the sweep can ignore it.</summary>
    public bool IsFinished => Status.IsFinal();

    /// <summary>Waiting for nobody but us: the sweeper drives these. Final ones and those in review (waiting for a person) are left alone.</summary>
    public bool NeedsDriving => !IsFinished && Status != TransferStatus.ComplianceReview;

    public TransferView ToView() => new(
        Id, DeveloperId, Status, FromAccountId, ToAccountId, FromAddress, ToAddress, Network, Environment, AssetCode,
        Money.FromMinor(AmountMinor, Decimals), Money.FromMinor(FeeMinor, FeeDecimals), FeeAsset, Decimals, FeeDecimals,
        TxHash, FromCountry, ToCountry, new ComplianceView(ComplianceStatus, RiskScore), Memo, Metadata,
        FailureCode, FailureMessage, Retryable, Attempt, CreatedAt, UpdatedAt, CompletedAt);
}
