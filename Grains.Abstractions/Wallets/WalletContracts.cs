using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Wallets;

[GenerateSerializer, Immutable, Alias("rowell.create-wallet")]
public sealed record CreateWalletCommand(
    [property: Id(0)] string DeveloperId,
    [property: Id(1)] string AccountId,
    [property: Id(2)] Network Network,
    [property: Id(3)] LedgerEnvironment Environment);

/// <summary>The public face of a wallet: address and public key, never the secret.</summary>
[GenerateSerializer, Immutable, Alias("rowell.wallet-view")]
public sealed record WalletView(
    [property: Id(0)] string Id,
    [property: Id(1)] string AccountId,
    [property: Id(2)] Network Network,
    [property: Id(3)] LedgerEnvironment Environment,
    [property: Id(4)] string Address,
    [property: Id(5)] string PublicKey,
    [property: Id(6)] DateTimeOffset CreatedAt);

/// <summary>A payment the wallet signs and submits. Idempotent by <see cref="PaymentId"/>.</summary>
[GenerateSerializer, Immutable, Alias("rowell.wallet-payment")]
public sealed record WalletPayment(
    [property: Id(0)] string PaymentId,
    [property: Id(1)] string ToAddress,
    [property: Id(2)] string AssetCode,
    [property: Id(3)] long AmountMinor,
    [property: Id(4)] long FeeMinor,
    [property: Id(5)] string? Memo);

[GenerateSerializer, Alias("rowell.ledger-status")]
public enum LedgerReceiptStatus { Pending = 0, Success = 1, Failed = 2 }

[GenerateSerializer, Immutable, Alias("rowell.ledger-receipt")]
public sealed record LedgerReceipt(
    [property: Id(0)] string Hash,
    [property: Id(1)] LedgerReceiptStatus Status,
    [property: Id(2)] string? FailureCode);

/// <summary>The public address of an account's wallet on one network (for paying it).</summary>
[GenerateSerializer, Immutable, Alias("rowell.payee")]
public sealed record Payee(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string WalletId,
    [property: Id(2)] string Address,
    [property: Id(3)] string CountryCode,
    [property: Id(4)] LedgerEnvironment Environment);
