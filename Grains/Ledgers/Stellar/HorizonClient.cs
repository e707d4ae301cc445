using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Rowell.Grains.Ledgers.Stellar;

public sealed record HorizonBalance(string AssetType, string? AssetCode, string? AssetIssuer, long Stroops);

public sealed record HorizonAccount(string AccountId, long Sequence, IReadOnlyList<HorizonBalance> Balances);

public sealed record HorizonTransaction(string Hash, bool Successful, long Ledger, DateTimeOffset CreatedAt);

/// <summary>The newest ledger Horizon has ingested: its sequence and close time.</summary>
public sealed record HorizonLedger(long Sequence, DateTimeOffset ClosedAt, string PagingToken);

public enum HorizonSubmitOutcome { Success, Failed, Timeout }

/// <summary>
/// The answer to POST /transactions: success (included in a ledger), failed with Horizon's
/// result codes (extras.result_codes), or 504 timeout (still pending: re-send the same envelope).
/// </summary>
public sealed record HorizonSubmitResult(
    HorizonSubmitOutcome Outcome,
    string? Hash,
    string? TransactionCode,
    IReadOnlyList<string> OperationCodes,
    DateTimeOffset? CreatedAt)
{
    public bool HasOperationCode(string code) => OperationCodes.Contains(code);
}

/// <summary>
/// Horizon REST, only what Rowell needs. Base URLs are per call (testnet or mainnet Horizon), so one
/// named HttpClient with the standard resilience pipeline serves both.
/// </summary>
public sealed class HorizonClient(IHttpClientFactory factory)
{
    private HttpClient Http => factory.CreateClient(LedgerHttp.HorizonClient);

    /// <summary>GET /accounts/{id}; null when the account does not exist (404).</summary>
    public Task<HorizonAccount?> GetAccountAsync(Uri horizon, string accountId, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Horizon", async () =>
        {
            using var response = await Http.GetAsync(new Uri(horizon, $"accounts/{Uri.EscapeDataString(accountId)}"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            EnsureOk(response);
            using var doc = await ReadJsonAsync(response, cancellationToken);
            var root = doc.RootElement;
            var balances = new List<HorizonBalance>();
            foreach (var b in root.GetProperty("balances").EnumerateArray())
            {
                var type = b.GetProperty("asset_type").GetString()!;
                if (type is not ("native" or "credit_alphanum4" or "credit_alphanum12"))
                {
                    continue; // liquidity pool shares are not balances Rowell reports
                }
                balances.Add(new HorizonBalance(type, OptionalString(b, "asset_code"), OptionalString(b, "asset_issuer"),
                    StellarAmount.ParseStroops(b.GetProperty("balance").GetString()!)));
            }
            return new HorizonAccount(root.GetProperty("account_id").GetString()!,
                long.Parse(root.GetProperty("sequence").GetString()!, CultureInfo.InvariantCulture), balances);
        }, cancellationToken);

    /// <summary>GET /transactions/{hash}; null when Horizon has no such transaction (404).</summary>
    public Task<HorizonTransaction?> GetTransactionAsync(Uri horizon, string hash, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Horizon", async () =>
        {
            using var response = await Http.GetAsync(new Uri(horizon, $"transactions/{Uri.EscapeDataString(hash)}"), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            EnsureOk(response);
            using var doc = await ReadJsonAsync(response, cancellationToken);
            return ReadTransaction(doc.RootElement);
        }, cancellationToken);

    /// <summary>
    /// GET /ledgers?order=desc&amp;limit=1: the newest ledger Horizon has ingested. Horizon ingests ledgers in
    /// order, so every transaction in a ledger up to this one is already answerable by /transactions/{hash}.
    /// </summary>
    public Task<HorizonLedger> GetLatestLedgerAsync(Uri horizon, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Horizon", async () =>
        {
            using var response = await Http.GetAsync(new Uri(horizon, "ledgers?order=desc&limit=1"), cancellationToken);
            EnsureOk(response);
            using var doc = await ReadJsonAsync(response, cancellationToken);
            foreach (var record in doc.RootElement.GetProperty("_embedded").GetProperty("records").EnumerateArray())
            {
                return new HorizonLedger(record.GetProperty("sequence").GetInt64(),
                    DateTimeOffset.Parse(record.GetProperty("closed_at").GetString()!, CultureInfo.InvariantCulture),
                    OptionalString(record, "paging_token") ?? (record.GetProperty("sequence").GetInt64() << 32).ToString(CultureInfo.InvariantCulture));
            }
            throw LedgerHttp.Unavailable("Horizon", HttpStatusCode.ServiceUnavailable);
        }, cancellationToken);

    /// <summary>POST /transactions, form-encoded tx=&lt;base64 envelope XDR&gt;.</summary>
    public Task<HorizonSubmitResult> SubmitAsync(Uri horizon, string envelopeBase64, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Horizon", async () =>
        {
            // FormUrlEncodedContent escapes + / = of the base64, as Horizon requires.
            using var content = new FormUrlEncodedContent([new KeyValuePair<string, string>("tx", envelopeBase64)]);
            using var response = await Http.PostAsync(new Uri(horizon, "transactions"), content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                using var ok = await ReadJsonAsync(response, cancellationToken);
                var tx = ReadTransaction(ok.RootElement);
                return new HorizonSubmitResult(tx.Successful ? HorizonSubmitOutcome.Success : HorizonSubmitOutcome.Failed,
                    tx.Hash, null, [], tx.CreatedAt);
            }
            if (response.StatusCode == HttpStatusCode.GatewayTimeout)
            {
                return new HorizonSubmitResult(HorizonSubmitOutcome.Timeout, null, null, [], null);
            }
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                using var problem = await ReadJsonAsync(response, cancellationToken);
                var (txCode, opCodes) = ReadResultCodes(problem.RootElement);
                return new HorizonSubmitResult(HorizonSubmitOutcome.Failed, null, txCode ?? "tx_malformed", opCodes, null);
            }
            throw LedgerHttp.Unavailable("Horizon", response.StatusCode);
        }, cancellationToken);

    /// <summary>Friendbot funds a new testnet account. False when the account already existed.</summary>
    public Task<bool> FundWithFriendbotAsync(Uri friendbot, string accountId, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Friendbot", async () =>
        {
            var url = new UriBuilder(friendbot) { Query = "addr=" + Uri.EscapeDataString(accountId) }.Uri;
            using var response = await Http.GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }
            if (response.StatusCode == HttpStatusCode.BadRequest)
            {
                using var problem = await ReadJsonAsync(response, cancellationToken);
                var (_, opCodes) = ReadResultCodes(problem.RootElement);
                if (opCodes.Contains("op_already_exists"))
                {
                    return false;
                }
            }
            throw LedgerHttp.Unavailable("Friendbot", response.StatusCode);
        }, cancellationToken);

    private static HorizonTransaction ReadTransaction(JsonElement e) => new(
        e.GetProperty("hash").GetString()!,
        e.GetProperty("successful").GetBoolean(),
        e.TryGetProperty("ledger", out var ledger) && ledger.ValueKind == JsonValueKind.Number ? ledger.GetInt64() : 0,
        e.TryGetProperty("created_at", out var created) && created.ValueKind == JsonValueKind.String
            ? DateTimeOffset.Parse(created.GetString()!, CultureInfo.InvariantCulture)
            : DateTimeOffset.UnixEpoch);

    private static (string? Transaction, IReadOnlyList<string> Operations) ReadResultCodes(JsonElement problem)
    {
        if (!problem.TryGetProperty("extras", out var extras) || !extras.TryGetProperty("result_codes", out var codes))
        {
            return (null, []);
        }
        var tx = OptionalString(codes, "transaction");
        var ops = codes.TryGetProperty("operations", out var o) && o.ValueKind == JsonValueKind.Array
            ? o.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : [];
        return (tx, ops);
    }

    private static string? OptionalString(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static void EnsureOk(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw LedgerHttp.Unavailable("Horizon", response.StatusCode);
        }
    }

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        return await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
    }
}
