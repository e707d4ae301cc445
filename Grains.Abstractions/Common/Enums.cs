namespace Rowell.Abstractions.Common;

[GenerateSerializer, Alias("rowell.network")]
public enum Network { Stellar = 0, Hedera = 1 }

[GenerateSerializer, Alias("rowell.environment")]
public enum LedgerEnvironment { Testnet = 0, Mainnet = 1 }

[GenerateSerializer, Alias("rowell.account-type")]
public enum AccountType { User = 0, Merchant = 1, Anchor = 2, Ngo = 3 }

[GenerateSerializer, Alias("rowell.kyc-status")]
public enum KycStatus { Unverified = 0, Pending = 1, Verified = 2, Rejected = 3 }

/// <summary>Wire names (snake_case, lower) for the enums, in one place for API and read models.</summary>
public static class EnumNames
{
    public static string Wire(this Network n) => n switch { Network.Stellar => "stellar", _ => "hedera" };
    public static string Wire(this LedgerEnvironment e) => e switch { LedgerEnvironment.Testnet => "testnet", _ => "mainnet" };
    public static string Wire(this AccountType t) => t switch
    {
        AccountType.User => "user",
        AccountType.Merchant => "merchant",
        AccountType.Anchor => "anchor",
        _ => "ngo",
    };
    public static string Wire(this KycStatus k) => k switch
    {
        KycStatus.Unverified => "unverified",
        KycStatus.Pending => "pending",
        KycStatus.Verified => "verified",
        _ => "rejected",
    };

    /// <summary>Exact wire names only: "Stellar", "1" or " stellar" are rejected (Enum.TryParse would accept them).</summary>
    public static bool TryParse<T>(string? wire, out T value) where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Name(candidate), wire, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    public static string Name<T>(T v) where T : struct, Enum => v switch
    {
        Network n => n.Wire(),
        LedgerEnvironment e => e.Wire(),
        AccountType a => a.Wire(),
        KycStatus k => k.Wire(),
        _ => v.ToString().ToLowerInvariant(),
    };

    public static string[] Names<T>() where T : struct, Enum => Enum.GetValues<T>().Select(Name).ToArray();
}
