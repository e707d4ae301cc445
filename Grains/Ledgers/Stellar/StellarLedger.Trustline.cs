using Rowell.Abstractions.Common;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>Opening a wallet: the USDC trustline (changeTrust), submitted like a payment — once, crash-safely.</summary>
public sealed partial class StellarLedger
{
    /// <summary>The submission-store key of a wallet's trustline: one per wallet and asset.</summary>
    public static string TrustlineId(string walletId, string assetCode) => $"trust:{walletId}:{assetCode}";

    public async Task<LedgerSubmission?> EnsureAssetsAsync(LedgerEnvironment environment, string walletId, string address, ReadOnlyMemory<byte> signerSeed, CancellationToken cancellationToken)
    {
        settings.EnsureAllowed(environment, Network);
        var usdc = AssetCatalog.Find(Network, environment, "USDC");
        if (usdc is null)
        {
            return null;
        }
        var line = StellarAsset.Credit(usdc.Code, usdc.Issuer!);
        var id = TrustlineId(walletId, usdc.Code);
        var stored = await store.GetAsync(Network, id, cancellationToken);
        if (stored is null)
        {
            var account = await horizon.GetAccountAsync(HorizonFor(environment), address, cancellationToken)
                ?? throw new RowellException(ErrorCodes.LedgerUnavailable, $"Stellar account {address} is not on the ledger yet; opening the wallet will be retried.");
            if (account.Balances.Any(b => b.AssetCode == usdc.Code && b.AssetIssuer == usdc.Issuer))
            {
                return null; // already trusted (opened by hand, or a store that lost its row)
            }
            stored = await store.PutAsync(Sign(id, environment, address, signerSeed, account.Sequence, new ChangeTrustOperation(line), StellarMemo.None, 0),
                replacesHash: null, cancellationToken);
        }
        var sent = await SendAsync(stored, cancellationToken);
        if (sent.ProvenDead is not null)
        {
            var account = await horizon.GetAccountAsync(HorizonFor(environment), address, cancellationToken)
                ?? throw new RowellException(ErrorCodes.LedgerUnavailable, $"Stellar account {address} is not on the ledger yet.");
            var rebuilt = await store.PutAsync(Sign(id, environment, address, signerSeed, account.Sequence, new ChangeTrustOperation(line), StellarMemo.None, 0),
                replacesHash: sent.ProvenDead.Hash, cancellationToken);
            sent = await SendAsync(rebuilt, cancellationToken);
        }
        return sent.Result switch
        {
            { Status: LedgerTxStatus.Success } done => done,
            { Status: LedgerTxStatus.Failed } failed => throw new RowellException(ErrorCodes.LedgerUnavailable,
                $"Stellar refused the {usdc.Code} trustline for {address} ({failed.FailureCode}); the account may need more XLM for the reserve."),
            _ => throw new RowellException(ErrorCodes.LedgerUnavailable,
                $"The {usdc.Code} trustline for {address} is not final yet; opening the wallet again re-sends the same transaction."),
        };
    }
}
