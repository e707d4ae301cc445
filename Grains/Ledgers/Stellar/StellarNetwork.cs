using System.Security.Cryptography;
using System.Text;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>A Stellar network, identified by its passphrase; networkId = SHA-256(UTF-8 passphrase).</summary>
public sealed record StellarNetwork(string Passphrase)
{
    public const string TestnetPassphrase = "Test SDF Network ; September 2015";
    public const string PublicPassphrase = "Public Global Stellar Network ; September 2015";
    public const string FuturenetPassphrase = "Test SDF Future Network ; October 2022";

    public static StellarNetwork Testnet { get; } = new(TestnetPassphrase);
    public static StellarNetwork Public { get; } = new(PublicPassphrase);
    public static StellarNetwork Futurenet { get; } = new(FuturenetPassphrase);

    public byte[] NetworkId => SHA256.HashData(Encoding.UTF8.GetBytes(Passphrase));
}
