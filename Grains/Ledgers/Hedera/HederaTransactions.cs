using System.Globalization;
using Google.Protobuf;
using NSec.Cryptography;
using Rowell.Grains.Ledgers.Hedera.Hapi;
using HapiKey = Rowell.Grains.Ledgers.Hedera.Hapi.Key;

namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>
/// Transaction ids in the two spellings Hedera uses: SDK/explorer "0.0.1234@1767225600.000000001"
/// (ours) and the mirror node's "0.0.1234-1767225600-000000001".
/// </summary>
public static class HederaTransactionIds
{
    public static string Format(TransactionID id) =>
        $"{Format(id.AccountID)}@{id.TransactionValidStart.Seconds}.{id.TransactionValidStart.Nanos:D9}";

    public static string Format(AccountID id) => $"{id.ShardNum}.{id.RealmNum}.{id.AccountNum}";

    public static string ToMirrorForm(string transactionId)
    {
        var at = transactionId.IndexOf('@');
        if (at < 0)
        {
            return transactionId;
        }
        var parts = transactionId[(at + 1)..].Split('.');
        return parts.Length == 2 ? $"{transactionId[..at]}-{parts[0]}-{parts[1]}" : transactionId;
    }

    /// <summary>"1767225601.123456789" → instant.</summary>
    public static DateTimeOffset ParseConsensusTimestamp(string value)
    {
        var parts = value.Split('.');
        var seconds = long.Parse(parts[0], CultureInfo.InvariantCulture);
        var nanos = parts.Length > 1 ? long.Parse(parts[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture) : 0;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }

    public static AccountID ToProto(HederaAccountId id) => new() { ShardNum = id.Shard, RealmNum = id.Realm, AccountNum = id.Num };

    public static TokenID ToTokenProto(HederaAccountId id) => new() { ShardNum = id.Shard, RealmNum = id.Realm, TokenNum = id.Num };
}

/// <summary>
/// Builds and signs HAPI transactions: bodyBytes = TransactionBody protobuf; the ed25519 signature is
/// over bodyBytes; SignedTransaction{bodyBytes, sigMap{pubKeyPrefix = full public key, ed25519 = sig}};
/// Transaction{signedTransactionBytes}. We always sign our own serialized bytes and send exactly them.
/// </summary>
public static class HederaTransactions
{
    /// <summary>SDK default: 90 days.</summary>
    public const long AutoRenewSeconds = 7_776_000;

    public static TransactionBody Body(AccountID payer, DateTimeOffset validStart, AccountID node, long maxFeeTinybars, TimeSpan validDuration, string? memo)
    {
        var sinceEpoch = (validStart - DateTimeOffset.UnixEpoch).Ticks;
        return new TransactionBody
        {
            TransactionID = new TransactionID
            {
                AccountID = payer,
                TransactionValidStart = new Timestamp
                {
                    Seconds = sinceEpoch / TimeSpan.TicksPerSecond,
                    Nanos = (int)(sinceEpoch % TimeSpan.TicksPerSecond * 100),
                },
            },
            NodeAccountID = node,
            TransactionFee = (ulong)maxFeeTinybars,
            TransactionValidDuration = new Duration { Seconds = (long)validDuration.TotalSeconds },
            Memo = memo ?? "",
        };
    }

    public static TransactionBody CryptoCreate(TransactionBody body, ReadOnlySpan<byte> publicKey, long initialBalanceTinybars)
    {
        body.CryptoCreateAccount = new CryptoCreateTransactionBody
        {
            Key = new HapiKey { Ed25519 = ByteString.CopyFrom(publicKey) },
            InitialBalance = (ulong)initialBalanceTinybars,
            AutoRenewPeriod = new Duration { Seconds = AutoRenewSeconds },
            // Lets the account receive HTS tokens (USDC) without a separate TokenAssociate.
            MaxAutomaticTokenAssociations = 10,
        };
        return body;
    }

    public static TransactionBody HbarTransfer(TransactionBody body, AccountID from, AccountID to, long tinybars)
    {
        body.CryptoTransfer = new CryptoTransferTransactionBody
        {
            Transfers = new TransferList
            {
                AccountAmounts = { new AccountAmount { AccountID = from, Amount = -tinybars }, new AccountAmount { AccountID = to, Amount = tinybars } },
            },
        };
        return body;
    }

    public static TransactionBody TokenTransfer(TransactionBody body, TokenID token, AccountID from, AccountID to, long units)
    {
        body.CryptoTransfer = new CryptoTransferTransactionBody
        {
            TokenTransfers =
            {
                new TokenTransferList
                {
                    Token = token,
                    Transfers = { new AccountAmount { AccountID = from, Amount = -units }, new AccountAmount { AccountID = to, Amount = units } },
                },
            },
        };
        return body;
    }

    /// <summary>Serializes the body once, signs those bytes with the ed25519 seed, wraps them.</summary>
    public static Transaction Sign(TransactionBody body, ReadOnlySpan<byte> seed)
    {
        var bodyBytes = body.ToByteString();
        using var key = Key_Import(seed);
        var signature = SignatureAlgorithm.Ed25519.Sign(key, bodyBytes.Span);
        var signed = new SignedTransaction
        {
            BodyBytes = bodyBytes,
            SigMap = new SignatureMap
            {
                SigPair =
                {
                    new SignaturePair
                    {
                        PubKeyPrefix = ByteString.CopyFrom(key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
                        Ed25519 = ByteString.CopyFrom(signature),
                    },
                },
            },
        };
        return new Transaction { SignedTransactionBytes = signed.ToByteString() };
    }

    /// <summary>True when every signature pair verifies over bodyBytes (what a node checks first).</summary>
    public static bool SignaturesVerify(SignedTransaction signed)
    {
        if (signed.SigMap is null || signed.SigMap.SigPair.Count == 0)
        {
            return false;
        }
        foreach (var pair in signed.SigMap.SigPair)
        {
            if (pair.SignatureCase != SignaturePair.SignatureOneofCase.Ed25519
                || !PublicKey.TryImport(SignatureAlgorithm.Ed25519, pair.PubKeyPrefix.Span, KeyBlobFormat.RawPublicKey, out var pub)
                || pub is null
                || !SignatureAlgorithm.Ed25519.Verify(pub, signed.BodyBytes.Span, pair.Ed25519.Span))
            {
                return false;
            }
        }
        return true;
    }

    public static byte[] PublicKeyOf(ReadOnlySpan<byte> seed)
    {
        using var key = Key_Import(seed);
        return key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
    }

    private static NSec.Cryptography.Key Key_Import(ReadOnlySpan<byte> seed) =>
        NSec.Cryptography.Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
}
