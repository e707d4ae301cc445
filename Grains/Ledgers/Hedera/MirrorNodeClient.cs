using System.Net;
using System.Text.Json;

namespace Rowell.Grains.Ledgers.Hedera;

public sealed record MirrorTokenBalance(string TokenId, long Balance);

public sealed record MirrorAccount(string AccountId, long Tinybars, IReadOnlyList<MirrorTokenBalance> Tokens);

/// <summary>A transaction as the mirror node reports it: result is the HAPI status name ("SUCCESS", …).</summary>
public sealed record MirrorTransaction(string TransactionId, string Result, DateTimeOffset ConsensusAt);

/// <summary>Hedera mirror node REST (/api/v1), only what Rowell reads.</summary>
public sealed class MirrorNodeClient(IHttpClientFactory factory)
{
    private HttpClient Http => factory.CreateClient(LedgerHttp.MirrorClient);

    /// <summary>GET /api/v1/accounts/{0.0.N}: HBAR in tinybars and HTS token balances; null on 404.</summary>
    public Task<MirrorAccount?> GetAccountAsync(Uri mirror, string accountId, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Hedera mirror node", async () =>
        {
            using var doc = await GetJsonAsync(new Uri(mirror, $"api/v1/accounts/{Uri.EscapeDataString(accountId)}"), cancellationToken);
            if (doc is null)
            {
                return null;
            }
            var root = doc.RootElement;
            var balance = root.GetProperty("balance");
            var tokens = balance.TryGetProperty("tokens", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => new MirrorTokenBalance(x.GetProperty("token_id").GetString()!, x.GetProperty("balance").GetInt64())).ToList()
                : [];
            return new MirrorAccount(root.GetProperty("account").GetString()!, balance.GetProperty("balance").GetInt64(), tokens);
        }, cancellationToken);

    /// <summary>GET /api/v1/accounts?account.publickey=…: the account already holding this key, if any.</summary>
    public Task<string?> FindAccountByPublicKeyAsync(Uri mirror, ReadOnlyMemory<byte> publicKey, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Hedera mirror node", async () =>
        {
            var hex = Convert.ToHexStringLower(publicKey.Span);
            using var doc = await GetJsonAsync(new Uri(mirror, $"api/v1/accounts?account.publickey={hex}&limit=1&order=asc"), cancellationToken);
            if (doc is null || !doc.RootElement.TryGetProperty("accounts", out var accounts))
            {
                return null;
            }
            return accounts.EnumerateArray().Select(a => a.GetProperty("account").GetString()).FirstOrDefault();
        }, cancellationToken);

    /// <summary>GET /api/v1/transactions/{0.0.payer-seconds-nanos}; null until the mirror has it.</summary>
    public Task<MirrorTransaction?> GetTransactionAsync(Uri mirror, string transactionId, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Hedera mirror node", async () =>
        {
            var mirrorId = HederaTransactionIds.ToMirrorForm(transactionId);
            using var doc = await GetJsonAsync(new Uri(mirror, $"api/v1/transactions/{Uri.EscapeDataString(mirrorId)}"), cancellationToken);
            if (doc is null || !doc.RootElement.TryGetProperty("transactions", out var list))
            {
                return null;
            }
            // The first entry is the user transaction; child records (if any) follow it.
            foreach (var tx in list.EnumerateArray())
            {
                return new MirrorTransaction(transactionId, tx.GetProperty("result").GetString()!,
                    HederaTransactionIds.ParseConsensusTimestamp(tx.GetProperty("consensus_timestamp").GetString()!));
            }
            return null;
        }, cancellationToken);

    /// <summary>
    /// GET /api/v1/transactions?limit=1&amp;order=desc: the consensus timestamp of the newest transaction the
    /// mirror node has imported. The mirror imports record files in consensus order, so every transaction
    /// that reached consensus at or before this instant is already answerable by /transactions/{id}.
    /// </summary>
    public Task<DateTimeOffset?> GetLatestConsensusAsync(Uri mirror, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Hedera mirror node", async () =>
        {
            using var doc = await GetJsonAsync(new Uri(mirror, "api/v1/transactions?limit=1&order=desc"), cancellationToken);
            if (doc is null || !doc.RootElement.TryGetProperty("transactions", out var list))
            {
                return null;
            }
            foreach (var tx in list.EnumerateArray())
            {
                return (DateTimeOffset?)HederaTransactionIds.ParseConsensusTimestamp(tx.GetProperty("consensus_timestamp").GetString()!);
            }
            return null;
        }, cancellationToken);

    private async Task<JsonDocument?> GetJsonAsync(Uri url, CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(url, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw LedgerHttp.Unavailable("Hedera mirror node", response.StatusCode);
        }
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }
}
