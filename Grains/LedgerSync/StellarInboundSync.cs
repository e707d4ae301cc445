using Rowell.Abstractions.Common;
using Rowell.Grains.Deposits;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Grains.LedgerSync;

/// <summary>
/// Stellar: Horizon's network-wide /payments after our paging token. Each page is matched against our
/// addresses with one directory lookup; deposits are recorded (idempotent by operation id) BEFORE the
/// cursor moves past them, so a crash in between re-reads the page and records nothing twice.
/// </summary>
public sealed class StellarInboundSync(
    HorizonClient horizon,
    HorizonPaymentsClient payments,
    IWalletDirectory directory,
    ISyncCursorStore cursors,
    DepositRecorder recorder,
    LedgerSettings settings) : IInboundSync
{
    public Network Network => Network.Stellar;

    public async Task<SyncReport> RunOnceAsync(LedgerEnvironment environment, CancellationToken cancellationToken)
    {
        var url = environment == LedgerEnvironment.Mainnet ? settings.StellarMainnetUrl : settings.StellarTestnetUrl;
        var cursor = await cursors.GetAsync(Network, environment, cancellationToken);
        if (cursor is null)
        {
            // First run: start at the ledger Horizon has now (history before Rowell held any wallet holds no deposit of ours).
            var latest = await horizon.GetLatestLedgerAsync(url, cancellationToken);
            await cursors.SetAsync(Network, environment, latest.PagingToken, cancellationToken);
            return new SyncReport(1, 0, 0, latest.PagingToken);
        }
        var usdc = AssetCatalog.Find(Network, environment, "USDC")!;
        var (requests, records, deposits) = (0, 0, 0);
        for (var pageNo = 0; pageNo < SyncLimits.MaxPagesPerPass; pageNo++)
        {
            var page = await payments.GetPaymentsAsync(url, cursor, HorizonPaymentsClient.MaxLimit, cancellationToken);
            requests++;
            records += page.RawCount;
            if (page.RawCount == 0 || page.LastPagingToken is null)
            {
                break;
            }
            var candidates = page.Records.Where(r => r.Successful && AssetOf(r, usdc) is not null).ToList();
            var ours = await directory.FindAsync(Network, candidates.SelectMany(r => new[] { r.From, r.To }).Distinct().ToList(), cancellationToken);
            foreach (var r in candidates)
            {
                // Into one of our wallets, and not sent by one of ours (that is a transfer, recorded as such).
                if (!ours.TryGetValue(r.To, out var wallet) || wallet.Environment != environment || ours.ContainsKey(r.From))
                {
                    continue;
                }
                var asset = AssetOf(r, usdc)!;
                var (_, created) = await recorder.RecordAsync(
                    new InboundPayment(Network, r.Id, r.TransactionHash, r.From, r.To, asset.Code, r.Stroops, asset.Decimals, r.CreatedAt),
                    wallet, cancellationToken: cancellationToken);
                deposits += created ? 1 : 0;
            }
            cursor = page.LastPagingToken;
            await cursors.SetAsync(Network, environment, cursor, cancellationToken);
            if (page.RawCount < HorizonPaymentsClient.MaxLimit)
            {
                break;
            }
        }
        return new SyncReport(requests, records, deposits, cursor);
    }

    /// <summary>XLM, or USDC from the catalog's issuer; any other asset is not one Rowell holds.</summary>
    private static AssetInfo? AssetOf(HorizonPaymentRecord r, AssetInfo usdc) => r.AssetType switch
    {
        "native" => AssetCatalog.Native(Network.Stellar, LedgerEnvironment.Testnet),
        "credit_alphanum4" when r.AssetCode == usdc.Code && r.AssetIssuer == usdc.Issuer => usdc,
        _ => null,
    };
}
