namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>DER (SPKI / PKCS#8) wrappers for raw 32-byte Ed25519 keys, as Hedera tools print them.</summary>
public static class HederaKeys
{
    private static readonly byte[] PublicPrefix = Convert.FromHexString("302a300506032b6570032100");
    private static readonly byte[] PrivatePrefix = Convert.FromHexString("302e020100300506032b657004220420");

    public static byte[] PublicKeyToDer(ReadOnlySpan<byte> pub32) => Wrap(PublicPrefix, pub32, "public key");

    public static byte[] PrivateKeyToDer(ReadOnlySpan<byte> seed32) => Wrap(PrivatePrefix, seed32, "seed");

    public static byte[] PublicKeyFromDer(ReadOnlySpan<byte> der) => Unwrap(PublicPrefix, der, "Ed25519 public key");

    public static byte[] PrivateKeyFromDer(ReadOnlySpan<byte> der) => Unwrap(PrivatePrefix, der, "Ed25519 private key");

    private static byte[] Wrap(byte[] prefix, ReadOnlySpan<byte> key, string what)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException($"The {what} must be 32 bytes, got {key.Length}.");
        }
        var der = new byte[prefix.Length + 32];
        prefix.CopyTo(der, 0);
        key.CopyTo(der.AsSpan(prefix.Length));
        return der;
    }

    private static byte[] Unwrap(byte[] prefix, ReadOnlySpan<byte> der, string what)
    {
        if (der.Length != prefix.Length + 32 || !der[..prefix.Length].SequenceEqual(prefix))
        {
            throw new FormatException($"Not a DER-encoded {what}.");
        }
        return der[prefix.Length..].ToArray();
    }
}
