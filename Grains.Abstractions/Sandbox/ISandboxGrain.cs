using Rowell.Abstractions.Accounts;

namespace Rowell.Abstractions.Sandbox;

[GenerateSerializer, Immutable, Alias("rowell.sandbox-fund")]
public sealed record SandboxFundCommand(
    [property: Id(0)] string AccountId,
    [property: Id(1)] string AssetCode,
    [property: Id(2)] decimal Amount);

[GenerateSerializer, Immutable, Alias("rowell.sandbox-reset-result")]
public sealed record SandboxResetResult(
    [property: Id(0)] IReadOnlyList<string> DeletedAccountIds,
    [property: Id(1)] int DeletedWallets);

[GenerateSerializer, Immutable, Alias("rowell.sandbox-simulate")]
public sealed record SandboxSimulateCommand(
    [property: Id(0)] int Accounts,
    [property: Id(1)] int Transfers);

[GenerateSerializer, Immutable, Alias("rowell.sandbox-simulate-result")]
public sealed record SandboxSimulateResult(
    [property: Id(0)] IReadOnlyList<string> AccountIds,
    [property: Id(1)] IReadOnlyList<string> TransferIds,
    [property: Id(2)] IReadOnlyDictionary<string, int> TransferStatuses,
    [property: Id(3)] int TransfersRefused);

/// <summary>
/// Sandbox tools of one developer (key: dev_…). Its single-threaded turn serialises one developer's
/// fund / reset calls. Touches testnet resources of that developer only.
/// </summary>
[Alias("rowell.ISandboxGrain")]
public interface ISandboxGrain : IGrainWithStringKey
{
    /// <summary>Credits the account's wallet for the asset on the sandbox ledger; returns the account's balances.</summary>
    [Alias("fund")]
    Task<IReadOnlyList<BalanceView>> Fund(SandboxFundCommand command, CancellationToken cancellationToken = default);

    /// <summary>Deletes every testnet account of the developer (grains marked deleted, wallet keys destroyed, list rows removed).</summary>
    /// <summary>
    /// Creates demo testnet accounts and transfers between them through the real account and transfer grains
    /// (compliance, ledger submission and all). Synchronous; sizes are bounded so it answers within seconds.
    /// </summary>
    [Alias("simulate")]
    Task<SandboxSimulateResult> Simulate(SandboxSimulateCommand command, CancellationToken cancellationToken = default);

    [Alias("reset")]
    Task<SandboxResetResult> Reset(CancellationToken cancellationToken = default);
}
