using System.Runtime.CompilerServices;
using Rowell.Client.Models;

namespace Rowell.Client.Resources;

public sealed class DevelopersResource(RowellClient client)
{
    /// <summary>No key needed: registers a developer and returns its first sk_test_ key (secret shown once).</summary>
    public Task<Registration> RegisterAsync(RegisterDeveloperRequest request, CancellationToken ct = default) =>
        client.PostAsync<Registration>("developers/register", request, ct);

    public Task<Developer> MeAsync(CancellationToken ct = default) => client.GetAsync<Developer>("developers/me", ct);

    public Task<ApiKey> CreateKeyAsync(CreateApiKeyRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<ApiKey>("developers/me/api-keys", request, options, ct);

    public Task<IReadOnlyList<ApiKey>> ListKeysAsync(CancellationToken ct = default) => client.GetAsync<IReadOnlyList<ApiKey>>("developers/me/api-keys", ct);

    public Task<ApiKey> RevokeKeyAsync(string keyId, CancellationToken ct = default) =>
        client.SendAsync<ApiKey>(HttpMethod.Delete, $"developers/me/api-keys/{Uri.EscapeDataString(keyId)}", null, ct);

    public Task<Usage> UsageAsync(CancellationToken ct = default) => client.GetAsync<Usage>("developers/me/usage", ct);
}

public sealed class AccountsResource(RowellClient client)
{
    public Task<Account> CreateAsync(CreateAccountRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<Account>("accounts", request, options, ct);

    public Task<Account> GetAsync(string id, CancellationToken ct = default) => client.GetAsync<Account>($"accounts/{Esc(id)}", ct);

    public Task<Page<Account>> ListAsync(AccountFilter? filter = null, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Account>>("accounts" + (page ?? new()).Apply((filter ?? new()).Apply(QueryString.Empty)), ct);

    /// <summary>Every matching account, newest first, a page at a time.</summary>
    public IAsyncEnumerable<Account> ListAllAsync(AccountFilter? filter = null, int pageSize = 100, CancellationToken ct = default) =>
        client.PagesAsync<Account>("accounts", (filter ?? new()).Apply(QueryString.Empty), pageSize, ct);

    public Task<IReadOnlyList<Balance>> BalancesAsync(string id, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<Balance>>($"accounts/{Esc(id)}/balances", ct);

    public Task<Wallet> AddWalletAsync(string id, string network, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<Wallet>($"accounts/{Esc(id)}/wallets", new { network }, options, ct);

    public Task<IReadOnlyList<Wallet>> WalletsAsync(string id, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<Wallet>>($"accounts/{Esc(id)}/wallets", ct);

    public Task<Page<Deposit>> DepositsAsync(string id, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Deposit>>($"accounts/{Esc(id)}/deposits" + (page ?? new()).Apply(QueryString.Empty), ct);

    internal static string Esc(string s) => Uri.EscapeDataString(s);
}

public sealed class TransfersResource(RowellClient client)
{
    public Task<Transfer> CreateAsync(CreateTransferRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<Transfer>("transfers", request, options, ct);

    public Task<Transfer> GetAsync(string id, CancellationToken ct = default) => client.GetAsync<Transfer>($"transfers/{AccountsResource.Esc(id)}", ct);

    public Task<TransferStatus> StatusAsync(string id, CancellationToken ct = default) =>
        client.GetAsync<TransferStatus>($"transfers/{AccountsResource.Esc(id)}/status", ct);

    public Task<IReadOnlyList<TransferEvent>> EventsAsync(string id, CancellationToken ct = default) =>
        client.GetAsync<IReadOnlyList<TransferEvent>>($"transfers/{AccountsResource.Esc(id)}/events", ct);

    public Task<Transfer> RetryAsync(string id, CancellationToken ct = default) =>
        client.PostAsync<Transfer>($"transfers/{AccountsResource.Esc(id)}/retry", null, ct);

    public Task<Page<Transfer>> ListAsync(TransferFilter? filter = null, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Transfer>>("transfers" + (page ?? new()).Apply((filter ?? new()).Apply(QueryString.Empty)), ct);

    public IAsyncEnumerable<Transfer> ListAllAsync(TransferFilter? filter = null, int pageSize = 100, CancellationToken ct = default) =>
        client.PagesAsync<Transfer>("transfers", (filter ?? new()).Apply(QueryString.Empty), pageSize, ct);

    /// <summary>
    /// Follows a transfer's timeline: yields each new timeline entry as it appears (polling every
    /// <paramref name="pollInterval"/>) and ends once the transfer is final (completed, failed, rejected).
    /// </summary>
    public async IAsyncEnumerable<TransferEvent> WatchAsync(string id, TimeSpan? pollInterval = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        var seen = new HashSet<string>();
        while (true)
        {
            var events = await EventsAsync(id, ct).ConfigureAwait(false);
            // The timeline is oldest first (a stable sort keeps the API's order for steps written in the same
            // millisecond). A final status is the last thing ever written to it, so any final step ends the watch:
            // picking "the latest" by timestamp would pick the first of several tied steps and never stop.
            foreach (var e in events.OrderBy(e => e.CreatedAt))
            {
                if (seen.Add(e.Id))
                {
                    yield return e;
                }
            }
            if (events.Any(e => TransferStatuses.IsFinal(e.Status)))
            {
                yield break;
            }
            await Task.Delay(pollInterval ?? TimeSpan.FromMilliseconds(500), ct).ConfigureAwait(false);
        }
    }
}

public sealed class TransactionsResource(RowellClient client)
{
    public Task<Transaction> GetAsync(string hash, CancellationToken ct = default) => client.GetAsync<Transaction>($"transactions/{AccountsResource.Esc(hash)}", ct);

    public Task<Page<Transaction>> ListAsync(string account, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Transaction>>("transactions" + (page ?? new()).Apply(QueryString.Empty.With("account", account)), ct);

    public Task<Page<Transaction>> CorridorAsync(string fromCountry, string toCountry, PageOptions? page = null, CancellationToken ct = default) =>
        client.GetAsync<Page<Transaction>>($"transactions/corridor/{AccountsResource.Esc(fromCountry)}/{AccountsResource.Esc(toCountry)}" + (page ?? new()).Apply(QueryString.Empty), ct);
}

public sealed class SandboxResource(RowellClient client)
{
    public Task<IReadOnlyList<Balance>> FundAsync(SandboxFundRequest request, CancellationToken ct = default) =>
        client.PostAsync<IReadOnlyList<Balance>>("sandbox/fund", request, ct);

    public Task<Deposit> DepositAsync(SandboxDepositRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<Deposit>("sandbox/deposit", request, options, ct);

    public Task<SandboxSimulation> SimulateAsync(SandboxSimulateRequest request, RequestOptions? options = null, CancellationToken ct = default) =>
        client.CreateAsync<SandboxSimulation>("sandbox/simulate", request, options, ct);

    public Task<SandboxSimulation> SimulationAsync(string id, CancellationToken ct = default) =>
        client.GetAsync<SandboxSimulation>($"sandbox/simulations/{AccountsResource.Esc(id)}", ct);

    public Task<SandboxReset> ResetAsync(CancellationToken ct = default) => client.PostAsync<SandboxReset>("sandbox/reset", null, ct);
}
