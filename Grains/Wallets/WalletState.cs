using Rowell.Abstractions.Common;

namespace Rowell.Grains.Wallets;

[GenerateSerializer, Alias("rowell.wallet-state")]
public sealed class WalletState
{
    [Id(0)] public string DeveloperId { get; set; } = "";
    [Id(1)] public string AccountId { get; set; } = "";
    [Id(2)] public Network Network { get; set; }
    [Id(3)] public LedgerEnvironment Environment { get; set; }
    /// <summary>Null until the ledger account is open; the key is stored first so it is never lost.</summary>
    [Id(4)] public string? Address { get; set; }
    [Id(5)] public string PublicKey { get; set; } = "";
    /// <summary>The ed25519 seed, sealed by <see cref="WalletKeyVault"/>. Never leaves the grain.</summary>
    [Id(6)] public byte[] SealedSeed { get; set; } = [];
    [Id(7)] public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Events written with this state and not yet known to be in the event log (see PendingEvent).</summary>
    [Id(8)] public List<Events.PendingEvent> PendingEvents { get; set; } = new();
    /// <summary>Stellar: the account's sequence number as of our last transaction; null = ask Horizon (after tx_bad_seq).</summary>
    [Id(9)] public long? StellarSequence { get; set; }
    /// <summary>True once the account can hold every asset (Stellar USDC trustline, Hedera USDC association).</summary>
    [Id(10)] public bool AssetsReady { get; set; }
}
