using System.Text;

namespace Rowell.Grains.Ledgers.Stellar;

public enum StellarAssetType
{
    Native = 0,
    CreditAlphanum4 = 1,
    CreditAlphanum12 = 2,
}

/// <summary>An asset: native XLM, or a credit asset (code 1-4 chars → alphanum4, 5-12 → alphanum12) with its G issuer.</summary>
public sealed record StellarAsset
{
    public static StellarAsset Native { get; } = new(StellarAssetType.Native, null, null);

    public StellarAssetType Type { get; }
    public string? Code { get; }
    public string? Issuer { get; }

    private StellarAsset(StellarAssetType type, string? code, string? issuer)
    {
        Type = type;
        Code = code;
        Issuer = issuer;
    }

    public bool IsNative => Type == StellarAssetType.Native;

    public static StellarAsset Credit(string code, string issuer)
    {
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length is < 1 or > 12 || !code.All(char.IsAsciiLetterOrDigit))
        {
            throw new ArgumentException($"Asset code '{code}' must be 1-12 ASCII letters or digits.", nameof(code));
        }
        if (!StrKey.IsValidAccountId(issuer))
        {
            throw new ArgumentException($"Asset issuer '{issuer}' is not a valid G account id.", nameof(issuer));
        }
        return new StellarAsset(code.Length <= 4 ? StellarAssetType.CreditAlphanum4 : StellarAssetType.CreditAlphanum12, code, issuer);
    }

    public override string ToString() => IsNative ? "native" : $"{Code}:{Issuer}";

    internal void Write(XdrWriter w)
    {
        w.WriteInt32((int)Type);
        if (IsNative)
        {
            return;
        }
        var width = Type == StellarAssetType.CreditAlphanum4 ? 4 : 12;
        var code = new byte[width];
        Encoding.ASCII.GetBytes(Code!, code);
        w.WriteFixedOpaque(code, width);
        StellarXdr.WriteAccountId(w, Issuer!);
    }

    internal static StellarAsset Read(XdrReader r)
    {
        var type = r.ReadInt32();
        switch (type)
        {
            case (int)StellarAssetType.Native:
                return Native;
            case (int)StellarAssetType.CreditAlphanum4:
            case (int)StellarAssetType.CreditAlphanum12:
                var width = type == (int)StellarAssetType.CreditAlphanum4 ? 4 : 12;
                var raw = r.ReadFixedOpaque(width);
                var len = Array.IndexOf(raw, (byte)0);
                len = len < 0 ? width : len;
                if (raw.AsSpan(len).ContainsAnyExcept((byte)0))
                {
                    throw new FormatException("Asset code has bytes after its zero padding.");
                }
                var code = Encoding.ASCII.GetString(raw, 0, len);
                if (len == 0 || !code.All(char.IsAsciiLetterOrDigit) || (width == 12 && len < 5))
                {
                    throw new FormatException($"Invalid asset code in XDR for asset type {type}.");
                }
                var issuer = StellarXdr.ReadAccountId(r);
                return new StellarAsset((StellarAssetType)type, code, issuer);
            default:
                throw new FormatException($"Unsupported asset type {type}.");
        }
    }
}
