using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Rowell.Grains.Ledgers.Stellar;

/// <summary>
/// One payment-like operation from Horizon's network-wide /payments (payment, path payments, create_account).
/// <see cref="Id"/> is the operation id (unique on the network); amounts are stroops.
/// </summary>
public sealed record HorizonPaymentRecord(
    string Id,
    string PagingToken,
    string TransactionHash,
    bool Successful,
    string Type,
    string From,
    string To,
    string AssetType,
    string? AssetCode,
    string? AssetIssuer,
    long Stroops,
    DateTimeOffset CreatedAt);

/// <summary>A page: the records we can read, how many Horizon sent, and the paging token of its last record (null if empty).</summary>
public sealed record HorizonPaymentsPage(IReadOnlyList<HorizonPaymentRecord> Records, int RawCount, string? LastPagingToken);

/// <summary>
/// GET /payments?cursor=…&amp;order=asc&amp;limit=…: every payment on the network after a paging token, oldest first.
/// One request covers every wallet we hold, so the sync's cost follows the network's traffic, not our wallet count.
/// </summary>
public sealed class HorizonPaymentsClient(IHttpClientFactory factory)
{
    public const int MaxLimit = 200;

    private HttpClient Http => factory.CreateClient(LedgerHttp.HorizonClient);

    public Task<HorizonPaymentsPage> GetPaymentsAsync(Uri horizon, string cursor, int limit, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Horizon", async () =>
        {
            var url = new Uri(horizon, $"payments?cursor={Uri.EscapeDataString(cursor)}&order=asc&limit={limit}&include_failed=false");
            using var response = await Http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw LedgerHttp.Unavailable("Horizon", response.StatusCode == 0 ? HttpStatusCode.ServiceUnavailable : response.StatusCode);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var raw = doc.RootElement.GetProperty("_embedded").GetProperty("records");
            var records = new List<HorizonPaymentRecord>();
            var count = 0;
            string? last = null;
            foreach (var r in raw.EnumerateArray())
            {
                count++;
                last = Str(r, "paging_token") ?? last;
                if (Read(r) is { } record)
                {
                    records.Add(record);
                }
            }
            return new HorizonPaymentsPage(records, count, last);
        }, cancellationToken);

    /// <summary>Null for records that move no amount we can attribute (account_merge) — but their paging token still counts.</summary>
    private static HorizonPaymentRecord? Read(JsonElement r)
    {
        var type = Str(r, "type") ?? "";
        var (from, to, amount, assetType) = type switch
        {
            "create_account" => (Str(r, "funder"), Str(r, "account"), Str(r, "starting_balance"), "native"),
            "payment" or "path_payment_strict_receive" or "path_payment_strict_send" => (Str(r, "from"), Str(r, "to"), Str(r, "amount"), Str(r, "asset_type")),
            _ => (null, null, null, null),
        };
        if (from is null || to is null || amount is null || assetType is null)
        {
            return null;
        }
        return new HorizonPaymentRecord(Str(r, "id")!, Str(r, "paging_token")!, Str(r, "transaction_hash") ?? "",
            !r.TryGetProperty("transaction_successful", out var ok) || ok.ValueKind != JsonValueKind.False,
            type, from, to, assetType, Str(r, "asset_code"), Str(r, "asset_issuer"), StellarAmount.ParseStroops(amount),
            DateTimeOffset.Parse(Str(r, "created_at")!, CultureInfo.InvariantCulture));
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
