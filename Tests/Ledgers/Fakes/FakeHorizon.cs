using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Rowell.Grains.Ledgers.Stellar;

namespace Rowell.Tests.Ledgers.Fakes;

/// <summary>
/// A local Horizon + friendbot speaking Horizon's JSON shapes. It decodes every submitted envelope
/// with OUR XDR reader, checks the ed25519 signature over the transaction hash of ITS network
/// passphrase, the sequence number, the time bounds and balances, and applies payments like
/// stellar-core: a failed transaction still consumes its sequence number and pays its fee.
/// </summary>
public sealed partial class FakeHorizon : IAsyncDisposable
{
    public const long FriendbotStartingStroops = 10_000 * StellarAmount.StroopsPerUnit;

    private readonly object _gate = new();
    private readonly Dictionary<string, FakeStellarAccount> _accounts = [];
    private readonly Dictionary<string, FakeStellarTx> _transactions = [];
    private WebApplication _app = null!;
    private long _ledger = 1000;
    private readonly List<FakePayment> _payments = [];
    private long _operation;

    public StellarNetwork Network { get; init; } = StellarNetwork.Testnet;
    public Uri Url { get; private set; } = null!;
    public Uri FriendbotUrl => new(Url, "friendbot");

    /// <summary>Every envelope POSTed to /transactions, in order (base64).</summary>
    public List<string> Submitted { get; } = [];
    public int FriendbotCalls { get; private set; }

    /// <summary>GET /payments requests served (the inbound sync's network-wide feed).</summary>
    public int PaymentsRequests { get; private set; }

    /// <summary>Every request served, of any kind.</summary>
    public int Requests => _requests;
    private int _requests;

    /// <summary>changeTrust operations applied, per account.</summary>
    public int ChangeTrustsApplied { get; private set; }
    public int SignaturesVerified { get; private set; }

    /// <summary>Before the next N submissions, another transaction "uses" the source's next sequence number.</summary>
    public int ConsumeSequenceBeforeSubmit { get; set; }

    /// <summary>
    /// How far Horizon's ingestion trails the network: a transaction is answerable by /transactions/{hash}
    /// (and a re-submission is answered from Horizon's records) only this long after it applied, and the
    /// latest ledger /ledgers reports closed this long ago.
    /// </summary>
    public TimeSpan IndexerLag { get; set; }

    /// <summary>Apply the transaction, then hold the answer this long (an answer lost to a timeout).</summary>
    public TimeSpan AnswerDelay { get; set; }

    public static async Task<FakeHorizon> StartAsync(StellarNetwork? network = null)
    {
        var fake = new FakeHorizon { Network = network ?? StellarNetwork.Testnet };
        (fake._app, fake.Url) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                Interlocked.Increment(ref fake._requests);
                await next(context);
            });
            app.MapGet("/payments", (HttpRequest r) => fake.Payments(r.Query["cursor"].ToString(), int.TryParse(r.Query["limit"], out var l) ? l : 10));
            app.MapGet("/accounts/{id}", (string id) => fake.GetAccount(id));
            app.MapGet("/transactions/{hash}", (string hash) => fake.GetTransaction(hash));
            app.MapPost("/transactions", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                var result = fake.Submit(form["tx"].ToString());
                if (fake.AnswerDelay > TimeSpan.Zero)
                {
                    await Task.Delay(fake.AnswerDelay, request.HttpContext.RequestAborted);
                }
                return result;
            });
            app.MapGet("/ledgers", () => fake.LatestLedger());
            app.MapGet("/friendbot", (string addr) => fake.Friendbot(addr));
        });
        return fake;
    }

    public void OpenAccount(string accountId, long stroops, long sequence = 4_294_967_296)
    {
        lock (_gate)
        {
            _accounts[accountId] = new FakeStellarAccount(sequence) { Balances = { ["native"] = stroops } };
        }
    }

    public void AddTrustline(string accountId, StellarAsset asset, long stroops)
    {
        lock (_gate)
        {
            _accounts[accountId].Balances[asset.ToString()] = stroops;
        }
    }

    public long Balance(string accountId, StellarAsset asset)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(accountId, out var a) && a.Balances.TryGetValue(asset.ToString(), out var b) ? b : -1;
        }
    }

    public long Sequence(string accountId)
    {
        lock (_gate)
        {
            return _accounts[accountId].Sequence;
        }
    }

    public bool HasTransaction(string hash)
    {
        lock (_gate)
        {
            return _transactions.ContainsKey(hash);
        }
    }

    private IResult GetAccount(string id)
    {
        lock (_gate)
        {
            if (!_accounts.TryGetValue(id, out var a))
            {
                return NotFound();
            }
            return Results.Json(new
            {
                id,
                account_id = id,
                sequence = a.Sequence.ToString(CultureInfo.InvariantCulture),
                subentry_count = a.Balances.Count - 1,
                balances = a.Balances.OrderBy(b => b.Key == "native" ? 1 : 0).Select(b => b.Key == "native"
                    ? (object)new { balance = StellarAmount.FormatStroops(b.Value), asset_type = "native" }
                    : new
                    {
                        balance = StellarAmount.FormatStroops(b.Value),
                        limit = "922337203685.4775807",
                        asset_type = b.Key.Split(':')[0].Length <= 4 ? "credit_alphanum4" : "credit_alphanum12",
                        asset_code = b.Key.Split(':')[0],
                        asset_issuer = b.Key.Split(':')[1],
                    }).ToArray(),
            });
        }
    }

    private IResult GetTransaction(string hash)
    {
        lock (_gate)
        {
            return _transactions.TryGetValue(hash, out var tx) && Indexed(tx) ? Results.Json(TxJson(hash, tx)) : NotFound();
        }
    }

    private bool Indexed(FakeStellarTx tx) => tx.CreatedAt <= DateTimeOffset.UtcNow - IndexerLag;

    /// <summary>Like the testnet, a ledger closes all the time; Horizon has ingested up to IndexerLag ago.</summary>
    private IResult LatestLedger()
    {
        lock (_gate)
        {
            var closed = DateTimeOffset.UtcNow - IndexerLag;
            return Results.Json(new
            {
                _embedded = new
                {
                    records = new[]
                    {
                        new
                        {
                            sequence = _ledger,
                            paging_token = (_ledger << 32).ToString(CultureInfo.InvariantCulture),
                            closed_at = closed.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                        },
                    },
                },
            });
        }
    }

    private IResult Friendbot(string addr)
    {
        lock (_gate)
        {
            FriendbotCalls++;
            if (!StrKey.IsValidAccountId(addr))
            {
                return Problem(400, "bad_request", null, []);
            }
            if (_accounts.ContainsKey(addr))
            {
                return Problem(400, "transaction_failed", "tx_failed", ["op_already_exists"]);
            }
            _ledger++;
            _accounts[addr] = new FakeStellarAccount(_ledger << 32) { Balances = { ["native"] = FriendbotStartingStroops } };
            var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("friendbot:" + addr)));
            var tx = new FakeStellarTx(true, _ledger, DateTimeOffset.UtcNow, "");
            _transactions[hash] = tx;
            return Results.Json(TxJson(hash, tx));
        }
    }

    private IResult Submit(string base64)
    {
        lock (_gate)
        {
            Submitted.Add(base64);
            StellarTransactionEnvelope envelope;
            try
            {
                envelope = StellarTransactionEnvelope.FromXdrBase64(base64);
            }
            catch (FormatException)
            {
                return Problem(400, "transaction_malformed", null, []);
            }
            var tx = envelope.Transaction;
            var hash = envelope.HashHex(Network);
            if (_transactions.TryGetValue(hash, out var known) && Indexed(known))
            {
                // Horizon answers a re-submission of an applied transaction it has ingested with its record;
                // before that, stellar-core judges it like any other (its sequence number is used: tx_bad_seq).
                return known.Successful ? Results.Json(TxJson(hash, known)) : Problem(400, "transaction_failed", "tx_failed", known.OperationCodes);
            }
            if (!_accounts.TryGetValue(tx.SourceAccount, out var source))
            {
                return Problem(400, "transaction_failed", "tx_no_source_account", []);
            }
            if (!envelope.IsSignedBy(StrKey.DecodeAccountId(tx.SourceAccount), Network))
            {
                return Problem(400, "transaction_failed", "tx_bad_auth", []);
            }
            SignaturesVerified++;
            if (ConsumeSequenceBeforeSubmit > 0)
            {
                ConsumeSequenceBeforeSubmit--;
                source.Sequence++;
            }
            if (tx.SequenceNumber != source.Sequence + 1)
            {
                return Problem(400, "transaction_failed", "tx_bad_seq", []);
            }
            if (tx.Preconditions.TimeBounds is { MaxTime: > 0 } tb && (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() > tb.MaxTime)
            {
                return Problem(400, "transaction_failed", "tx_too_late", []);
            }
            if (source.Balances["native"] < tx.Fee)
            {
                return Problem(400, "transaction_failed", "tx_insufficient_balance", []);
            }
            // Included in a ledger from here on: sequence and fee are consumed even if an operation fails.
            _ledger++;
            source.Sequence = tx.SequenceNumber;
            source.Balances["native"] -= tx.Fee;
            var opCodes = tx.Operations.Select(op => Apply(tx.SourceAccount, op, dryRun: true)).ToList();
            var ok = opCodes.All(c => c == "op_success");
            if (ok)
            {
                foreach (var op in tx.Operations)
                {
                    Apply(tx.SourceAccount, op, dryRun: false);
                }
            }
            var record = new FakeStellarTx(ok, _ledger, DateTimeOffset.UtcNow, base64) { OperationCodes = opCodes };
            _transactions[hash] = record;
            return ok ? Results.Json(TxJson(hash, record)) : Problem(400, "transaction_failed", "tx_failed", opCodes);
        }
    }

    private string Apply(string sourceId, StellarOperation op, bool dryRun)
    {
        var source = _accounts[op.SourceAccount ?? sourceId];
        switch (op)
        {
            case PaymentOperation p:
                if (!_accounts.TryGetValue(p.Destination, out var destination))
                {
                    return "op_no_destination";
                }
                var key = p.Asset.ToString();
                if (!destination.Balances.ContainsKey(key))
                {
                    return "op_no_trust";
                }
                if (!source.Balances.TryGetValue(key, out var have))
                {
                    return "op_src_no_trust";
                }
                if (have < p.Amount)
                {
                    return "op_underfunded";
                }
                if (!dryRun)
                {
                    source.Balances[key] -= p.Amount;
                    destination.Balances[key] += p.Amount;
                    RecordPayment(op.SourceAccount ?? sourceId, p.Destination, p.Asset, p.Amount, "payment");
                }
                return "op_success";
            case CreateAccountOperation c:
                if (_accounts.ContainsKey(c.Destination))
                {
                    return "op_already_exists";
                }
                if (source.Balances["native"] < c.StartingBalance)
                {
                    return "op_underfunded";
                }
                if (!dryRun)
                {
                    source.Balances["native"] -= c.StartingBalance;
                    _accounts[c.Destination] = new FakeStellarAccount(_ledger << 32) { Balances = { ["native"] = c.StartingBalance } };
                    RecordPayment(op.SourceAccount ?? sourceId, c.Destination, StellarAsset.Native, c.StartingBalance, "create_account");
                }
                return "op_success";
            case ChangeTrustOperation t:
                if (!dryRun)
                {
                    source.Balances.TryAdd(t.Line.ToString(), 0);
                    ChangeTrustsApplied++;
                }
                return "op_success";
            default:
                return "op_not_supported";
        }
    }

    private static object TxJson(string hash, FakeStellarTx tx) => new
    {
        id = hash,
        hash,
        ledger = tx.Ledger,
        successful = tx.Successful,
        created_at = tx.CreatedAt.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        envelope_xdr = tx.EnvelopeXdr,
    };

    private static IResult NotFound() => Results.Json(new
    {
        type = "https://stellar.org/horizon-errors/not_found",
        title = "Resource Missing",
        status = 404,
        detail = "The resource at the url requested was not found.",
    }, statusCode: 404);

    private static IResult Problem(int status, string type, string? txCode, IReadOnlyList<string> opCodes) => Results.Json(new
    {
        type = "https://stellar.org/horizon-errors/" + type,
        title = "Transaction Failed",
        status,
        extras = txCode is null ? null : new { result_codes = new { transaction = txCode, operations = opCodes } },
    }, statusCode: status);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private sealed class FakeStellarAccount(long sequence)
    {
        public long Sequence { get; set; } = sequence;
        public Dictionary<string, long> Balances { get; } = [];
    }

    private sealed record FakeStellarTx(bool Successful, long Ledger, DateTimeOffset CreatedAt, string EnvelopeXdr)
    {
        public IReadOnlyList<string> OperationCodes { get; init; } = [];
    }
}
