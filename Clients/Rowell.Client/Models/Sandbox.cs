namespace Rowell.Client.Models;

public sealed record SandboxFundRequest(string AccountId, string AssetCode, string Amount);

public sealed record SandboxDepositRequest(string AccountId, string AssetCode, string Amount, string? FromAddress = null);

public sealed record SandboxSimulateRequest(int? Accounts = null, int? Transfers = null);

public sealed record SandboxReset(IReadOnlyList<string> DeletedAccounts, int DeletedWallets, IReadOnlyList<string> StoppedSimulations, string Kept);

public sealed record SandboxSimulation(string Id, string Object, string Status, SandboxSimulationSizes Requested, SandboxSimulationProgress Progress,
    IReadOnlyDictionary<string, int> TransferStatuses, IReadOnlyList<string> AccountIds, IReadOnlyList<string> TransferIds,
    DateTimeOffset CreatedAt, DateTimeOffset? CompletedAt, string? FailureMessage);

public sealed record SandboxSimulationSizes(int Accounts, int Transfers);

public sealed record SandboxSimulationProgress(int AccountsCreated, int TransfersCreated, int TransfersRefused, int Percent);
