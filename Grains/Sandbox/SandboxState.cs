namespace Rowell.Grains.Sandbox;

/// <summary>What the sandbox grain must remember between calls: the simulations a reset has to stop.</summary>
[GenerateSerializer, Alias("rowell.sandbox-state")]
public sealed record SandboxState
{
    /// <summary>Started and not yet reported finished. An id may linger if the report was lost; stopping a finished simulation is a no-op.</summary>
    [Id(0)] public HashSet<string> RunningSimulations { get; set; } = new();
}
