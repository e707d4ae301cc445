using System.Security.Cryptography;
using System.Text;

namespace Rowell.Grains.Wallets;

/// <summary>
/// Seals wallet signing keys at rest with AES-256-GCM under a key derived (HKDF-SHA256) from
/// SECRET_KEY. The wallet id is the associated data, so a sealed key copied onto another wallet's
/// row fails to open instead of signing for the wrong address.
/// Layout: version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext.
/// </summary>
public sealed class WalletKeyVault
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public WalletKeyVault(string secretKey)
    {
        if (string.IsNullOrEmpty(secretKey) || secretKey.Length < 16)
        {
            throw new ArgumentException("SECRET_KEY must be at least 16 characters.", nameof(secretKey));
        }
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKey), 32,
            salt: Encoding.ASCII.GetBytes("rowell/wallet-keys/v1"), info: Encoding.ASCII.GetBytes("aes-256-gcm"));
    }

    public byte[] Seal(string walletId, ReadOnlySpan<byte> secret)
    {
        var sealedKey = new byte[1 + NonceSize + TagSize + secret.Length];
        sealedKey[0] = Version;
        var nonce = sealedKey.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, secret, sealedKey.AsSpan(1 + NonceSize + TagSize), sealedKey.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(walletId));
        return sealedKey;
    }

    /// <summary>Opens a sealed key; throws <see cref="CryptographicException"/> for a wrong SECRET_KEY, wallet id or a tampered blob.</summary>
    public byte[] Open(string walletId, ReadOnlySpan<byte> sealedKey)
    {
        if (sealedKey.Length < 1 + NonceSize + TagSize || sealedKey[0] != Version)
        {
            throw new CryptographicException("Unknown sealed-key format.");
        }
        var secret = new byte[sealedKey.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedKey.Slice(1, NonceSize), sealedKey.Slice(1 + NonceSize + TagSize), sealedKey.Slice(1 + NonceSize, TagSize), secret, Encoding.UTF8.GetBytes(walletId));
        return secret;
    }
}
