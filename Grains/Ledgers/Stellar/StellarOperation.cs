namespace Rowell.Grains.Ledgers.Stellar;

public enum StellarOperationType
{
    CreateAccount = 0,
    Payment = 1,
    ChangeTrust = 6,
}

/// <summary>An operation; SourceAccount (G or M) overrides the transaction source when set.</summary>
public abstract record StellarOperation(string? SourceAccount)
{
    public abstract StellarOperationType Type { get; }

    protected abstract void WriteBody(XdrWriter w);

    internal void Write(XdrWriter w)
    {
        if (SourceAccount is null)
        {
            w.WriteInt32(0);
        }
        else
        {
            w.WriteInt32(1);
            StellarXdr.WriteMuxedAccount(w, SourceAccount);
        }
        w.WriteInt32((int)Type);
        WriteBody(w);
    }

    internal static StellarOperation Read(XdrReader r)
    {
        var source = r.ReadBool() ? StellarXdr.ReadMuxedAccount(r) : null;
        var type = r.ReadInt32();
        return type switch
        {
            (int)StellarOperationType.CreateAccount =>
                new CreateAccountOperation(StellarXdr.ReadAccountId(r), r.ReadInt64(), source),
            (int)StellarOperationType.Payment =>
                ReadPayment(r, source),
            (int)StellarOperationType.ChangeTrust =>
                ReadChangeTrust(r, source),
            _ => throw new FormatException($"Unsupported operation type {type}."),
        };
    }

    private static PaymentOperation ReadPayment(XdrReader r, string? source)
    {
        var destination = StellarXdr.ReadMuxedAccount(r);
        var asset = StellarAsset.Read(r);
        return new PaymentOperation(destination, asset, r.ReadInt64(), source);
    }

    private static ChangeTrustOperation ReadChangeTrust(XdrReader r, string? source)
    {
        // ChangeTrustAsset shares arms 0-2 with Asset; arm 3 (pool share) is not supported.
        var line = StellarAsset.Read(r);
        return new ChangeTrustOperation(line, r.ReadInt64(), source);
    }

    protected static void RequireAccountId(string address, string what)
    {
        if (!StrKey.IsValidAccountId(address))
        {
            throw new ArgumentException($"{what} '{address}' is not a valid G account id.");
        }
    }

    protected static void RequireMuxedOrAccountId(string? address, string what)
    {
        if (address is not null && !StellarXdr.IsValidMuxedOrAccountId(address))
        {
            throw new ArgumentException($"{what} '{address}' is not a valid G or M address.");
        }
    }
}

/// <summary>CREATE_ACCOUNT: funds a new account with StartingBalance stroops of XLM.</summary>
public sealed record CreateAccountOperation : StellarOperation
{
    public CreateAccountOperation(string destination, long startingBalance, string? sourceAccount = null) : base(sourceAccount)
    {
        RequireAccountId(destination, "Destination");
        RequireMuxedOrAccountId(sourceAccount, "Operation source");
        if (startingBalance < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(startingBalance), "Starting balance must not be negative.");
        }
        Destination = destination;
        StartingBalance = startingBalance;
    }

    public string Destination { get; }
    public long StartingBalance { get; }
    public override StellarOperationType Type => StellarOperationType.CreateAccount;

    protected override void WriteBody(XdrWriter w)
    {
        StellarXdr.WriteAccountId(w, Destination);
        w.WriteInt64(StartingBalance);
    }
}

/// <summary>PAYMENT of Amount stroops of Asset to Destination (G or M).</summary>
public sealed record PaymentOperation : StellarOperation
{
    public PaymentOperation(string destination, StellarAsset asset, long amount, string? sourceAccount = null) : base(sourceAccount)
    {
        ArgumentNullException.ThrowIfNull(asset);
        RequireMuxedOrAccountId(destination ?? throw new ArgumentNullException(nameof(destination)), "Destination");
        RequireMuxedOrAccountId(sourceAccount, "Operation source");
        if (amount <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), "Payment amount must be positive.");
        }
        Destination = destination;
        Asset = asset;
        Amount = amount;
    }

    public string Destination { get; }
    public StellarAsset Asset { get; }
    public long Amount { get; }
    public override StellarOperationType Type => StellarOperationType.Payment;

    protected override void WriteBody(XdrWriter w)
    {
        StellarXdr.WriteMuxedAccount(w, Destination);
        Asset.Write(w);
        w.WriteInt64(Amount);
    }
}

/// <summary>CHANGE_TRUST: creates/updates (Limit &gt; 0) or removes (Limit = 0) a trustline. Default limit = int64 max.</summary>
public sealed record ChangeTrustOperation : StellarOperation
{
    public const long MaxLimit = long.MaxValue;

    public ChangeTrustOperation(StellarAsset line, long limit = MaxLimit, string? sourceAccount = null) : base(sourceAccount)
    {
        ArgumentNullException.ThrowIfNull(line);
        RequireMuxedOrAccountId(sourceAccount, "Operation source");
        if (line.IsNative)
        {
            throw new ArgumentException("A trustline cannot be for the native asset.", nameof(line));
        }
        if (limit < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "Trustline limit must not be negative.");
        }
        Line = line;
        Limit = limit;
    }

    public StellarAsset Line { get; }
    public long Limit { get; }
    public override StellarOperationType Type => StellarOperationType.ChangeTrust;

    protected override void WriteBody(XdrWriter w)
    {
        Line.Write(w);
        w.WriteInt64(Limit);
    }
}
