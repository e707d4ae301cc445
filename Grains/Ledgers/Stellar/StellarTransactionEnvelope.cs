namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>DecoratedSignature { opaque hint[4]; opaque signature&lt;64&gt;; }.</summary>
public sealed class StellarDecoratedSignature
{
    public StellarDecoratedSignature(ReadOnlySpan<byte> hint, ReadOnlySpan<byte> signature)
    {
        if (hint.Length != 4)
        {
            throw new ArgumentException("A signature hint is 4 bytes.");
        }
        if (signature.Length > 64)
        {
            throw new ArgumentException("A signature is at most 64 bytes.");
        }
        Hint = hint.ToArray();
        Signature = signature.ToArray();
    }

    public byte[] Hint { get; }
    public byte[] Signature { get; }
}

/// <summary>
/// A transaction envelope. Written as ENVELOPE_TYPE_TX (v1) by default; ENVELOPE_TYPE_TX_V0 envelopes can be
/// read (and written back unchanged). Fee-bump envelopes are not supported.
/// </summary>
public sealed class StellarTransactionEnvelope
{
    public const int MaxSignatures = 20;

    private readonly List<StellarDecoratedSignature> _signatures = [];

    public StellarTransactionEnvelope(StellarTransaction transaction, int envelopeType = StellarEnvelopeType.Tx)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (envelopeType is not (StellarEnvelopeType.Tx or StellarEnvelopeType.TxV0))
        {
            throw new ArgumentOutOfRangeException(nameof(envelopeType), "Only ENVELOPE_TYPE_TX and ENVELOPE_TYPE_TX_V0 are supported.");
        }
        if (envelopeType == StellarEnvelopeType.TxV0 && !StrKey.IsValidAccountId(transaction.SourceAccount))
        {
            throw new ArgumentException("A v0 envelope needs a G source account.", nameof(transaction));
        }
        Transaction = transaction;
        EnvelopeType = envelopeType;
    }

    public StellarTransaction Transaction { get; }
    public int EnvelopeType { get; }
    public IReadOnlyList<StellarDecoratedSignature> Signatures => _signatures;

    public byte[] Hash(StellarNetwork network) => Transaction.Hash(network);

    public string HashHex(StellarNetwork network) => Transaction.HashHex(network);

    /// <summary>Signs the transaction hash and appends the decorated signature; returns it.</summary>
    public StellarDecoratedSignature Sign(StellarKeyPair signer, StellarNetwork network)
    {
        ArgumentNullException.ThrowIfNull(signer);
        var signature = new StellarDecoratedSignature(signer.Hint, signer.Sign(Hash(network)));
        AddSignature(signature);
        return signature;
    }

    public void AddSignature(StellarDecoratedSignature signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        if (_signatures.Count >= MaxSignatures)
        {
            throw new InvalidOperationException($"An envelope holds at most {MaxSignatures} signatures.");
        }
        _signatures.Add(signature);
    }

    /// <summary>True when some signature has the key's hint and verifies against the transaction hash.</summary>
    public bool IsSignedBy(ReadOnlySpan<byte> publicKey, StellarNetwork network)
    {
        if (publicKey.Length != 32)
        {
            return false;
        }
        var hash = Hash(network);
        foreach (var s in _signatures)
        {
            if (s.Hint.AsSpan().SequenceEqual(publicKey[^4..]) && StellarKeyPair.Verify(publicKey, hash, s.Signature))
            {
                return true;
            }
        }
        return false;
    }

    public byte[] ToXdr()
    {
        var w = new XdrWriter();
        w.WriteInt32(EnvelopeType);
        if (EnvelopeType == StellarEnvelopeType.TxV0)
        {
            Transaction.WriteV0(w);
        }
        else
        {
            Transaction.Write(w);
        }
        w.WriteUInt32((uint)_signatures.Count);
        foreach (var s in _signatures)
        {
            w.WriteFixedOpaque(s.Hint, 4);
            w.WriteVarOpaque(s.Signature, 64);
        }
        return w.ToArray();
    }

    public string ToXdrBase64() => Convert.ToBase64String(ToXdr());

    public static StellarTransactionEnvelope FromXdr(byte[] xdr)
    {
        var r = new XdrReader(xdr);
        var type = r.ReadInt32();
        var tx = type switch
        {
            StellarEnvelopeType.Tx => StellarTransaction.Read(r),
            StellarEnvelopeType.TxV0 => StellarTransaction.ReadV0(r),
            _ => throw new FormatException($"Unsupported envelope type {type}."),
        };
        var envelope = new StellarTransactionEnvelope(tx, type);
        var count = r.ReadCount(MaxSignatures);
        for (var i = 0; i < count; i++)
        {
            var hint = r.ReadFixedOpaque(4);
            var sig = r.ReadVarOpaque(64);
            envelope.AddSignature(new StellarDecoratedSignature(hint, sig));
        }
        r.EnsureEnd();
        return envelope;
    }

    public static StellarTransactionEnvelope FromXdrBase64(string base64)
    {
        ArgumentNullException.ThrowIfNull(base64);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException ex)
        {
            throw new FormatException("Envelope is not valid base64.", ex);
        }
        return FromXdr(bytes);
    }
}
