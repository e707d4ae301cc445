using NSec.Cryptography;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Wallets;
using Rowell.Grains.Events;
using Rowell.Grains.Ledgers;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Grains.Wallets;

public sealed class WalletGrain(
    [PersistentState("wallet")] IPersistentState<WalletState> state,
    WalletKeyVault vault,
    LedgerRegistry ledgers,
    LedgerSync.IWalletDirectory directory,
    IEventLog events,
    TimeProvider time) : Grain, IWalletGrain
{
    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await GrainEventOutbox.FlushAsync(events, state.State.PendingEvents, cancellationToken);
        }
    }

    public async Task<WalletView> Create(CreateWalletCommand command, CancellationToken cancellationToken = default)
    {
        if (state.RecordExists)
        {
            if (state.State.AccountId != command.AccountId || state.State.Network != command.Network)
            {
                throw new RowellException(ErrorCodes.Conflict, $"Wallet {Id} already exists.");
            }
            // A repeat (retry after a crash, or a replayed request) finishes what the first call started.
            await EnsureLedgerAccountAsync(cancellationToken);
            return View();
        }

        using var key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
        var seed = key.Export(KeyBlobFormat.RawPrivateKey);
        var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        try
        {
            state.State = new WalletState
            {
                DeveloperId = command.DeveloperId,
                AccountId = command.AccountId,
                Network = command.Network,
                Environment = command.Environment,
                PublicKey = command.Network == Network.Stellar
                    ? StrKey.EncodeAccountId(publicKey)
                    : Convert.ToHexStringLower(HederaKeys.PublicKeyToDer(publicKey)),
                SealedSeed = vault.Seal(Id, seed),
                CreatedAt = time.GetUtcNow(),
                // The sandbox ledger needs no trustline or association: nothing left to do once the address exists.
                AssetsReady = ledgers.Unmetered(command.Network) is not ILedgerAccountSetup,
            };
        }
        finally
        {
            Array.Clear(seed);
        }
        // Key first, ledger second: a crash in between leaves a wallet that a retry completes,
        // never a ledger account whose key we no longer have.
        await state.WriteStateAsync(cancellationToken);
        await EnsureLedgerAccountAsync(cancellationToken);
        return View();
    }

    public Task<WalletView?> Get() => Task.FromResult(state.RecordExists && state.State.Address is not null ? View() : null);

    public async Task<IReadOnlyList<BalanceView>> GetBalances(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists || state.State.Address is null)
        {
            return [];
        }
        var s = state.State;
        var balances = await ledgers.For(s.Network).GetBalancesAsync(s.Environment, s.Address, cancellationToken);
        return balances
            .Select(b =>
            {
                var asset = AssetCatalog.Find(s.Network, s.Environment, b.AssetCode);
                var decimals = asset?.Decimals ?? 7;
                return new BalanceView(s.Network, b.AssetCode, b.AssetIssuer, Money.FromMinor(b.AmountMinor, decimals), decimals);
            })
            .ToList();
    }

    public async Task<LedgerReceipt> SubmitPayment(WalletPayment payment, CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists || state.State.Address is null)
        {
            throw RowellException.NotFound("Wallet");
        }
        var s = state.State;
        var asset = AssetCatalog.Find(s.Network, s.Environment, payment.AssetCode)
            ?? throw RowellException.Validation("asset_code", $"{payment.AssetCode} is not available on {s.Network.Wire()}.");
        var seed = vault.Open(Id, s.SealedSeed);
        try
        {
            var submission = await ledgers.For(s.Network).SubmitPaymentAsync(new LedgerPayment(
                payment.PaymentId, s.Environment, s.Address, payment.ToAddress, asset, payment.AmountMinor, payment.FeeMinor,
                payment.Memo, seed, s.StellarSequence), cancellationToken);
            await CacheSequenceAsync(submission, cancellationToken);
            return ToReceipt(submission);
        }
        finally
        {
            Array.Clear(seed);
        }
    }

    internal static LedgerReceipt ToReceipt(LedgerSubmission submission) => new(submission.Hash, submission.Status switch
    {
        LedgerTxStatus.Success => LedgerReceiptStatus.Success,
        LedgerTxStatus.Failed => LedgerReceiptStatus.Failed,
        _ => LedgerReceiptStatus.Pending,
    }, submission.FailureCode);

    public async Task<Rowell.Abstractions.Security.ResealOutcome> Reseal(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists || state.State.SealedSeed.Length == 0)
        {
            return Rowell.Abstractions.Security.ResealOutcome.Missing;
        }
        if (vault.Reseal(Id, state.State.SealedSeed) is not { } resealed)
        {
            return Rowell.Abstractions.Security.ResealOutcome.AlreadyCurrent;
        }
        state.State.SealedSeed = resealed;
        await state.WriteStateAsync(cancellationToken);
        return Rowell.Abstractions.Security.ResealOutcome.Resealed;
    }

    public async Task DeleteSandbox(CancellationToken cancellationToken = default)
    {
        if (!state.RecordExists)
        {
            return;
        }
        if (state.State.Environment != LedgerEnvironment.Testnet)
        {
            throw new RowellException(ErrorCodes.Forbidden, "Only testnet wallets can be deleted by a sandbox reset.");
        }
        if (state.State.Address is not null)
        {
            await directory.RemoveAsync(state.State.Network, state.State.Address, cancellationToken);
        }
        await state.ClearStateAsync(cancellationToken);
    }

    /// <summary>
    /// Stellar: the next payment signs with the cached sequence + 1 instead of asking Horizon; the cache is
    /// dropped only when the ledger reports tx_bad_seq (SourceSequence null), and then reloaded once.
    /// </summary>
    private async Task CacheSequenceAsync(LedgerSubmission submission, CancellationToken cancellationToken)
    {
        if (state.State.Network != Network.Stellar)
        {
            return;
        }
        var cached = state.State.StellarSequence;
        var next = submission.SourceSequence is { } seen ? Math.Max(seen, cached ?? seen) : (long?)null;
        if (next != cached)
        {
            state.State.StellarSequence = next;
            await state.WriteStateAsync(cancellationToken);
        }
    }

    private async Task EnsureLedgerAccountAsync(CancellationToken cancellationToken)
    {
        if (state.State.Address is null)
        {
            await OpenLedgerAccountAsync(cancellationToken);
        }
        await directory.RegisterAsync(new LedgerSync.WalletAddress(state.State.Network, state.State.Address!, Id, state.State.AccountId,
            state.State.DeveloperId, state.State.Environment), cancellationToken);
        if (!state.State.AssetsReady)
        {
            await EnsureAssetsAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Part of opening: the account must be able to hold USDC (trustline / token association). The ledger
    /// signs and stores the operation before sending it, so a crash here and the retry submit it once.
    /// </summary>
    private async Task EnsureAssetsAsync(CancellationToken cancellationToken)
    {
        if (ledgers.Unmetered(state.State.Network) is ILedgerAccountSetup setup)
        {
            var seed = vault.Open(Id, state.State.SealedSeed);
            try
            {
                var submission = await setup.EnsureAssetsAsync(state.State.Environment, Id, state.State.Address!, seed, cancellationToken);
                if (submission?.SourceSequence is { } sequence)
                {
                    state.State.StellarSequence = Math.Max(sequence, state.State.StellarSequence ?? sequence);
                }
            }
            finally
            {
                Array.Clear(seed);
            }
        }
        state.State.AssetsReady = true;
        await state.WriteStateAsync(cancellationToken);
    }

    private async Task OpenLedgerAccountAsync(CancellationToken cancellationToken)
    {
        var seed = vault.Open(Id, state.State.SealedSeed);
        try
        {
            using var key = Key.Import(SignatureAlgorithm.Ed25519, seed, KeyBlobFormat.RawPrivateKey);
            var publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
            state.State.Address = await ledgers.For(state.State.Network).CreateAccountAsync(state.State.Environment, publicKey, cancellationToken);
        }
        finally
        {
            Array.Clear(seed);
        }
        // wallet.created rides in the write that opens the wallet (its address is known from here on).
        var s = state.State;
        s.PendingEvents.Add(new PendingEvent(RowellIds.Derive(RowellIds.Event, $"{Id}/wallet.created"), s.DeveloperId, EventModes.Of(s.Environment),
            Id, 1, "wallet.created", ResourceJson.Wallet(View()), time.GetUtcNow()));
        await state.WriteStateAsync(cancellationToken);
        await GrainEventOutbox.FlushAsync(events, s.PendingEvents, cancellationToken);
    }

    private WalletView View() => new(Id, state.State.AccountId, state.State.Network, state.State.Environment,
        state.State.Address!, state.State.PublicKey, state.State.CreatedAt);
}
