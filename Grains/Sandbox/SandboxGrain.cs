using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Sandbox;
using Rowell.Grains.Accounts;
using Rowell.Grains.Hosting;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Sandbox;

namespace Rowell.Grains.Sandbox;

/// <summary>
/// Sandbox tools for one developer. Accounts, wallets and simulations stay the owners of their data;
/// this grain sequences calls to them and to the sandbox ledger's books, and remembers only which
/// simulations are running, so a reset can stop them before it deletes their accounts.
/// </summary>
public sealed class SandboxGrain(
    [PersistentState("sandbox")] IPersistentState<SandboxState> state,
    IAccountReadModel readModel,
    ISandboxLedgerStore ledgerStore,
    RowellSettings settings) : Grain, ISandboxGrain
{
    public const string StoppedByReset = "Stopped by a sandbox reset (POST /sandbox/reset); the accounts it had created were deleted by that reset.";

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

    public async Task<SandboxSimulationView> StartSimulation(string simulationId, SandboxSimulateCommand command, CancellationToken cancellationToken = default)
    {
        SandboxSimulationLimits.Validate(command);
        // Tracked before it starts, so a reset always finds it.
        if (state.State.RunningSimulations.Add(simulationId))
        {
            await state.WriteStateAsync(cancellationToken);
        }
        return await GrainFactory.GetGrain<ISandboxSimulationGrain>(simulationId).Start(DeveloperId, command, cancellationToken);
    }

    public async Task SimulationFinished(string simulationId)
    {
        if (state.State.RunningSimulations.Remove(simulationId))
        {
            await state.WriteStateAsync();
        }
    }

    public async Task<SandboxResetResult> Reset(CancellationToken cancellationToken = default)
    {
        // Simulations first: stopped before the accounts go, none can create anything after this reset.
        var stopped = new List<string>();
        foreach (var simulationId in state.State.RunningSimulations.Order(StringComparer.Ordinal).ToList())
        {
            if (await GrainFactory.GetGrain<ISandboxSimulationGrain>(simulationId).Cancel(DeveloperId, StoppedByReset, cancellationToken))
            {
                stopped.Add(simulationId);
            }
        }
        if (state.State.RunningSimulations.Count > 0)
        {
            state.State.RunningSimulations.Clear();
            await state.WriteStateAsync(cancellationToken);
        }

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
        return new SandboxResetResult(deleted, wallets, stopped);
    }
}
