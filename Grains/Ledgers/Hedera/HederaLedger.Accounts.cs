using Google.Protobuf;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Hedera.Hapi;
using Rowell.Grains.Ledgers.Submissions;

namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>
/// Opening a wallet's account: CryptoCreate (paid by the operator) and the USDC token association (paid by
/// the wallet). Both are signed once and stored BEFORE they are sent; a retry after a crash re-sends those
/// bytes (the node de-duplicates by TransactionID), so a crash between create and receipt can no longer cost
/// a second account. A new transaction is signed only on proof the stored one never reached consensus.
/// </summary>
public sealed partial class HederaLedger
{
    public static string CreateId(ReadOnlySpan<byte> publicKey) => "create:" + Convert.ToHexStringLower(publicKey);

    public static string AssociationId(string walletId, string assetCode) => $"associate:{walletId}:{assetCode}";

    public async Task<string> CreateAccountAsync(LedgerEnvironment environment, ReadOnlyMemory<byte> publicKey, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(environment, Network);
        if (settings.HederaOperatorId is null || settings.HederaOperatorKey is null)
        {
            throw new RowellException(ErrorCodes.LedgerUnavailable,
                "Hedera account creation needs an operator account to pay for it: set HEDERA_OPERATOR_ID (0.0.N) and "
                + "HEDERA_OPERATOR_KEY (its ed25519 private key, DER hex 302e… or the 32-byte seed in hex). Testnet operators come from portal.hedera.com.");
        }
        // A retry after the account was made (and the mirror has caught up) finds it by its key.
        if (await mirror.FindAccountByPublicKeyAsync(MirrorFor(environment), publicKey, cancellationToken) is { } existing)
        {
            return existing;
        }
        var id = CreateId(publicKey.Span);
        var stored = await store.GetAsync(Network, id, cancellationToken)
            ?? await store.PutAsync(SignCreate(environment, id, publicKey.Span), replacesHash: null, cancellationToken);
        for (var build = 0; build < 2; build++)
        {
            switch (stored.Status)
            {
                case LedgerTxStatus.Success:
                    // Created: the receipt said so before a crash. The mirror lists it within seconds.
                    throw new RowellException(ErrorCodes.LedgerUnavailable,
                        $"The Hedera account was created ({stored.Hash}) but the mirror node does not list it yet; try again shortly.");
                case LedgerTxStatus.Failed:
                    // Reached consensus and failed (e.g. the operator could not pay): no account exists, a new create may.
                    stored = await store.PutAsync(SignCreate(environment, id, publicKey.Span), replacesHash: stored.Hash, cancellationToken);
                    continue;
            }
            var node = NodeFor(environment);
            var tx = Transaction.Parser.ParseFrom(Convert.FromBase64String(stored.SignedTx));
            var body = TransactionBody.Parser.ParseFrom(SignedTransaction.Parser.ParseFrom(tx.SignedTransactionBytes).BodyBytes);
            var response = await hapi.CreateAccountAsync(node, tx, cancellationToken);
            if (response.NodeTransactionPrecheckCode is ResponseCodeEnum.Ok or ResponseCodeEnum.DuplicateTransaction)
            {
                var receipt = await hapi.GetReceiptAsync(node, body.TransactionID, cancellationToken);
                if (receipt.Status == ResponseCodeEnum.Success && receipt.AccountID is not null)
                {
                    await SettleAsync(stored, LedgerTxStatus.Success, null, null, cancellationToken);
                    return HederaTransactionIds.Format(receipt.AccountID);
                }
                if (receipt.Status is ResponseCodeEnum.Unknown or ResponseCodeEnum.ReceiptNotFound)
                {
                    throw new RowellException(ErrorCodes.LedgerUnavailable,
                        $"Hedera has not confirmed the new account yet (transaction {stored.Hash}); opening the wallet again re-sends the same create.");
                }
                await SettleAsync(stored, LedgerTxStatus.Failed, Name(receipt.Status), null, cancellationToken);
                throw PrecheckError(receipt.Status, "The operator account");
            }
            if (response.NodeTransactionPrecheckCode != ResponseCodeEnum.TransactionExpired)
            {
                throw PrecheckError(response.NodeTransactionPrecheckCode, "The operator account");
            }
            var (seen, provenDead) = await ProveNeverAppliesAsync(stored, body, cancellationToken);
            if (seen is not null)
            {
                stored = await SettleFromMirrorAsync(stored, seen, cancellationToken);
                continue;
            }
            if (!provenDead)
            {
                throw new RowellException(ErrorCodes.LedgerUnavailable,
                    $"The account create {stored.Hash} has expired but the mirror node has not caught up past it; try again shortly.");
            }
            stored = await store.PutAsync(SignCreate(environment, id, publicKey.Span), replacesHash: stored.Hash, cancellationToken);
        }
        throw new RowellException(ErrorCodes.LedgerUnavailable, "Hedera did not open the account; try again later.");
    }

    public async Task<LedgerSubmission?> EnsureAssetsAsync(LedgerEnvironment environment, string walletId, string address, ReadOnlyMemory<byte> signerSeed, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(environment, Network);
        var usdc = AssetCatalog.Find(Network, environment, "USDC");
        if (usdc is null)
        {
            return null;
        }
        var id = AssociationId(walletId, usdc.Code);
        var stored = await store.GetAsync(Network, id, cancellationToken);
        if (stored is null)
        {
            var account = await mirror.GetAccountAsync(MirrorFor(environment), address, cancellationToken);
            if (account is not null && account.Tokens.Any(t => t.TokenId == usdc.Issuer))
            {
                return null; // already associated
            }
            stored = await store.PutAsync(SignAssociate(environment, id, address, usdc.Issuer!, signerSeed.Span), replacesHash: null, cancellationToken);
        }
        var sent = await SendAsync(stored, cancellationToken);
        if (sent.ProvenDead is not null)
        {
            var rebuilt = await store.PutAsync(SignAssociate(environment, id, address, usdc.Issuer!, signerSeed.Span), replacesHash: sent.ProvenDead.Hash, cancellationToken);
            sent = await SendAsync(rebuilt, cancellationToken);
        }
        return sent.Result switch
        {
            { Status: LedgerTxStatus.Success } done => done,
            { Status: LedgerTxStatus.Failed } failed => throw new RowellException(ErrorCodes.LedgerUnavailable,
                $"Hedera refused to associate {address} with {usdc.Code} ({failed.FailureCode}); the account may need more HBAR for the fee."),
            _ => throw new RowellException(ErrorCodes.LedgerUnavailable,
                $"The {usdc.Code} association of {address} is not final yet; opening the wallet again re-sends the same transaction."),
        };
    }

    private StoredSubmission SignCreate(LedgerEnvironment environment, string id, ReadOnlySpan<byte> publicKey)
    {
        var (operatorId, operatorSeed) = Operator();
        try
        {
            var node = NodeFor(environment);
            var body = HederaTransactions.CryptoCreate(
                HederaTransactions.Body(HederaTransactionIds.ToProto(operatorId), ValidStart(), HederaTransactionIds.ToProto(node.Account),
                    CreateMaxFeeTinybars, settings.TransactionValidity, "rowell wallet"),
                publicKey, settings.HederaInitialBalanceTinybars);
            var tx = HederaTransactions.Sign(body, operatorSeed);
            return new StoredSubmission(Network, id, environment, HederaTransactionIds.Format(body.TransactionID),
                Convert.ToBase64String(tx.ToByteArray()), LedgerTxStatus.Pending, null, time.GetUtcNow(), null);
        }
        finally
        {
            Array.Clear(operatorSeed);
        }
    }

    /// <summary>The wallet pays for its own association (it holds the initial balance the operator gave it).</summary>
    private StoredSubmission SignAssociate(LedgerEnvironment environment, string id, string address, string tokenId, ReadOnlySpan<byte> seed)
    {
        var account = HederaTransactionIds.ToProto(HederaAccountId.Parse(address));
        var node = NodeFor(environment);
        var body = HederaTransactions.Body(account, ValidStart(), HederaTransactionIds.ToProto(node.Account), DefaultMaxFeeTinybars,
            settings.TransactionValidity, "rowell wallet usdc");
        body.TokenAssociate = new TokenAssociateTransactionBody { Account = account, Tokens = { HederaTransactionIds.ToTokenProto(HederaAccountId.Parse(tokenId)) } };
        var tx = HederaTransactions.Sign(body, seed);
        return new StoredSubmission(Network, id, environment, HederaTransactionIds.Format(body.TransactionID),
            Convert.ToBase64String(tx.ToByteArray()), LedgerTxStatus.Pending, null, time.GetUtcNow(), null);
    }
}
