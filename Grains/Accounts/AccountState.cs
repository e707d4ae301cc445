using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;

namespace Rowell.Grains.Accounts;

[GenerateSerializer, Alias("rowell.account-state")]
public sealed class AccountState
{
    [Id(0)] public string DeveloperId { get; set; } = "";
    [Id(1)] public Network Network { get; set; }
    [Id(2)] public LedgerEnvironment Environment { get; set; }
    [Id(3)] public AccountType AccountType { get; set; }
    [Id(4)] public string CountryCode { get; set; } = "";
    [Id(5)] public string Region { get; set; } = "";
    [Id(6)] public KycStatus KycStatus { get; set; }
    [Id(7)] public Dictionary<string, string> Metadata { get; set; } = new();
    /// <summary>Wallets that are open; their public view is immutable, so it is cached here.</summary>
    [Id(8)] public List<WalletView> Wallets { get; set; } = new();
    /// <summary>Wallets being created: a retry or the next activation finishes them.</summary>
    [Id(9)] public Dictionary<string, Network> PendingWallets { get; set; } = new();
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Bumped on every write; orders read-model upserts.</summary>
    [Id(12)] public long Version { get; set; }
    /// <summary>Set by a sandbox reset: the account then answers as if it did not exist.</summary>
    [Id(13)] public DateTimeOffset? DeletedAt { get; set; }
    /// <summary>The verification kyc_status comes from, and when it was decided (orders late retries).</summary>
    [Id(14)] public string? KycVerificationId { get; set; }
    [Id(15)] public DateTimeOffset? KycDecidedAt { get; set; }
    /// <summary>Events written with this state and not yet known to be in the event log (see PendingEvent).</summary>
    [Id(16)] public List<Events.PendingEvent> PendingEvents { get; set; } = new();
    /// <summary>account.created has been recorded (once the account and its first wallet exist).</summary>
    [Id(17)] public bool AnnouncedCreated { get; set; }
}
