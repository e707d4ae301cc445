namespace Rowell.Abstractions.Sandbox;

/// <summary>
/// One sandbox simulation (key: sim_…): demo testnet accounts, then transfers between them, created
/// through the real account and transfer grains in small persisted steps. Survives a silo failure:
/// a reminder reactivates it and it continues from the last stored step; item ids are derived from
/// the simulation id and the item's index, so repeating a step creates nothing twice.
/// Started through <see cref="ISandboxGrain.StartSimulation"/>, which tracks it for resets.
/// </summary>
[Alias("rowell.ISandboxSimulationGrain")]
public interface ISandboxSimulationGrain : IGrainWithStringKey
{
    /// <summary>Stores the request and starts the work; the same developer and sizes again return the simulation as it is now, others are a CONFLICT.</summary>
    [Alias("start")]
    Task<SandboxSimulationView> Start(string developerId, SandboxSimulateCommand command, CancellationToken cancellationToken = default);

    /// <summary>The simulation if it exists and belongs to <paramref name="developerId"/>; else null (the API answers 404).</summary>
    [Alias("get")]
    Task<SandboxSimulationView?> Get(string developerId);

    /// <summary>Stops a running simulation of <paramref name="developerId"/> for good (status failed, <paramref name="reason"/> as its message). True if it was running.</summary>
    [Alias("cancel")]
    Task<bool> Cancel(string developerId, string reason, CancellationToken cancellationToken = default);
}
