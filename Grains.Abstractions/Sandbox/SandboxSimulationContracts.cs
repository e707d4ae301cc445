using Rowell.Abstractions.Common;

namespace Rowell.Abstractions.Sandbox;

/// <summary>
/// Sizes of one simulation. Bounded so one run stays a few minutes of work for the cluster at most
/// (every account opens and funds a wallet; every transfer is a real ledger submission).
/// </summary>
public static class SandboxSimulationLimits
{
    public const int MinAccounts = 2;
    public const int MaxAccounts = 1_000;
    public const int DefaultAccounts = 5;
    public const int MinTransfers = 0;
    public const int MaxTransfers = 10_000;
    public const int DefaultTransfers = 10;

    /// <summary>The grain-side check (the API checks the same bounds before anything is claimed).</summary>
    public static void Validate(SandboxSimulateCommand command)
    {
        if (command.Accounts is < MinAccounts or > MaxAccounts)
        {
            throw RowellException.Validation("accounts", $"accounts must be from {MinAccounts} to {MaxAccounts}.");
        }
        if (command.Transfers is < MinTransfers or > MaxTransfers)
        {
            throw RowellException.Validation("transfers", $"transfers must be from {MinTransfers} to {MaxTransfers}.");
        }
    }
}

[GenerateSerializer, Immutable, Alias("rowell.sandbox-simulate")]
public sealed record SandboxSimulateCommand(
    [property: Id(0)] int Accounts,
    [property: Id(1)] int Transfers);

[GenerateSerializer, Alias("rowell.sandbox-simulation-status")]
public enum SandboxSimulationStatus { Running = 0, Completed = 1, Failed = 2 }

public static class SandboxSimulationStatusNames
{
    public static string Wire(this SandboxSimulationStatus s) => s switch
    {
        SandboxSimulationStatus.Running => "running",
        SandboxSimulationStatus.Completed => "completed",
        _ => "failed",
    };
}

/// <summary>
/// A simulation as of now. The counters are authoritative; <see cref="AccountIds"/> and
/// <see cref="TransferIds"/> list only the first <see cref="ListedIds"/> of each.
/// <see cref="TransferStatuses"/> counts the status each transfer had when it was created.
/// </summary>
[GenerateSerializer, Immutable, Alias("rowell.sandbox-simulation")]
public sealed record SandboxSimulationView(
    [property: Id(0)] string Id,
    [property: Id(1)] string DeveloperId,
    [property: Id(2)] SandboxSimulationStatus Status,
    [property: Id(3)] int RequestedAccounts,
    [property: Id(4)] int RequestedTransfers,
    [property: Id(5)] int AccountsCreated,
    [property: Id(6)] int TransfersCreated,
    [property: Id(7)] int TransfersRefused,
    [property: Id(8)] int Percent,
    [property: Id(9)] IReadOnlyDictionary<string, int> TransferStatuses,
    [property: Id(10)] IReadOnlyList<string> AccountIds,
    [property: Id(11)] IReadOnlyList<string> TransferIds,
    [property: Id(12)] DateTimeOffset CreatedAt,
    [property: Id(13)] DateTimeOffset? CompletedAt,
    [property: Id(14)] string? FailureMessage)
{
    public const int ListedIds = 100;
}
