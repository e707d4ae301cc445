using Rowell.Abstractions.Common;

namespace Rowell.Grains.LedgerSync;

/// <summary>What one sync pass did: requests made to the ledger, records read, deposits newly recorded.</summary>
[GenerateSerializer, Immutable, Alias("rowell.sync-report")]
public sealed record SyncReport([property: Id(0)] int Requests, [property: Id(1)] int Records, [property: Id(2)] int Deposits, [property: Id(3)] string? Cursor);

/// <summary>
/// Follows one network's network-wide payment feed from a durable cursor and records payments into our
/// wallets that we did not send. Cost per pass: one request per page of network traffic (usually one per
/// ledger close) plus one directory lookup per page — independent of how many wallets we hold.
/// </summary>
public interface IInboundSync
{
    Network Network { get; }

    Task<SyncReport> RunOnceAsync(LedgerEnvironment environment, CancellationToken cancellationToken);
}

/// <summary>Bounds of one pass: a backlog is worked off over several passes, never in one unbounded burst.</summary>
public static class SyncLimits
{
    public const int MaxPagesPerPass = 10;
}
