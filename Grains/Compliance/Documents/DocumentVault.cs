using System.Security.Cryptography;
using System.Text;

namespace Rowell.Grains.Compliance.Documents;

/// <summary>
/// Seals identity document numbers at rest exactly as wallet keys are sealed: AES-256-GCM under a key derived
/// (HKDF-SHA256) from SECRET_KEY — with its own salt, so a document key is never a wallet key — and the
/// verification id as associated data, so a sealed number copied onto another verification fails to open.
/// Layout: version(1) ‖ nonce(12) ‖ tag(16) ‖ ciphertext.
/// </summary>
public sealed class DocumentVault
{
    private const byte Version = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private readonly byte[] _key;

    public DocumentVault(string secretKey)
    {
        if (string.IsNullOrEmpty(secretKey) || secretKey.Length < 16)
        {
            throw new ArgumentException("SECRET_KEY must be at least 16 characters.", nameof(secretKey));
        }
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secretKey), 32,
            salt: Encoding.ASCII.GetBytes("rowell/kyc-documents/v1"), info: Encoding.ASCII.GetBytes("aes-256-gcm"));
    }

    public byte[] Seal(string verificationId, string documentNumber)
    {
        var secret = Encoding.UTF8.GetBytes(documentNumber);
        var sealedNumber = new byte[1 + NonceSize + TagSize + secret.Length];
        sealedNumber[0] = Version;
        var nonce = sealedNumber.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, secret, sealedNumber.AsSpan(1 + NonceSize + TagSize), sealedNumber.AsSpan(1 + NonceSize, TagSize), Encoding.UTF8.GetBytes(verificationId));
        return sealedNumber;
    }

    /// <summary>Throws <see cref="CryptographicException"/> for a wrong SECRET_KEY, verification id or a tampered blob.</summary>
    public string Open(string verificationId, ReadOnlySpan<byte> sealedNumber)
    {
        if (sealedNumber.Length < 1 + NonceSize + TagSize || sealedNumber[0] != Version)
        {
            throw new CryptographicException("Unknown sealed-document format.");
        }
        var secret = new byte[sealedNumber.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedNumber.Slice(1, NonceSize), sealedNumber.Slice(1 + NonceSize + TagSize), sealedNumber.Slice(1 + NonceSize, TagSize), secret, Encoding.UTF8.GetBytes(verificationId));
        return Encoding.UTF8.GetString(secret);
    }

    /// <summary>All but the last four letters and digits become '*'; separators stay, so the shape is recognisable.</summary>
    public static string Mask(string documentNumber)
    {
        var keep = Math.Min(4, documentNumber.Count(char.IsLetterOrDigit) / 2);
        var chars = documentNumber.ToCharArray();
        var seen = 0;
        for (var i = chars.Length - 1; i >= 0; i--)
        {
            if (!char.IsLetterOrDigit(chars[i]))
            {
                continue;
            }
            if (seen++ >= keep)
            {
                chars[i] = '*';
            }
        }
        return new string(chars);
    }
}
