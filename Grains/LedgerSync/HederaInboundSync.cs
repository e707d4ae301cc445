using System.Globalization;
using Rowell.Abstractions.Common;
using Rowell.Grains.Deposits;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Hedera;

namespace Rowell.Grains.LedgerSync;

/// <summary>
/// Hedera: the mirror node's network-wide /transactions after our consensus timestamp, HBAR and HTS
/// transfers. A transaction paid for or debiting one of our accounts is ours (a transfer), never a deposit.
/// Deposits are recorded (idempotent by transaction id + asset + account) before the cursor moves.
/// </summary>
public sealed class HederaInboundSync(
    MirrorNodeClient mirror,
    MirrorTransactionsClient transactions,
    IWalletDirectory directory,
    ISyncCursorStore cursors,
    DepositRecorder recorder,
    LedgerSettings settings) : IInboundSync
{
    public Network Network => Network.Hedera;

    public async Task<SyncReport> RunOnceAsync(LedgerEnvironment environment, CancellationToken cancellationToken)
    {
        var url = environment == LedgerEnvironment.Mainnet ? settings.HederaMainnetUrl : settings.HederaTestnetUrl;
        var cursor = await cursors.GetAsync(Network, environment, cancellationToken);
        if (cursor is null)
        {
            var latest = await mirror.GetLatestConsensusAsync(url, cancellationToken) ?? DateTimeOffset.UtcNow;
            cursor = FormatTimestamp(latest);
            await cursors.SetAsync(Network, environment, cursor, cancellationToken);
            return new SyncReport(1, 0, 0, cursor);
        }
        var usdc = AssetCatalog.Find(Network, environment, "USDC")!;
        var (requests, records, deposits) = (0, 0, 0);
        for (var pageNo = 0; pageNo < SyncLimits.MaxPagesPerPass; pageNo++)
        {
            var page = await transactions.GetTransactionsAsync(url, cursor, MirrorTransactionsClient.MaxLimit, cancellationToken);
            requests++;
            if (page.LastTimestamp is null)
            {
                break;
            }
            records += page.RawCount;
            var accounts = page.Records.SelectMany(t => t.Transfers.Select(x => x.Account).Append(t.Payer)).Distinct().ToList();
            var ours = await directory.FindAsync(Network, accounts, cancellationToken);
            foreach (var tx in page.Records)
            {
                if (ours.ContainsKey(tx.Payer) || tx.Transfers.Any(x => x.Amount < 0 && ours.ContainsKey(x.Account)))
                {
                    continue; // we sent it
                }
                foreach (var credit in tx.Transfers.Where(x => ours.ContainsKey(x.Account)).GroupBy(x => (x.Account, x.TokenId)))
                {
                    var amount = credit.Sum(x => x.Amount);
                    var wallet = ours[credit.Key.Account];
                    var asset = credit.Key.TokenId is null ? AssetCatalog.Native(Network, environment)
                        : credit.Key.TokenId == usdc.Issuer ? usdc : null;
                    if (amount <= 0 || asset is null || wallet.Environment != environment)
                    {
                        continue;
                    }
                    // The sender: whoever gave up most of the same asset; the payer if none did.
                    var from = tx.Transfers.Where(x => x.TokenId == credit.Key.TokenId && x.Amount < 0).MinBy(x => x.Amount)?.Account ?? tx.Payer;
                    var (_, created) = await recorder.RecordAsync(
                        new InboundPayment(Network, $"{tx.TransactionId}/{credit.Key.TokenId ?? "HBAR"}/{credit.Key.Account}", tx.TransactionId,
                            from, credit.Key.Account, asset.Code, amount, asset.Decimals, HederaTransactionIds.ParseConsensusTimestamp(tx.ConsensusTimestamp)),
                        wallet, cancellationToken: cancellationToken);
                    deposits += created ? 1 : 0;
                }
            }
            cursor = page.LastTimestamp;
            await cursors.SetAsync(Network, environment, cursor, cancellationToken);
            if (page.RawCount < MirrorTransactionsClient.MaxLimit)
            {
                break;
            }
        }
        return new SyncReport(requests, records, deposits, cursor);
    }

    private static string FormatTimestamp(DateTimeOffset at)
    {
        var ticks = (at - DateTimeOffset.UnixEpoch).Ticks;
        return string.Create(CultureInfo.InvariantCulture, $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
    }
}
