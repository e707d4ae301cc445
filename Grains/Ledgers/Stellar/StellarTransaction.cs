using System.Security.Cryptography;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>
/// A classic Stellar Transaction (v1 layout). Fee is the TOTAL fee in stroops; SequenceNumber is the
/// value written into the transaction (the account's current sequence + 1).
/// </summary>
public sealed class StellarTransaction
{
    public const int MaxOperations = 100;
    public const uint BaseFeePerOperation = 100;

    public StellarTransaction(
        string sourceAccount,
        uint fee,
        long sequenceNumber,
        StellarPreconditions preconditions,
        StellarMemo memo,
        IReadOnlyList<StellarOperation> operations)
    {
        ArgumentNullException.ThrowIfNull(sourceAccount);
        ArgumentNullException.ThrowIfNull(preconditions);
        ArgumentNullException.ThrowIfNull(memo);
        ArgumentNullException.ThrowIfNull(operations);
        if (!StellarXdr.IsValidMuxedOrAccountId(sourceAccount))
        {
            throw new ArgumentException($"Source account '{sourceAccount}' is not a valid G or M address.", nameof(sourceAccount));
        }
        if (operations.Count is 0 or > MaxOperations)
        {
            throw new ArgumentException($"A transaction needs 1 to {MaxOperations} operations, got {operations.Count}.", nameof(operations));
        }
        if (operations.Any(o => o is null))
        {
            throw new ArgumentException("Operations must not be null.", nameof(operations));
        }
        if (sequenceNumber < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(sequenceNumber), "Sequence number must not be negative.");
        }
        SourceAccount = sourceAccount;
        Fee = fee;
        SequenceNumber = sequenceNumber;
        Preconditions = preconditions;
        Memo = memo;
        Operations = operations.ToArray();
    }

    /// <summary>
    /// Builder-style factory, as the SDKs do it: sequence = the account's current sequence + 1,
    /// fee = base fee × operation count (checked against uint32 overflow).
    /// </summary>
    public static StellarTransaction ForAccount(
        string sourceAccount,
        long currentAccountSequence,
        IReadOnlyList<StellarOperation> operations,
        StellarTimeBounds timeBounds,
        StellarMemo? memo = null,
        uint baseFeePerOperation = BaseFeePerOperation)
    {
        ArgumentNullException.ThrowIfNull(operations);
        if (baseFeePerOperation < BaseFeePerOperation)
        {
            throw new ArgumentOutOfRangeException(nameof(baseFeePerOperation), $"The base fee is at least {BaseFeePerOperation} stroops.");
        }
        var fee = checked(baseFeePerOperation * (uint)operations.Count);
        var sequence = checked(currentAccountSequence + 1);
        return new StellarTransaction(sourceAccount, fee, sequence, new StellarPreconditions(timeBounds), memo ?? StellarMemo.None, operations);
    }

    public string SourceAccount { get; }
    public uint Fee { get; }
    public long SequenceNumber { get; }
    public StellarPreconditions Preconditions { get; }
    public StellarMemo Memo { get; }
    public IReadOnlyList<StellarOperation> Operations { get; }

    /// <summary>Transaction XDR (v1 layout, ext = 0).</summary>
    public byte[] ToXdr()
    {
        var w = new XdrWriter();
        Write(w);
        return w.ToArray();
    }

    internal void Write(XdrWriter w)
    {
        StellarXdr.WriteMuxedAccount(w, SourceAccount);
        w.WriteUInt32(Fee);
        w.WriteInt64(SequenceNumber);
        Preconditions.Write(w);
        Memo.Write(w);
        w.WriteUInt32((uint)Operations.Count);
        foreach (var op in Operations)
        {
            op.Write(w);
        }
        w.WriteInt32(0); // TransactionExt v0
    }

    /// <summary>Writes the TransactionV0 layout (G source, optional TimeBounds) used by ENVELOPE_TYPE_TX_V0.</summary>
    internal void WriteV0(XdrWriter w)
    {
        if (!StrKey.IsValidAccountId(SourceAccount))
        {
            throw new InvalidOperationException("A v0 envelope needs a G source account.");
        }
        w.WriteFixedOpaque(StrKey.DecodeAccountId(SourceAccount), 32);
        w.WriteUInt32(Fee);
        w.WriteInt64(SequenceNumber);
        if (Preconditions.TimeBounds is { } tb)
        {
            w.WriteInt32(1);
            w.WriteUInt64(tb.MinTime);
            w.WriteUInt64(tb.MaxTime);
        }
        else
        {
            w.WriteInt32(0);
        }
        Memo.Write(w);
        w.WriteUInt32((uint)Operations.Count);
        foreach (var op in Operations)
        {
            op.Write(w);
        }
        w.WriteInt32(0);
    }

    public static StellarTransaction FromXdr(byte[] xdr)
    {
        var r = new XdrReader(xdr);
        var tx = Read(r);
        r.EnsureEnd();
        return tx;
    }

    internal static StellarTransaction Read(XdrReader r)
    {
        var source = StellarXdr.ReadMuxedAccount(r);
        var fee = r.ReadUInt32();
        var seq = r.ReadInt64();
        var cond = StellarPreconditions.Read(r);
        return ReadRest(r, source, fee, seq, cond);
    }

    internal static StellarTransaction ReadV0(XdrReader r)
    {
        var source = StrKey.EncodeAccountId(r.ReadFixedOpaque(32));
        var fee = r.ReadUInt32();
        var seq = r.ReadInt64();
        var cond = r.ReadBool() ? StellarPreconditions.Time(r.ReadUInt64(), r.ReadUInt64()) : StellarPreconditions.None;
        return ReadRest(r, source, fee, seq, cond);
    }

    private static StellarTransaction ReadRest(XdrReader r, string source, uint fee, long seq, StellarPreconditions cond)
    {
        var memo = StellarMemo.Read(r);
        var count = r.ReadCount(MaxOperations);
        var ops = new StellarOperation[count];
        for (var i = 0; i < count; i++)
        {
            ops[i] = Wrap(() => StellarOperation.Read(r));
        }
        var ext = r.ReadInt32();
        if (ext != 0)
        {
            throw new FormatException($"Unsupported transaction extension {ext} (Soroban data is not supported).");
        }
        return Wrap(() => new StellarTransaction(source, fee, seq, cond, memo, ops));
    }

    private static T Wrap<T>(Func<T> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException ex)
        {
            throw new FormatException(ex.Message, ex);
        }
    }

    /// <summary>TransactionSignaturePayload = networkId || ENVELOPE_TYPE_TX (2) || transaction XDR.</summary>
    public byte[] SignaturePayload(StellarNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        var w = new XdrWriter();
        w.WriteFixedOpaque(network.NetworkId, 32);
        w.WriteInt32(StellarEnvelopeType.Tx);
        Write(w);
        return w.ToArray();
    }

    /// <summary>The transaction hash (Horizon's transaction id) on the given network.</summary>
    public byte[] Hash(StellarNetwork network) => SHA256.HashData(SignaturePayload(network));

    public string HashHex(StellarNetwork network) => Convert.ToHexStringLower(Hash(network));
}

public static class StellarEnvelopeType
{
    public const int TxV0 = 0;
    public const int Tx = 2;
    public const int TxFeeBump = 5;
}
