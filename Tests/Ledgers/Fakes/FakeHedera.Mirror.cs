using System.Globalization;
using Microsoft.AspNetCore.Http;
using Rowell.Grains.Ledgers.Hedera;

namespace Rowell.Tests.Ledgers.Fakes;

/// <summary>The mirror node's network-wide transactions feed (GET /api/v1/transactions) the inbound sync reads.</summary>
public sealed partial class FakeHedera
{
    /// <summary>
    /// A transfer made outside Rowell (a stranger paying one of our accounts, or two strangers): applied to the
    /// books where the accounts exist, and listed by the mirror's network-wide /transactions.
    /// </summary>
    public string ExternalTransfer(string from, string to, string? tokenId, long amount)
    {
        lock (_gate)
        {
            foreach (var (account, delta) in new[] { (from, -amount), (to, amount) })
            {
                if (HederaAccountId.TryParse(account, out var id) && _accounts.TryGetValue(id.Num, out var a))
                {
                    if (tokenId is null)
                    {
                        a.Tinybars += delta;
                    }
                    else if (a.Tokens.ContainsKey(tokenId))
                    {
                        a.Tokens[tokenId] += delta;
                    }
                }
            }
            var nanos = NextNanos();
            var txId = $"{from}@{nanos / 1_000_000_000}.{nanos % 1_000_000_000:D9}";
            RecordTransaction(txId, [(from, tokenId, -amount), (to, tokenId, amount), (from, null, -FeeTinybars), ("0.0.3", null, FeeTinybars)]);
            return txId;
        }
    }

    private long NextNanos()
    {
        var now = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        _lastNanos = Math.Max(now, _lastNanos + 1);
        return _lastNanos;
    }

    private void RecordTransaction(string transactionId, IReadOnlyList<(string Account, string? Token, long Amount)> moves)
    {
        var nanos = NextNanos();
        _records.Add(new FakeMirrorRecord(nanos, transactionId, moves));
    }

    private sealed record FakeMirrorRecord(long Nanos, string TransactionId, IReadOnlyList<(string Account, string? Token, long Amount)> Moves);

    private static string Timestamp(long nanos) => string.Create(CultureInfo.InvariantCulture, $"{nanos / 1_000_000_000}.{nanos % 1_000_000_000:D9}");

    private static long ParseNanos(string timestamp)
    {
        var parts = timestamp.Split('.');
        return long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000_000
            + (parts.Length > 1 ? long.Parse(parts[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture) : 0);
    }

    /// <summary>
    /// ?timestamp=gt:…&amp;order=asc: the recorded transactions after a consensus timestamp. ?limit=1&amp;order=desc:
    /// the newest — like testnet, consensus never idles, so the mirror has imported up to MirrorLag ago.
    /// </summary>
    private IResult MirrorTransactions(HttpRequest request)
    {
        var gt = request.Query["timestamp"].ToString();
        if (gt.StartsWith("gt:", StringComparison.Ordinal))
        {
            lock (_gate)
            {
                TransactionPagesServed++;
                var after = ParseNanos(gt[3..]);
                var visibleUntil = ((DateTimeOffset.UtcNow - MirrorLag) - DateTimeOffset.UnixEpoch).Ticks * 100;
                var limit = int.TryParse(request.Query["limit"], out var l) ? Math.Clamp(l, 1, 100) : 25;
                var page = _records.Where(r => r.Nanos > after && r.Nanos <= visibleUntil).Take(limit).Select(r => new
                {
                    transaction_id = HederaTransactionIds.ToMirrorForm(r.TransactionId),
                    consensus_timestamp = Timestamp(r.Nanos),
                    result = "SUCCESS",
                    name = "CRYPTOTRANSFER",
                    transaction_hash = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(r.TransactionId)),
                    transfers = r.Moves.Where(m => m.Token is null).Select(m => new { account = m.Account, amount = m.Amount }).ToArray(),
                    token_transfers = r.Moves.Where(m => m.Token is not null).Select(m => new { token_id = m.Token, account = m.Account, amount = m.Amount }).ToArray(),
                }).ToArray();
                return Results.Json(new { transactions = page, links = new { next = (string?)null } });
            }
        }
        var at = DateTimeOffset.UtcNow - MirrorLag;
        return Results.Json(new
        {
            transactions = new[]
            {
                new
                {
                    transaction_id = "0.0.98-0-000000000",
                    result = "SUCCESS",
                    consensus_timestamp = Timestamp(at),
                    name = "CRYPTOTRANSFER",
                },
            },
            links = new { next = (string?)null },
        });
    }

    private IResult MirrorAccount(string id)
    {
        lock (_gate)
        {
            if (!HederaAccountId.TryParse(id, out var parsed) || !_accounts.TryGetValue(parsed.Num, out var a))
            {
                return Results.Json(new { _status = new { messages = new[] { new { message = "Not found" } } } }, statusCode: 404);
            }
            return Results.Json(AccountJson(parsed.Num, a));
        }
    }

    private IResult MirrorAccountsByKey(string publicKeyHex)
    {
        lock (_gate)
        {
            var visibleUntil = DateTimeOffset.UtcNow - MirrorLag;
            var matches = _accounts.Where(kv => Convert.ToHexStringLower(kv.Value.PublicKey) == publicKeyHex && kv.Value.CreatedAt <= visibleUntil)
                .OrderBy(kv => kv.Key).Select(kv => AccountJson(kv.Key, kv.Value)).ToArray();
            return Results.Json(new { accounts = matches, links = new { next = (string?)null } });
        }
    }

    private IResult MirrorTransaction(string mirrorId)
    {
        lock (_gate)
        {
            var visibleUntil = DateTimeOffset.UtcNow - MirrorLag;
            var match = _done.FirstOrDefault(kv => HederaTransactionIds.ToMirrorForm(kv.Key) == mirrorId && kv.Value.At <= visibleUntil);
            if (match.Key is null)
            {
                return Results.Json(new { _status = new { messages = new[] { new { message = "Not found" } } } }, statusCode: 404);
            }
            var at = match.Value.At;
            return Results.Json(new
            {
                transactions = new[]
                {
                    new
                    {
                        transaction_id = mirrorId,
                        result = HederaLedger.Name(match.Value.Receipt.Status),
                        consensus_timestamp = string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeSeconds()}.{at.Millisecond * 1_000_000:D9}"),
                        name = "CRYPTOTRANSFER",
                    },
                },
            });
        }
    }

    private static string Timestamp(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{at.ToUnixTimeSeconds()}.{at.Millisecond * 1_000_000:D9}");

    private static object AccountJson(long num, FakeHederaAccount a) => new
    {
        account = $"0.0.{num}",
        balance = new
        {
            balance = a.Tinybars,
            timestamp = "1767225600.000000000",
            tokens = a.Tokens.Select(t => new { token_id = t.Key, balance = t.Value }).ToArray(),
        },
        key = new { _type = "ED25519", key = Convert.ToHexStringLower(a.PublicKey) },
    };
}
