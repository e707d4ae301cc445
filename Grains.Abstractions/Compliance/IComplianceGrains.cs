using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Compliance;

/// <summary>One identity verification (key: kyc_…). Verify is idempotent for the same command.</summary>
[Alias("rowell.IVerificationGrain")]
public interface IVerificationGrain : IGrainWithStringKey
{
    [Alias("verify")]
    Task<VerificationView> Verify(VerifyIdCommand command, CancellationToken cancellationToken = default);

    /// <summary>The verification if it belongs to <paramref name="developerId"/>, else null.</summary>
    [Alias("get")]
    Task<VerificationView?> Get(string developerId);
}

/// <summary>One compliance flag (key: flg_…) with its append-only history. Status changes are serialised here.</summary>
[Alias("rowell.IFlagGrain")]
public interface IFlagGrain : IGrainWithStringKey
{
    /// <summary>A reviewer flags a transfer by hand; 404 when the transfer is not the developer's.</summary>
    [Alias("flag-transfer")]
    Task<FlagView> FlagTransfer(FlagTransferCommand command, CancellationToken cancellationToken = default);

    /// <summary>Screening raises a flag. Idempotent: raising the same id again returns the stored flag.</summary>
    [Alias("raise"), Orleans.Concurrency.AlwaysInterleave]
    Task<FlagView> Raise(RaiseFlagCommand command, CancellationToken cancellationToken = default);

    [Alias("get")]
    Task<FlagView?> Get(string developerId);

    /// <summary>resolved releases a held transfer, closed rejects it, escalated keeps it held; each change is a history entry.</summary>
    [Alias("update-status")]
    Task<FlagView> UpdateStatus(UpdateFlagStatusCommand command, CancellationToken cancellationToken = default);
}

/// <summary>Read-model queries for verifications, flags, analytics and reports (stateless worker).</summary>
[Alias("rowell.IComplianceQueryGrain")]
public interface IComplianceQueryGrain : IGrainWithIntegerKey
{
    [Alias("verifications")]
    Task<Page<VerificationView>> Verifications(string developerId, VerificationFilter filter, PageRequest page, CancellationToken cancellationToken = default);

    [Alias("flags")]
    Task<Page<FlagView>> Flags(string developerId, FlagFilter filter, PageRequest page, CancellationToken cancellationToken = default);

    [Alias("flag-analytics")]
    Task<FlagAnalyticsView> FlagAnalytics(string developerId, LedgerEnvironment environment, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken = default);

    [Alias("reports")]
    Task<IReadOnlyList<ComplianceReportRow>> Reports(string developerId, ComplianceReportQuery query, CancellationToken cancellationToken = default);
}

/// <summary>
/// The transfer grain's review side (the same grain as ITransferGrain, key tr_…): what a decided flag does to a
/// transfer held in compliance_review. Both are idempotent: a transfer no longer in review is left as it is.
/// </summary>
[Alias("rowell.ITransferReviewGrain")]
public interface ITransferReviewGrain : IGrainWithStringKey
{
    /// <summary>Approves a held transfer: it proceeds to the ledger (paid once: same payment id). Returns the status after.</summary>
    [Alias("release")]
    Task<Transfers.TransferView?> ReleaseFromReview(string developerId, string flagId, string actor, CancellationToken cancellationToken = default);

    /// <summary>Rejects a held transfer: final, nothing moved.</summary>
    [Alias("reject")]
    Task<Transfers.TransferView?> RejectFromReview(string developerId, string flagId, string actor, string? notes, CancellationToken cancellationToken = default);
}

/// <summary>
/// The compliance view of one account (key: acc_…): the identity of its latest verification (for screening its transfers)
/// and its sender wallet's recent transfers (velocity and the daily limit), serialised so two concurrent transfers
/// cannot both slip under a limit.
/// </summary>
[Alias("rowell.IAccountComplianceGrain")]
public interface IAccountComplianceGrain : IGrainWithStringKey
{
    /// <summary>The account holder's latest identity screened against the list in force (cached per list).</summary>
    [Alias("screen-identity")]
    Task<IdentityScreening> ScreenIdentity(CancellationToken cancellationToken = default);

    [Alias("set-identity")]
    Task SetIdentity(ScreeningIdentity identity, CancellationToken cancellationToken = default);

    /// <summary>
    /// The sender wallet's window before this transfer and the holder's screening; from now on this transfer counts
    /// in the window (call <see cref="Forget"/> when it is not sent).
    /// </summary>
    [Alias("reserve")]
    Task<Reservation> Reserve(VelocityReservation reservation, CancellationToken cancellationToken = default);

    [Alias("forget")]
    Task Forget(string transferId);
}

[GenerateSerializer, Immutable, Alias("rowell.identity-screening")]
public sealed record IdentityScreening(
    [property: Id(0)] bool HasIdentity,
    [property: Id(1)] double Score,
    [property: Id(2)] SanctionsMatchView? Match);

[GenerateSerializer, Immutable, Alias("rowell.velocity-result")]
public sealed record Reservation(
    [property: Id(0)] VelocityWindow Window,
    [property: Id(1)] IdentityScreening Identity);

[GenerateSerializer, Immutable, Alias("rowell.screening-identity")]
public sealed record ScreeningIdentity(
    [property: Id(0)] string VerificationId,
    [property: Id(1)] string FullName,
    [property: Id(2)] DateOnly DateOfBirth,
    [property: Id(3)] string Country,
    [property: Id(4)] DateTimeOffset VerifiedAt);

[GenerateSerializer, Immutable, Alias("rowell.velocity-reservation")]
public sealed record VelocityReservation(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] LedgerEnvironment Environment,
    [property: Id(2)] string TransferId,
    [property: Id(3)] string WalletId,
    [property: Id(4)] string Counterparty,
    [property: Id(5)] decimal AmountUsd,
    [property: Id(6)] DateTimeOffset At);

[GenerateSerializer, Immutable, Alias("rowell.velocity-window")]
public sealed record VelocityWindow(
    [property: Id(0)] int CountLastHour,
    [property: Id(1)] decimal VolumeUsdLastHour,
    [property: Id(2)] int CountLastDay,
    [property: Id(3)] decimal VolumeUsdLastDay,
    [property: Id(4)] bool NewCounterparty);
