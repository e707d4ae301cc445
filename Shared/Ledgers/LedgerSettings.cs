using Microsoft.Extensions.Configuration;
using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers;

/// <summary>
/// Where the real ledgers live and who pays for Hedera account creation. Read by
/// <see cref="Hosting.RowellSettings.From"/>; every name is documented in docs/LEDGERS.md.
/// </summary>
public sealed record LedgerSettings
{
    public const string DefaultStellarTestnetUrl = "https://horizon-testnet.stellar.org";
    public const string DefaultStellarMainnetUrl = "https://horizon.stellar.org";
    public const string DefaultFriendbotUrl = "https://friendbot.stellar.org";
    public const string DefaultHederaTestnetUrl = "https://testnet.mirrornode.hedera.com";
    public const string DefaultHederaMainnetUrl = "https://mainnet-public.mirrornode.hedera.com";
    public const string DefaultHederaTestnetNode = "0.0.3@https://testnet-node00-00-grpc.hedera.com:443";

    /// <summary>ROWELL_ALLOW_MAINNET=true lets mainnet requests through; otherwise they are refused.</summary>
    public bool AllowMainnet { get; init; }
    public Uri StellarTestnetUrl { get; init; } = new(DefaultStellarTestnetUrl);
    public Uri StellarMainnetUrl { get; init; } = new(DefaultStellarMainnetUrl);
    public Uri FriendbotUrl { get; init; } = new(DefaultFriendbotUrl);
    public Uri HederaTestnetUrl { get; init; } = new(DefaultHederaTestnetUrl);
    public Uri HederaMainnetUrl { get; init; } = new(DefaultHederaMainnetUrl);
    /// <summary>The consensus node HAPI calls go to, as "nodeAccount@url" (e.g. 0.0.3@https://host:443).</summary>
    public string? HederaTestnetNode { get; init; } = DefaultHederaTestnetNode;
    public string? HederaMainnetNode { get; init; }
    /// <summary>HEDERA_OPERATOR_ID: the account that pays for CryptoCreate.</summary>
    public string? HederaOperatorId { get; init; }
    /// <summary>HEDERA_OPERATOR_KEY: its ed25519 private key, DER hex (302e…) or the raw 32-byte seed in hex.</summary>
    public string? HederaOperatorKey { get; init; }
    /// <summary>What the operator puts into each new Hedera account, so it can pay its own fees (default 1 ℏ).</summary>
    public long HederaInitialBalanceTinybars { get; init; } = 100_000_000;
    /// <summary>Budget for one ledger HTTP call including retries; each attempt gets a third of it.</summary>
    public TimeSpan HttpTimeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>How long a signed Stellar transaction stays valid (its maxTime), and a Hedera one's valid duration.</summary>
    public TimeSpan TransactionValidity { get; init; } = TimeSpan.FromSeconds(120);
    /// <summary>How often and how many times to ask a Hedera node for a receipt before answering "pending".</summary>
    public TimeSpan HederaReceiptPollInterval { get; init; } = TimeSpan.FromMilliseconds(500);
    public int HederaReceiptPollAttempts { get; init; } = 20;
    /// <summary>ROWELL_LEDGER_SYNC_MS: how often the inbound sync reads each network's payment feed (a Stellar ledger closes every ~5 s).</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(5);

    public static LedgerSettings From(IConfiguration config)
    {
        var allow = config["ROWELL_ALLOW_MAINNET"];
        return new LedgerSettings
        {
            AllowMainnet = allow is not null && allow.Equals("true", StringComparison.OrdinalIgnoreCase),
            StellarTestnetUrl = Url(config, "STELLAR_TESTNET_URL", DefaultStellarTestnetUrl),
            StellarMainnetUrl = Url(config, "STELLAR_MAINNET_URL", DefaultStellarMainnetUrl),
            FriendbotUrl = Url(config, "STELLAR_FRIENDBOT_URL", DefaultFriendbotUrl),
            HederaTestnetUrl = Url(config, "HEDERA_TESTNET_URL", DefaultHederaTestnetUrl),
            HederaMainnetUrl = Url(config, "HEDERA_MAINNET_URL", DefaultHederaMainnetUrl),
            HederaTestnetNode = NonEmpty(config["HEDERA_TESTNET_NODE"]) ?? DefaultHederaTestnetNode,
            HederaMainnetNode = NonEmpty(config["HEDERA_MAINNET_NODE"]),
            HederaOperatorId = NonEmpty(config["HEDERA_OPERATOR_ID"]),
            HederaOperatorKey = NonEmpty(config["HEDERA_OPERATOR_KEY"]),
            HederaInitialBalanceTinybars = Long(config, "HEDERA_INITIAL_BALANCE_TINYBARS", 100_000_000),
            HttpTimeout = TimeSpan.FromMilliseconds(Long(config, "ROWELL_LEDGER_TIMEOUT_MS", 30_000)),
            SyncInterval = TimeSpan.FromMilliseconds(Math.Max(100, Long(config, "ROWELL_LEDGER_SYNC_MS", 5_000))),
        };
    }

    /// <summary>Refuses mainnet unless ROWELL_ALLOW_MAINNET=true: real money must be an explicit choice.</summary>
    public void EnsureAllowed(LedgerEnvironment environment, Network network)
    {
        if (environment == LedgerEnvironment.Mainnet && !AllowMainnet)
        {
            throw new RowellException(ErrorCodes.ValidationError,
                $"{network.Wire()} mainnet is disabled on this deployment: set ROWELL_ALLOW_MAINNET=true to move real funds.", "environment");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri Url(IConfiguration config, string name, string fallback)
    {
        var raw = NonEmpty(config[name]) ?? fallback;
        if (!raw.EndsWith('/'))
        {
            raw += "/"; // relative paths (accounts/…, api/v1/…) resolve under the configured path
        }
        return Uri.TryCreate(raw, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{name} must be an http(s) URL, not '{raw}'.");
    }

    private static long Long(IConfiguration config, string name, long fallback)
    {
        var raw = config[name];
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }
        return long.TryParse(raw, out var value) && value >= 0 ? value : throw new InvalidOperationException($"{name} must be a non-negative whole number, not '{raw}'.");
    }
}
