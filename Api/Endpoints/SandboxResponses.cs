using Rowell.Abstractions.Sandbox;

namespace Rowell.Api.Endpoints;

// The sandbox tools' JSON shapes (snake_case on the wire).

public sealed record SandboxFundRequest(string AccountId, string AssetCode, string Amount);

public sealed record SandboxResetResponse(IReadOnlyList<string> DeletedAccounts, int DeletedWallets, IReadOnlyList<string> StoppedSimulations, string Kept);

/// <summary>Both optional: accounts 2-1000 (default 5), transfers 0-10000 (default 10).</summary>
public sealed record SandboxSimulateRequest(int? Accounts, int? Transfers);

/// <summary>
/// A simulation: the counters in <see cref="Progress"/> are authoritative; <see cref="AccountIds"/> and
/// <see cref="TransferIds"/> hold the first 100 of each. <see cref="TransferStatuses"/> counts the status each
/// transfer had when it was created (follow GET /transfers/{id} for where it is now).
/// </summary>
public sealed record SandboxSimulationResponse(
    string Id, string Object, string Status, SandboxSimulationSizes Requested, SandboxSimulationProgress Progress,
    IReadOnlyDictionary<string, int> TransferStatuses, IReadOnlyList<string> AccountIds, IReadOnlyList<string> TransferIds,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? FailureMessage)
{
    public static SandboxSimulationResponse From(SandboxSimulationView v) => new(
        v.Id, "sandbox_simulation", v.Status.Wire(), new SandboxSimulationSizes(v.RequestedAccounts, v.RequestedTransfers),
        new SandboxSimulationProgress(v.AccountsCreated, v.TransfersCreated, v.TransfersRefused, v.Percent),
        v.TransferStatuses, v.AccountIds, v.TransferIds, v.CreatedAt, v.CompletedAt, v.FailureMessage);
}

public sealed record SandboxSimulationSizes(int Accounts, int Transfers);

/// <summary><see cref="Percent"/> is 0-100 over accounts and transfers together; 100 only once completed.</summary>
public sealed record SandboxSimulationProgress(int AccountsCreated, int TransfersCreated, int TransfersRefused, int Percent);
