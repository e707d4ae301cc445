using Rowell.Abstractions.Sandbox;

namespace Rowell.Grains.Sandbox;

/// <summary>
/// A simulation's request and how far it got. Written after every step, so a new activation continues
/// from here: items up to <see cref="AccountsCreated"/> accounts and <see cref="TransfersAttempted"/>
/// transfers are done, the next ones are recomputed by <see cref="SimulationPlan"/>.
/// </summary>
[GenerateSerializer, Alias("rowell.sandbox-simulation-state")]
public sealed record SandboxSimulationState
{
    [Id(0)] public string DeveloperId { get; set; } = "";
    [Id(1)] public int RequestedAccounts { get; set; }
    [Id(2)] public int RequestedTransfers { get; set; }
    /// <summary>The country list as it was at the start: the plan must not change under a run if ROWELL_COUNTRIES does.</summary>
    [Id(3)] public List<string> Countries { get; set; } = new();
    [Id(4)] public SandboxSimulationStatus Status { get; set; }
    [Id(5)] public int AccountsCreated { get; set; }
    [Id(6)] public int TransfersCreated { get; set; }
    /// <summary>Transfers refused at creation (compliance, insufficient funds): realistic traffic, counted, not fatal.</summary>
    [Id(7)] public int TransfersRefused { get; set; }
    /// <summary>Status at creation → count.</summary>
    [Id(8)] public Dictionary<string, int> TransferStatuses { get; set; } = new();
    /// <summary>The first <see cref="SandboxSimulationView.ListedIds"/> account ids (the counters are authoritative).</summary>
    [Id(9)] public List<string> AccountIds { get; set; } = new();
    /// <summary>The first <see cref="SandboxSimulationView.ListedIds"/> created transfer ids.</summary>
    [Id(10)] public List<string> TransferIds { get; set; } = new();
    [Id(11)] public DateTimeOffset CreatedAt { get; set; }
    [Id(12)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(13)] public string? FailureMessage { get; set; }

    public int TransfersAttempted => TransfersCreated + TransfersRefused;

    public bool AllDone => AccountsCreated >= RequestedAccounts && TransfersAttempted >= RequestedTransfers;
}
