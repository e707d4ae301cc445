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
