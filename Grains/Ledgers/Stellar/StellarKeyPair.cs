using System.Security.Cryptography;
using NSec.Cryptography;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>An Ed25519 key pair held as its 32-byte RFC 8032 seed. Dispose to wipe the seed.</summary>
public sealed class StellarKeyPair : IDisposable
{
    private readonly byte[] _seed;

    private StellarKeyPair(byte[] seed, byte[] publicKey)
    {
        _seed = seed;
        PublicKey = publicKey;
    }

    public byte[] PublicKey { get; }

    public string AccountId => StrKey.EncodeAccountId(PublicKey);

    /// <summary>The S... secret seed. Handle with care.</summary>
    public string SecretSeed => StrKey.EncodeSecretSeed(_seed);

    /// <summary>Signature hint: the last 4 bytes of the public key.</summary>
    public byte[] Hint => PublicKey[^4..];

    public static StellarKeyPair FromSeed(ReadOnlySpan<byte> seed)
    {
        if (seed.Length != 32)
        {
            throw new ArgumentException($"An Ed25519 seed must be 32 bytes, got {seed.Length}.");
        }
        using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
        return new StellarKeyPair(seed.ToArray(), key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    public static StellarKeyPair FromSecretSeed(string secretSeed) => FromSeed(StrKey.DecodeSecretSeed(secretSeed));

    public static StellarKeyPair Random() => FromSeed(RandomNumberGenerator.GetBytes(32));

    public byte[] Sign(ReadOnlySpan<byte> data)
    {
        using var key = Key.Import(SignatureAlgorithm.Ed25519, _seed, KeyBlobFormat.RawPrivateKey);
        return SignatureAlgorithm.Ed25519.Sign(key, data);
    }

    public static bool Verify(ReadOnlySpan<byte> publicKey, ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        if (publicKey.Length != 32 || signature.Length != 64)
        {
            return false;
        }
        if (!NSec.Cryptography.PublicKey.TryImport(SignatureAlgorithm.Ed25519, publicKey, KeyBlobFormat.RawPublicKey, out var pub) || pub is null)
        {
            return false;
        }
        return SignatureAlgorithm.Ed25519.Verify(pub, data, signature);
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(_seed);
}
