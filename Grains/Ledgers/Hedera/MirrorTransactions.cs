using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>One account's net change in one transaction: HBAR (TokenId null) or an HTS token.</summary>
public sealed record MirrorTransfer(string Account, string? TokenId, long Amount);

/// <summary>A successful transaction from the mirror node's network-wide list, with every HBAR and token transfer in it.</summary>
public sealed record MirrorTransactionRecord(
    string TransactionId,
    string ConsensusTimestamp,
    string Payer,
    string TransactionHash,
    IReadOnlyList<MirrorTransfer> Transfers);

/// <summary>A page: the records, and the consensus timestamp of its last transaction (null if empty).</summary>
public sealed record MirrorTransactionsPage(IReadOnlyList<MirrorTransactionRecord> Records, int RawCount, string? LastTimestamp);

/// <summary>
/// GET /api/v1/transactions?timestamp=gt:…&amp;order=asc&amp;limit=…&amp;result=success: every transaction on the
/// network after a consensus timestamp, oldest first. One request covers every wallet we hold.
/// </summary>
public sealed class MirrorTransactionsClient(IHttpClientFactory factory)
{
    public const int MaxLimit = 100;

    private HttpClient Http => factory.CreateClient(LedgerHttp.MirrorClient);

    public Task<MirrorTransactionsPage> GetTransactionsAsync(Uri mirror, string afterTimestamp, int limit, CancellationToken cancellationToken) =>
        LedgerHttp.CallAsync("Hedera mirror node", async () =>
        {
            var url = new Uri(mirror, $"api/v1/transactions?timestamp=gt:{Uri.EscapeDataString(afterTimestamp)}&order=asc&limit={limit}&result=success");
            using var response = await Http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw LedgerHttp.Unavailable("Hedera mirror node", response.StatusCode == 0 ? HttpStatusCode.ServiceUnavailable : response.StatusCode);
            }
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var doc = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
            var records = new List<MirrorTransactionRecord>();
            string? last = null;
            var count = 0;
            foreach (var tx in doc.RootElement.GetProperty("transactions").EnumerateArray())
            {
                count++;
                var timestamp = tx.GetProperty("consensus_timestamp").GetString()!;
                last = timestamp;
                if (tx.TryGetProperty("result", out var result) && result.GetString() != "SUCCESS")
                {
                    continue;
                }
                var transfers = new List<MirrorTransfer>();
                if (tx.TryGetProperty("transfers", out var hbar) && hbar.ValueKind == JsonValueKind.Array)
                {
                    transfers.AddRange(hbar.EnumerateArray().Select(t => new MirrorTransfer(t.GetProperty("account").GetString()!, null, t.GetProperty("amount").GetInt64())));
                }
                if (tx.TryGetProperty("token_transfers", out var tokens) && tokens.ValueKind == JsonValueKind.Array)
                {
                    transfers.AddRange(tokens.EnumerateArray().Select(t => new MirrorTransfer(t.GetProperty("account").GetString()!,
                        t.GetProperty("token_id").GetString(), t.GetProperty("amount").GetInt64())));
                }
                var id = tx.GetProperty("transaction_id").GetString()!;
                var hash = tx.TryGetProperty("transaction_hash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString()! : "";
                records.Add(new MirrorTransactionRecord(FromMirrorForm(id), timestamp, id.Split('-')[0], hash, transfers));
            }
            return new MirrorTransactionsPage(records, count, last);
        }, cancellationToken);

    /// <summary>"0.0.1234-1767225600-000000001" → "0.0.1234@1767225600.000000001", the id form Rowell stores.</summary>
    public static string FromMirrorForm(string mirrorId)
    {
        var parts = mirrorId.Split('-');
        return parts.Length == 3 ? string.Create(CultureInfo.InvariantCulture, $"{parts[0]}@{parts[1]}.{parts[2]}") : mirrorId;
    }
}
