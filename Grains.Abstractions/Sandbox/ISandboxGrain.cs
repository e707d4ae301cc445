using Orleans.Concurrency;
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
    [property: Id(1)] int DeletedWallets,
    [property: Id(2)] IReadOnlyList<string> StoppedSimulationIds);

/// <summary>
/// Sandbox tools of one developer (key: dev_…). Its single-threaded turn serialises one developer's
/// fund / simulate / reset calls, so a reset never interleaves with the start of a simulation.
/// Touches testnet resources of that developer only.
/// </summary>
[Alias("rowell.ISandboxGrain")]
public interface ISandboxGrain : IGrainWithStringKey
{
    /// <summary>Credits the account's wallet for the asset on the sandbox ledger; returns the account's balances.</summary>
    [Alias("fund")]
    Task<IReadOnlyList<BalanceView>> Fund(SandboxFundCommand command, CancellationToken cancellationToken = default);

    /// <summary>
    /// Starts simulation <paramref name="simulationId"/> (sim_…) of this developer and remembers it until it
    /// finishes, so a reset can stop it. Returns at once with the simulation as started; the work runs in
    /// <see cref="ISandboxSimulationGrain"/>. Repeating the same id and command returns the same simulation.
    /// </summary>
    [Alias("start-simulation")]
    Task<SandboxSimulationView> StartSimulation(string simulationId, SandboxSimulateCommand command, CancellationToken cancellationToken = default);

    /// <summary>A simulation reports that it finished (completed or failed); one-way so it can never wait on a reset that waits on it.</summary>
    [OneWay, Alias("simulation-finished")]
    Task SimulationFinished(string simulationId);

    /// <summary>
    /// Stops the developer's running simulations, then deletes every testnet account of the developer
    /// (grains marked deleted, wallet keys destroyed, list rows removed).
    /// </summary>
    [Alias("reset")]
    Task<SandboxResetResult> Reset(CancellationToken cancellationToken = default);
}
