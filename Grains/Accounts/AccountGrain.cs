using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Events;

namespace Rowell.Grains.Accounts;

public sealed class AccountGrain(
    [PersistentState("account")] IPersistentState<AccountState> state,
    IAccountReadModel readModel,
    CountryCatalog countries,
    IEventLog events,
    TimeProvider time) : Grain, IAccountGrain
{
    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Self-repair after a crash between "state written" and "wallet / read model / event log written".
        if (state.RecordExists)
        {
            await GrainEventOutbox.FlushAsync(events, state.State.PendingEvents, cancellationToken);
        }
        if (state.RecordExists && state.State.DeletedAt is not null)
        {
            await FinishDeleteAsync(cancellationToken);
        }
        else if (state.RecordExists)
        {
            await CompletePendingWalletsAsync(cancellationToken);
            await readModel.UpsertAsync(View(), state.State.Version, cancellationToken);
        }
    }

    public async Task<AccountView> Create(CreateAccountCommand command, CancellationToken cancellationToken = default)
    {
        if (state.RecordExists)
        {
            var s = state.State;
            if (s.DeletedAt is not null)
            {
                throw new RowellException(ErrorCodes.Conflict, $"Account {Id} was deleted.");
            }
            var same = s.DeveloperId == command.DeveloperId && s.Network == command.Network && s.Environment == command.Environment
                && s.AccountType == command.AccountType && s.CountryCode == command.CountryCode;
            if (!same)
            {
                throw new RowellException(ErrorCodes.Conflict, $"Account {Id} already exists.");
            }
            await CompletePendingWalletsAsync(cancellationToken);
            return View();
        }

        var region = countries.RegionOf(command.CountryCode, "country_code");
        MetadataRules.Validate(command.Metadata);

        var now = time.GetUtcNow();
        state.State = new AccountState
        {
            DeveloperId = command.DeveloperId,
            Network = command.Network,
            Environment = command.Environment,
            AccountType = command.AccountType,
            CountryCode = command.CountryCode,
            Region = region,
            KycStatus = KycStatus.Unverified,
            Metadata = new Dictionary<string, string>(command.Metadata),
            PendingWallets = { [RowellIds.New(RowellIds.Wallet)] = command.Network },
            CreatedAt = now,
            UpdatedAt = now,
        };
        await WriteAsync(cancellationToken);
        await CompletePendingWalletsAsync(cancellationToken);
        return View();
    }

    public Task<AccountView?> Get(string developerId) =>
        Task.FromResult(Owns(developerId) ? View() : null);

    public async Task<WalletView> AddWallet(string developerId, string walletId, Network network, CancellationToken cancellationToken = default)
    {
        if (!Owns(developerId))
        {
            throw RowellException.NotFound("Account");
        }
        if (state.State.PendingWallets.ContainsKey(walletId))
        {
            await CompletePendingWalletsAsync(cancellationToken);
        }
        if (state.State.Wallets.FirstOrDefault(w => w.Id == walletId) is { } existing)
        {
            return existing.Network == network
                ? existing
                : throw new RowellException(ErrorCodes.Conflict, $"Wallet {walletId} already exists on another network.");
        }
        if (state.State.Wallets.Any(w => w.Network == network) || state.State.PendingWallets.ContainsValue(network))
        {
            throw new RowellException(ErrorCodes.Conflict, $"Account {Id} already has a {network.Wire()} wallet.");
        }
        state.State.PendingWallets[walletId] = network;
        await WriteAsync(cancellationToken);
        await CompletePendingWalletsAsync(cancellationToken);
        return state.State.Wallets.Single(w => w.Id == walletId);
    }

    public Task<Payee?> GetPayee(Network network)
    {
        var wallet = state.RecordExists ? state.State.Wallets.FirstOrDefault(w => w.Network == network) : null;
        return Task.FromResult(wallet is null ? null : new Payee(Id, wallet.Id, wallet.Address, state.State.CountryCode, state.State.Environment));
    }

    public async Task<AccountView?> ApplyKyc(string developerId, string verificationId, KycStatus status, DateTimeOffset decidedAt, CancellationToken cancellationToken = default)
    {
        if (!Owns(developerId))
        {
            return null;
        }
        var s = state.State;
        if (s.KycVerificationId != verificationId && (s.KycDecidedAt is null || decidedAt >= s.KycDecidedAt))
        {
            s.KycStatus = status;
            s.KycVerificationId = verificationId;
            s.KycDecidedAt = decidedAt;
            // updated_at = the decision time, so the account.kyc_updated payload (written with the verification) is this view exactly.
            s.Version++;
            s.UpdatedAt = decidedAt;
            await state.WriteStateAsync(cancellationToken);
            await readModel.UpsertAsync(View(), s.Version, cancellationToken);
        }
        return View();
    }

    public async Task<IReadOnlyList<BalanceView>> GetBalances(string developerId, CancellationToken cancellationToken = default)
    {
        if (!Owns(developerId))
        {
            throw RowellException.NotFound("Account");
        }
        var perWallet = await Task.WhenAll(state.State.Wallets.Select(w => GrainFactory.GetGrain<IWalletGrain>(w.Id).GetBalances(cancellationToken)));
        return perWallet.SelectMany(b => b).ToList();
    }

    public async Task<int> DeleteSandbox(string developerId, CancellationToken cancellationToken = default)
    {
        if (!Owns(developerId))
        {
            return 0;
        }
        if (state.State.Environment != LedgerEnvironment.Testnet)
        {
            throw new RowellException(ErrorCodes.Forbidden, "A sandbox reset deletes testnet accounts only.");
        }
        // Tombstone first: if a step below fails, the account is already a 404 and activation finishes the clean-up.
        state.State.DeletedAt = time.GetUtcNow();
        state.State.Version++;
        await state.WriteStateAsync(cancellationToken);
        return await FinishDeleteAsync(cancellationToken);
    }

    /// <summary>Idempotent: wallets forgotten, list row removed.</summary>
    private async Task<int> FinishDeleteAsync(CancellationToken cancellationToken)
    {
        var wallets = state.State.Wallets.Select(w => w.Id).Concat(state.State.PendingWallets.Keys).ToList();
        foreach (var walletId in wallets)
        {
            await GrainFactory.GetGrain<IWalletGrain>(walletId).DeleteSandbox(cancellationToken);
        }
        await readModel.DeleteAsync(Id, cancellationToken);
        return wallets.Count;
    }

    private bool Owns(string developerId) => state.RecordExists && state.State.DeletedAt is null && state.State.DeveloperId == developerId;

    private async Task CompletePendingWalletsAsync(CancellationToken cancellationToken)
    {
        if (state.State.PendingWallets.Count == 0)
        {
            return;
        }
        foreach (var (walletId, network) in state.State.PendingWallets.ToList())
        {
            var wallet = await GrainFactory.GetGrain<IWalletGrain>(walletId).Create(
                new CreateWalletCommand(state.State.DeveloperId, Id, network, state.State.Environment), cancellationToken);
            state.State.PendingWallets.Remove(walletId);
            state.State.Wallets.Add(wallet);
        }
        await WriteAsync(cancellationToken);
    }

    private async Task WriteAsync(CancellationToken cancellationToken)
    {
        var s = state.State;
        s.Version++;
        s.UpdatedAt = time.GetUtcNow();
        if (!s.AnnouncedCreated && s.PendingWallets.Count == 0 && s.DeletedAt is null)
        {
            // account.created once the account is whole (its wallet open): the payload is what GET shows from now on.
            s.AnnouncedCreated = true;
            s.PendingEvents.Add(new PendingEvent(RowellIds.Derive(RowellIds.Event, $"{Id}/account.created"), s.DeveloperId, EventModes.Of(s.Environment),
                Id, (int)s.Version, "account.created", ResourceJson.Account(View()), s.UpdatedAt));
        }
        // The event rides in the same storage write as the change; the log append after it is idempotent.
        await state.WriteStateAsync(cancellationToken);
        // The read model follows the grain; OnActivateAsync repairs it if this call never happens.
        await readModel.UpsertAsync(View(), s.Version, cancellationToken);
        await GrainEventOutbox.FlushAsync(events, s.PendingEvents, cancellationToken);
    }

    private AccountView View()
    {
        var s = state.State;
        return new AccountView(Id, s.DeveloperId, s.Network, s.Environment, s.AccountType, s.CountryCode, s.Region,
            s.KycStatus, s.Metadata, s.Wallets.ToList(), s.CreatedAt, s.UpdatedAt);
    }
}
