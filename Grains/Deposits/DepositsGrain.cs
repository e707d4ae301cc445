using System.Security.Cryptography;
using System.Text;
using Orleans.Concurrency;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Deposits;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.LedgerSync;

namespace Rowell.Grains.Deposits;

/// <summary>Deposit reads, and the sandbox's inbound payment through the same recording path as the testnet sync.</summary>
[StatelessWorker, Reentrant]
public sealed class DepositsGrain(IDepositStore store, DepositRecorder recorder, IWalletDirectory wallets, LedgerRegistry ledgers, RowellSettings settings)
    : Grain, IDepositsGrain
{
    /// <summary>A single sandbox deposit's ceiling, in whole units (as for /sandbox/fund).</summary>
    public const decimal MaxDeposit = 1_000_000_000m;

    /// <summary>The external sender a sandbox deposit names when the caller gives none.</summary>
    public static string DefaultFromAddress(Network network) => network == Network.Stellar
        ? Ledgers.Stellar.StrKey.EncodeAccountId(SHA256.HashData(Encoding.UTF8.GetBytes("rowell/sandbox/external-sender")))
        : "0.0.98";

    public Task<Page<DepositView>> List(string developerId, DepositFilter filter, PageRequest page, CancellationToken cancellationToken = default) =>
        store.ListAsync(developerId, filter, page, cancellationToken);

    public async Task<DepositView?> Get(string developerId, string depositId, CancellationToken cancellationToken = default) =>
        await store.GetAsync(depositId, cancellationToken) is { } d && d.DeveloperId == developerId ? d : null;

    public async Task<DepositView> SandboxDeposit(string developerId, string depositId, SandboxDepositCommand command, CancellationToken cancellationToken = default)
    {
        if (settings.Ledger != "sandbox")
        {
            throw new RowellException(ErrorCodes.Conflict, "Sandbox deposits need the sandbox ledger (ROWELL_LEDGER=sandbox); on a real testnet send a payment to the wallet address.");
        }
        var account = await GrainFactory.GetGrain<IAccountGrain>(command.AccountId).Get(developerId) ?? throw RowellException.NotFound("Account");
        if (account.Environment != LedgerEnvironment.Testnet)
        {
            throw new RowellException(ErrorCodes.Forbidden, "Only testnet accounts can receive sandbox deposits.");
        }
        // As for funding: the asset decides the network; USDC prefers the account's own network.
        var wallet = account.Wallets
            .Where(w => AssetCatalog.Find(w.Network, w.Environment, command.AssetCode) is not null)
            .OrderByDescending(w => w.Network == account.Network)
            .FirstOrDefault()
            ?? throw RowellException.Validation("asset_code", $"Account {account.Id} has no wallet that holds {command.AssetCode} (XLM needs a stellar wallet, HBAR a hedera one).");
        var asset = AssetCatalog.Find(wallet.Network, wallet.Environment, command.AssetCode)!;
        if (!Money.TryToMinor(command.Amount, asset.Decimals, out var minor) || minor <= 0 || command.Amount > MaxDeposit)
        {
            throw RowellException.Validation("amount", $"amount must be positive, at most {MaxDeposit} and have at most {asset.Decimals} decimals for {asset.Code}.");
        }
        var from = command.FromAddress ?? DefaultFromAddress(wallet.Network);
        if (!ledgers.For(wallet.Network).IsValidAddress(from))
        {
            throw RowellException.Validation("from_address", $"'{from}' is not a {wallet.Network.Wire()} address.");
        }
        if ((await wallets.FindAsync(wallet.Network, [from], cancellationToken)).Count > 0)
        {
            throw RowellException.Validation("from_address", "from_address must be an external address: a payment between Rowell wallets is a transfer, not a deposit.");
        }
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-deposit/" + depositId)));
        var payment = new InboundPayment(wallet.Network, "sandbox/" + depositId, hash, from, wallet.Address, asset.Code, minor, asset.Decimals, DateTimeOffset.UtcNow);
        var owner = new WalletAddress(wallet.Network, wallet.Address, wallet.Id, account.Id, developerId, wallet.Environment);
        var (deposit, _) = await recorder.RecordAsync(payment, owner, depositId, new SandboxCredit(wallet.Network, wallet.Address, asset.Code, minor), cancellationToken);
        return deposit;
    }
}
