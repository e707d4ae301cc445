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
    [Alias("reset")]
    Task<SandboxResetResult> Reset(CancellationToken cancellationToken = default);
}
