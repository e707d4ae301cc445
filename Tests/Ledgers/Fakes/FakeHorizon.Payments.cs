using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Tests.Ledgers.Fakes;

/// <summary>The network-wide payments feed (GET /payments) the inbound sync reads.</summary>
public sealed partial class FakeHorizon
{
    /// <summary>
    /// A payment made outside Rowell (someone else's wallet paying ours, or two strangers): credits the
    /// destination if it exists (and trusts the asset) and appears in the network-wide /payments feed.
    /// </summary>
    public string ExternalPayment(string from, string to, StellarAsset asset, long stroops)
    {
        lock (_gate)
        {
            _ledger++;
            if (_accounts.TryGetValue(to, out var destination) && destination.Balances.ContainsKey(asset.ToString()))
            {
                destination.Balances[asset.ToString()] += stroops;
            }
            return RecordPayment(from, to, asset, stroops, "payment").Id;
        }
    }

    /// <summary>Payments the feed has recorded so far (any kind, any account).</summary>
    public int PaymentCount
    {
        get
        {
            lock (_gate)
            {
                return _payments.Count;
            }
        }
    }

    private FakePayment RecordPayment(string from, string to, StellarAsset asset, long amount, string type)
    {
        var token = (_ledger << 32) | (uint)++_operation;
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(token)));
        var payment = new FakePayment(token.ToString(CultureInfo.InvariantCulture), token, hash, type, from, to, asset, amount, DateTimeOffset.UtcNow);
        _payments.Add(payment);
        return payment;
    }

    private IResult Payments(string cursor, int limit)
    {
        lock (_gate)
        {
            PaymentsRequests++;
            var after = cursor == "now" ? long.MaxValue : long.Parse(cursor, CultureInfo.InvariantCulture);
            var page = _payments.Where(p => p.Token > after).Take(Math.Clamp(limit, 1, 200)).Select(p => p.Type == "create_account"
                ? (object)new
                {
                    id = p.Id, paging_token = p.Id, transaction_successful = true, type = p.Type, transaction_hash = p.Hash,
                    created_at = p.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    funder = p.From, account = p.To, starting_balance = StellarAmount.FormatStroops(p.Amount),
                }
                : new
                {
                    id = p.Id, paging_token = p.Id, transaction_successful = true, type = p.Type, transaction_hash = p.Hash,
                    created_at = p.At.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                    from = p.From, to = p.To, amount = StellarAmount.FormatStroops(p.Amount),
                    asset_type = p.Asset.IsNative ? "native" : p.Asset.Code!.Length <= 4 ? "credit_alphanum4" : "credit_alphanum12",
                    asset_code = p.Asset.Code, asset_issuer = p.Asset.Issuer,
                }).ToArray();
            return Results.Json(new { _embedded = new { records = page } });
        }
    }

    private sealed record FakePayment(string Id, long Token, string Hash, string Type, string From, string To, StellarAsset Asset, long Amount, DateTimeOffset At);
}
