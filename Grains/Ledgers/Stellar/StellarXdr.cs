namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>XDR codecs for Stellar account types.</summary>
internal static class StellarXdr
{
    private const int KeyTypeEd25519 = 0;
    private const int KeyTypeMuxedEd25519 = 0x100;

    /// <summary>AccountID = PublicKey union: PUBLIC_KEY_TYPE_ED25519 (0) + uint256.</summary>
    public static void WriteAccountId(XdrWriter w, string accountId)
    {
        w.WriteInt32(0);
        w.WriteFixedOpaque(StrKey.DecodeAccountId(accountId), 32);
    }

    public static string ReadAccountId(XdrReader r)
    {
        var type = r.ReadInt32();
        if (type != 0)
        {
            throw new FormatException($"Unsupported public key type {type}.");
        }
        return StrKey.EncodeAccountId(r.ReadFixedOpaque(32));
    }

    /// <summary>MuxedAccount: a G address as KEY_TYPE_ED25519, an M address as KEY_TYPE_MUXED_ED25519 {id, key}.</summary>
    public static void WriteMuxedAccount(XdrWriter w, string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.StartsWith('M'))
        {
            var (key, id) = StrKey.DecodeMuxedAccount(address);
            w.WriteInt32(KeyTypeMuxedEd25519);
            w.WriteUInt64(id);
            w.WriteFixedOpaque(key, 32);
        }
        else
        {
            w.WriteInt32(KeyTypeEd25519);
            w.WriteFixedOpaque(StrKey.DecodeAccountId(address), 32);
        }
    }

    public static string ReadMuxedAccount(XdrReader r)
    {
        var type = r.ReadInt32();
        switch (type)
        {
            case KeyTypeEd25519:
                return StrKey.EncodeAccountId(r.ReadFixedOpaque(32));
            case KeyTypeMuxedEd25519:
                var id = r.ReadUInt64();
                return StrKey.EncodeMuxedAccount(r.ReadFixedOpaque(32), id);
            default:
                throw new FormatException($"Unsupported muxed account key type {type}.");
        }
    }

    /// <summary>True for a valid G or M address.</summary>
    public static bool IsValidMuxedOrAccountId(string? address)
        => StrKey.IsValidAccountId(address) || StrKey.IsValidMuxedAccount(address);
}
