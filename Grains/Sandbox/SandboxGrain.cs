using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Sandbox;
using Rowell.Grains.Accounts;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Sandbox;

namespace Rowell.Grains.Sandbox;

/// <summary>
/// Sandbox tools for one developer. No state of its own: accounts and wallets stay the owners of their
/// data; this grain only sequences calls to them and to the sandbox ledger's books.
/// </summary>
public sealed class SandboxGrain(
    IAccountReadModel readModel,
    ISandboxLedgerStore ledgerStore,
    RowellSettings settings) : Grain, ISandboxGrain
{
    /// <summary>A single fund call's ceiling, in whole units: keeps sandbox balances far from long overflow.</summary>
    public const decimal MaxFund = 1_000_000_000m;

    private string DeveloperId => this.GetPrimaryKeyString();

    public async Task<IReadOnlyList<BalanceView>> Fund(SandboxFundCommand command, CancellationToken cancellationToken = default)
    {
        if (settings.Ledger != "sandbox")
        {
            throw new RowellException(ErrorCodes.Conflict, "Funding needs the sandbox ledger (ROWELL_LEDGER=sandbox); on a real testnet use its faucet.");
        }
        var accountGrain = GrainFactory.GetGrain<IAccountGrain>(command.AccountId);
        var account = await accountGrain.Get(DeveloperId) ?? throw RowellException.NotFound("Account");
        if (account.Environment != LedgerEnvironment.Testnet)
        {
            throw new RowellException(ErrorCodes.Forbidden, "Only testnet accounts can be funded from the sandbox.");
        }
        // The asset decides the network (XLM → Stellar, HBAR → Hedera); USDC prefers the account's own network.
        var candidates = account.Wallets
            .Where(w => AssetCatalog.Find(w.Network, w.Environment, command.AssetCode) is not null)
            .OrderByDescending(w => w.Network == account.Network)
            .ToList();
        var wallet = candidates.FirstOrDefault()
            ?? throw RowellException.Validation("asset_code", $"Account {account.Id} has no wallet that holds {command.AssetCode} (XLM needs a stellar wallet, HBAR a hedera one).");
        var asset = AssetCatalog.Find(wallet.Network, wallet.Environment, command.AssetCode)!;
        if (!Money.TryToMinor(command.Amount, asset.Decimals, out var minor) || minor <= 0 || command.Amount > MaxFund)
        {
            throw RowellException.Validation("amount", $"amount must be positive, at most {MaxFund} and have at most {asset.Decimals} decimals for {asset.Code}.");
        }
        await ledgerStore.CreditAsync(wallet.Network, wallet.Address, asset.Code, minor, cancellationToken);
        return await accountGrain.GetBalances(DeveloperId, cancellationToken);
    }

    public async Task<SandboxResetResult> Reset(CancellationToken cancellationToken = default)
    {
        var deleted = new List<string>();
        var attempted = new HashSet<string>(StringComparer.Ordinal);
        var wallets = 0;
        var testnetOnly = new AccountFilter(Environment: LedgerEnvironment.Testnet);
        // Always re-read the first page: rows vanish as accounts are deleted, so cursors would dangle.
        while (true)
        {
            var page = await readModel.ListAsync(DeveloperId, testnetOnly, new PageRequest(100, null, null), cancellationToken);
            var fresh = page.Items.Where(a => attempted.Add(a.Id)).ToList();
            if (fresh.Count == 0)
            {
                break;
            }
            foreach (var account in fresh)
            {
                var walletCount = await GrainFactory.GetGrain<IAccountGrain>(account.Id).DeleteSandbox(DeveloperId, cancellationToken);
                wallets += walletCount;
                deleted.Add(account.Id);
            }
        }
        return new SandboxResetResult(deleted, wallets);
    }
}
