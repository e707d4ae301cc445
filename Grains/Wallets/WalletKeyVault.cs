using System.Security.Cryptography;
using System.Text;
using Rowell.Grains.Hosting;

namespace Rowell.Grains.Wallets;

/// <summary>
/// Seals wallet signing keys at rest with AES-256-GCM under a key derived (HKDF-SHA256) from
/// SECRET_KEY. The wallet id is the associated data, so a sealed key copied onto another wallet's
/// row fails to open instead of signing for the wrong address.
/// Layout: version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext.
/// Rotation: with SECRET_KEY_PREVIOUS set, <see cref="Open"/> also accepts seals made under the previous key,
/// and <see cref="Reseal"/> turns one into a seal under the current key (Tools/Admin reseal drives it).
/// </summary>
public sealed class WalletKeyVault
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;
    private readonly byte[]? _previous;

    /// <param name="secretKey">The current SECRET_KEY: checked by <see cref="SecretKeyPolicy"/> where a silo starts.</param>
    /// <param name="previousSecretKey">
    /// The key being rotated away from, or null. Only the legacy minimum (16 characters) is asked of it: rotating
    /// away from a weak key is exactly what it is for.
    /// </param>
    public WalletKeyVault(string secretKey, string? previousSecretKey = null)
    {
        if (string.IsNullOrEmpty(secretKey) || secretKey.Length < 16)
        {
            throw new ArgumentException("SECRET_KEY must be at least 16 characters.", nameof(secretKey));
        }
        if (previousSecretKey is not null && previousSecretKey.Length < 16)
        {
            throw new ArgumentException("SECRET_KEY_PREVIOUS must be at least 16 characters.", nameof(previousSecretKey));
        }
        _key = Derive(secretKey);
        _previous = previousSecretKey is null || previousSecretKey == secretKey ? null : Derive(previousSecretKey);
    }

    /// <summary>The vault a silo uses: SECRET_KEY must pass <see cref="SecretKeyPolicy"/> unless it was generated (embedded mode).</summary>
    public static WalletKeyVault For(RowellSettings settings)
    {
        if (!settings.SecretKeyIsEphemeral)
        {
            SecretKeyPolicy.Require(settings.SecretKey);
        }
        return new WalletKeyVault(settings.SecretKey, settings.PreviousSecretKey);
    }

    private static byte[] Derive(string secret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32,
            salt: Encoding.ASCII.GetBytes("rowell/wallet-keys/v1"), info: Encoding.ASCII.GetBytes("aes-256-gcm"));

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

    /// <summary>
    /// Opens a sealed key made under the current key or, during a rotation, the previous one; throws
    /// <see cref="CryptographicException"/> for a wrong SECRET_KEY, wallet id or a tampered blob.
    /// </summary>
    public byte[] Open(string walletId, ReadOnlySpan<byte> sealedKey)
    {
        if (TryOpen(_key, walletId, sealedKey) is { } opened)
        {
            return opened;
        }
        return (_previous is null ? null : TryOpen(_previous, walletId, sealedKey))
            ?? throw new CryptographicException("The sealed key does not open under SECRET_KEY" + (_previous is null ? "" : " or SECRET_KEY_PREVIOUS") + ".");
    }

    /// <summary>
    /// Null when <paramref name="sealedKey"/> is already sealed under the current key (nothing to do); otherwise the
    /// same secret sealed under the current key. Throws <see cref="CryptographicException"/> when neither key opens it.
    /// </summary>
    public byte[]? Reseal(string walletId, ReadOnlySpan<byte> sealedKey)
    {
        if (TryOpen(_key, walletId, sealedKey) is { } current)
        {
            Array.Clear(current);
            return null;
        }
        var secret = Open(walletId, sealedKey);
        try
        {
            return Seal(walletId, secret);
        }
        finally
        {
            Array.Clear(secret);
        }
    }

    private static byte[]? TryOpen(byte[] key, string walletId, ReadOnlySpan<byte> sealedKey)
    {
        if (sealedKey.Length < 1 + NonceSize + TagSize || sealedKey[0] != Version)
        {
            throw new CryptographicException("Unknown sealed-key format.");
        }
        var secret = new byte[sealedKey.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        try
        {
            aes.Decrypt(sealedKey.Slice(1, NonceSize), sealedKey.Slice(1 + NonceSize + TagSize), sealedKey.Slice(1 + NonceSize, TagSize), secret, Encoding.UTF8.GetBytes(walletId));
            return secret;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }
}
