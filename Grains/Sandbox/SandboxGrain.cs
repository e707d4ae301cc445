using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Sandbox;
using Rowell.Abstractions.Transfers;
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
    RowellSettings settings,
    CountryCatalog countries) : Grain, ISandboxGrain
{
    public const int MaxSimulatedAccounts = 50;
    public const int MaxSimulatedTransfers = 200;

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

    public async Task<SandboxSimulateResult> Simulate(SandboxSimulateCommand command, CancellationToken cancellationToken = default)
    {
        if (command.Accounts is < 2 or > MaxSimulatedAccounts)
        {
            throw RowellException.Validation("accounts", $"accounts must be from 2 to {MaxSimulatedAccounts}.");
        }
        if (command.Transfers is < 0 or > MaxSimulatedTransfers)
        {
            throw RowellException.Validation("transfers", $"transfers must be from 0 to {MaxSimulatedTransfers}.");
        }
        var random = new Random();
        var codes = countries.Codes.Order(StringComparer.Ordinal).ToArray();
        var types = Enum.GetValues<AccountType>();
        var accounts = new List<AccountView>();
        for (var i = 0; i < command.Accounts; i++)
        {
            // Mostly Stellar, some Hedera, so both networks carry traffic; transfers stay within a network.
            var network = i % 4 == 3 ? Network.Hedera : Network.Stellar;
            var metadata = new Dictionary<string, string> { ["simulated"] = "true", ["customer_ref"] = $"sim-{i + 1:000}" };
            accounts.Add(await GrainFactory.GetGrain<IAccountGrain>(RowellIds.New(RowellIds.Account)).Create(new CreateAccountCommand(
                DeveloperId, network, LedgerEnvironment.Testnet, types[random.Next(types.Length)], codes[random.Next(codes.Length)], metadata), cancellationToken));
        }

        var transferIds = new List<string>();
        var statuses = new Dictionary<string, int>(StringComparer.Ordinal);
        var refused = 0;
        for (var i = 0; i < command.Transfers; i++)
        {
            var from = accounts[random.Next(accounts.Count)];
            var peers = accounts.Where(a => a.Id != from.Id && a.Network == from.Network).ToList();
            if (peers.Count == 0)
            {
                // A lone Hedera account: send between Stellar accounts instead (there are always at least two).
                var stellar = accounts.Where(a => a.Network == Network.Stellar).ToList();
                from = stellar[0];
                peers = stellar.Skip(1).ToList();
            }
            var to = peers[random.Next(peers.Count)];
            // Realistic remittance sizes in USDC, a few in the native asset.
            var native = random.Next(5) == 0;
            var asset = native ? (from.Network == Network.Stellar ? "XLM" : "HBAR") : "USDC";
            var amount = native ? random.Next(1, 50) : Math.Round((decimal)random.Next(500, 15_000) / 100m, 2);
            try
            {
                var transfer = await GrainFactory.GetGrain<ITransferGrain>(RowellIds.New(RowellIds.Transfer)).Create(new CreateTransferCommand(
                    DeveloperId, from.Id, to.Id, asset, amount, $"sim {i + 1}", new Dictionary<string, string> { ["simulated"] = "true" },
                    from.CountryCode, to.CountryCode), cancellationToken);
                transferIds.Add(transfer.Id);
                var status = transfer.Status.Wire();
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
            }
            catch (RowellException)
            {
                // A refusal (compliance, funds) is part of realistic traffic: counted, not fatal.
                refused++;
            }
        }
        return new SandboxSimulateResult(accounts.Select(a => a.Id).ToList(), transferIds, statuses, refused);
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
