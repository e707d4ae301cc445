using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Grains.Ledgers.Hedera;
using Rowell.Grains.Ledgers.Hedera.Hapi;

namespace Rowell.Tests.Ledgers.Fakes;

/// <summary>
/// A local Hedera: a consensus node speaking HAPI gRPC (CryptoService over HTTP/2) and a mirror node
/// speaking /api/v1 JSON, sharing one state. The node parses what it receives with the HAPI messages,
/// verifies every ed25519 signature over bodyBytes and that the payer and every sender signed, checks
/// the node account, the valid-start window and duplicates by TransactionID, then applies it.
/// </summary>
public sealed partial class FakeHedera : IAsyncDisposable
{
    public const long FeeTinybars = 100_000;
    public static readonly AccountID NodeAccount = new() { AccountNum = 3 };

    private readonly object _gate = new();
    private readonly Dictionary<long, FakeHederaAccount> _accounts = [];
    private readonly Dictionary<string, (TransactionReceipt Receipt, DateTimeOffset At)> _done = [];
    private long _nextAccount = 5001;
    private readonly List<FakeMirrorRecord> _records = [];
    private long _lastNanos;
    private int _mirrorRequests;
    private WebApplication _mirror = null!;
    private WebApplication _node = null!;

    public Uri MirrorUrl { get; private set; } = null!;
    public Uri NodeUrl { get; private set; } = null!;
    public string NodeSpec => $"0.0.3@{NodeUrl}";

    /// <summary>Every Transaction received by createAccount/cryptoTransfer (including re-sends).</summary>
    public List<Transaction> Received { get; } = [];
    public int SignaturesVerified { get; private set; }

    /// <summary>Requests served by the mirror node (any endpoint).</summary>
    public int MirrorRequests => _mirrorRequests;

    /// <summary>GET /api/v1/transactions?timestamp=gt:… pages served (the inbound sync's network-wide feed).</summary>
    public int TransactionPagesServed { get; private set; }

    /// <summary>TokenAssociate transactions applied.</summary>
    public int AssociationsApplied { get; private set; }

    /// <summary>Apply the next N transactions, then answer UNAVAILABLE (a lost answer).</summary>
    public int LoseAnswers { get; set; }

    /// <summary>How far the mirror node trails consensus: a transaction is visible there only this long after it.</summary>
    public TimeSpan MirrorLag { get; set; }

    /// <summary>Receipt queries answer UNKNOWN (the node has not got the record yet), whatever happened.</summary>
    public bool ReceiptsUnknown { get; set; }

    /// <summary>Answer every transaction with UNAVAILABLE without looking at it (node down).</summary>
    public bool Unreachable { get; set; }

    public static async Task<FakeHedera> StartAsync()
    {
        var fake = new FakeHedera();
        (fake._node, fake.NodeUrl) = await LoopbackServer.StartAsync(
            app =>
            {
                app.MapGrpcService<FakeCryptoService>();
                app.MapGrpcService<FakeTokenService>();
            },
            services => services.AddGrpc().Services.AddSingleton(fake).AddSingleton<FakeTokenService>(),
            HttpProtocols.Http2);
        (fake._mirror, fake.MirrorUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.Use(async (context, next) =>
            {
                Interlocked.Increment(ref fake._mirrorRequests);
                await next(context);
            });
            app.MapGet("/api/v1/accounts/{id}", (string id) => fake.MirrorAccount(id));
            app.MapGet("/api/v1/accounts", (HttpRequest r) => fake.MirrorAccountsByKey(r.Query["account.publickey"].ToString()));
            app.MapGet("/api/v1/transactions/{id}", (string id) => fake.MirrorTransaction(id));
            app.MapGet("/api/v1/transactions", (HttpRequest r) => fake.MirrorTransactions(r));
        });
        return fake;
    }

    public string OpenAccount(byte[] publicKey, long tinybars)
    {
        lock (_gate)
        {
            var num = _nextAccount++;
            _accounts[num] = new FakeHederaAccount(publicKey) { Tinybars = tinybars };
            return $"0.0.{num}";
        }
    }

    public void SetToken(string accountId, string tokenId, long units)
    {
        lock (_gate)
        {
            _accounts[HederaAccountId.Parse(accountId).Num].Tokens[tokenId] = units;
        }
    }

    public long Tinybars(string accountId)
    {
        lock (_gate)
        {
            return _accounts[HederaAccountId.Parse(accountId).Num].Tinybars;
        }
    }

    public long Token(string accountId, string tokenId)
    {
        lock (_gate)
        {
            return _accounts[HederaAccountId.Parse(accountId).Num].Tokens.GetValueOrDefault(tokenId, -1);
        }
    }

    /// <summary>How many accounts hold this key (a second one would be an account paid for twice).</summary>
    public int AccountsWithKey(byte[] publicKey)
    {
        lock (_gate)
        {
            return _accounts.Values.Count(a => a.PublicKey.AsSpan().SequenceEqual(publicKey));
        }
    }

    public byte[]? KeyOf(string accountId)
    {
        lock (_gate)
        {
            return _accounts.TryGetValue(HederaAccountId.Parse(accountId).Num, out var a) ? a.PublicKey : null;
        }
    }

    internal TransactionResponse Handle(Transaction tx, bool create) =>
        Handle(tx, create ? TransactionBody.DataOneofCase.CryptoCreateAccount : TransactionBody.DataOneofCase.CryptoTransfer);

    internal TransactionResponse Handle(Transaction tx, TransactionBody.DataOneofCase kind)
    {
        if (Unreachable)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "node down"));
        }
        lock (_gate)
        {
            Received.Add(tx);
            var create = kind == TransactionBody.DataOneofCase.CryptoCreateAccount;
            var code = Check(tx, kind, out var body);
            if (code != ResponseCodeEnum.Ok)
            {
                return new TransactionResponse { NodeTransactionPrecheckCode = code };
            }
            var id = HederaTransactionIds.Format(body!.TransactionID);
            if (_done.ContainsKey(id))
            {
                return new TransactionResponse { NodeTransactionPrecheckCode = ResponseCodeEnum.DuplicateTransaction };
            }
            var payer = _accounts[body.TransactionID.AccountID.AccountNum];
            payer.Tinybars -= FeeTinybars;
            var receipt = kind switch
            {
                TransactionBody.DataOneofCase.CryptoCreateAccount => ApplyCreate(payer, body.CryptoCreateAccount),
                TransactionBody.DataOneofCase.TokenAssociate => ApplyAssociate(body.TokenAssociate),
                _ => ApplyTransfer(body.CryptoTransfer, id),
            };
            _done[id] = (receipt, DateTimeOffset.UtcNow);
            if (LoseAnswers > 0)
            {
                LoseAnswers--;
                throw new RpcException(new Status(StatusCode.Unavailable, "answer lost"));
            }
            return new TransactionResponse { NodeTransactionPrecheckCode = ResponseCodeEnum.Ok };
        }
    }

    internal Response Receipt(Query query)
    {
        lock (_gate)
        {
            var id = HederaTransactionIds.Format(query.TransactionGetReceipt.TransactionID);
            if (ReceiptsUnknown)
            {
                return new Response { TransactionGetReceipt = new TransactionGetReceiptResponse { Header = new ResponseHeader(), Receipt = new TransactionReceipt { Status = ResponseCodeEnum.Unknown } } };
            }
            return _done.TryGetValue(id, out var done)
                ? new Response { TransactionGetReceipt = new TransactionGetReceiptResponse { Header = new ResponseHeader(), Receipt = done.Receipt } }
                : new Response { TransactionGetReceipt = new TransactionGetReceiptResponse { Header = new ResponseHeader { NodeTransactionPrecheckCode = ResponseCodeEnum.ReceiptNotFound } } };
        }
    }

    private ResponseCodeEnum Check(Transaction tx, TransactionBody.DataOneofCase kind, out TransactionBody? body)
    {
        body = null;
        SignedTransaction signed;
        try
        {
            signed = SignedTransaction.Parser.ParseFrom(tx.SignedTransactionBytes);
            body = TransactionBody.Parser.ParseFrom(signed.BodyBytes);
        }
        catch (InvalidProtocolBufferException)
        {
            return ResponseCodeEnum.InvalidTransaction;
        }
        var create = kind == TransactionBody.DataOneofCase.CryptoCreateAccount;
        if (body.DataCase != kind)
        {
            return ResponseCodeEnum.InvalidTransaction;
        }
        if (!Equals(body.NodeAccountID, NodeAccount))
        {
            return ResponseCodeEnum.InvalidNodeAccount;
        }
        if (body.TransactionID?.AccountID is null || !_accounts.TryGetValue(body.TransactionID.AccountID.AccountNum, out var payer))
        {
            return ResponseCodeEnum.PayerAccountNotFound;
        }
        var start = DateTimeOffset.FromUnixTimeSeconds(body.TransactionID.TransactionValidStart.Seconds);
        if (DateTimeOffset.UtcNow > start.AddSeconds(body.TransactionValidDuration.Seconds))
        {
            return ResponseCodeEnum.TransactionExpired;
        }
        if (!HederaTransactions.SignaturesVerify(signed))
        {
            return ResponseCodeEnum.InvalidSignature;
        }
        var signers = signed.SigMap.SigPair.Select(p => p.PubKeyPrefix.ToBase64()).ToHashSet();
        if (!signers.Contains(Convert.ToBase64String(payer.PublicKey)))
        {
            return ResponseCodeEnum.InvalidPayerSignature;
        }
        if (kind == TransactionBody.DataOneofCase.CryptoTransfer)
        {
            var senders = body.CryptoTransfer.Transfers?.AccountAmounts.Where(a => a.Amount < 0).Select(a => a.AccountID).ToList() ?? [];
            senders.AddRange(body.CryptoTransfer.TokenTransfers.SelectMany(t => t.Transfers).Where(a => a.Amount < 0).Select(a => a.AccountID));
            foreach (var sender in senders)
            {
                if (!_accounts.TryGetValue(sender.AccountNum, out var s))
                {
                    return ResponseCodeEnum.InvalidAccountId;
                }
                if (!signers.Contains(Convert.ToBase64String(s.PublicKey)))
                {
                    return ResponseCodeEnum.InvalidSignature;
                }
            }
        }
        if (payer.Tinybars < FeeTinybars)
        {
            return ResponseCodeEnum.InsufficientPayerBalance;
        }
        SignaturesVerified++;
        return ResponseCodeEnum.Ok;
    }

    private TransactionReceipt ApplyCreate(FakeHederaAccount payer, CryptoCreateTransactionBody create)
    {
        var initial = (long)create.InitialBalance;
        if (payer.Tinybars < initial)
        {
            return new TransactionReceipt { Status = ResponseCodeEnum.InsufficientPayerBalance };
        }
        payer.Tinybars -= initial;
        var num = _nextAccount++;
        _accounts[num] = new FakeHederaAccount(create.Key.Ed25519.ToByteArray()) { Tinybars = initial };
        return new TransactionReceipt { Status = ResponseCodeEnum.Success, AccountID = new AccountID { AccountNum = num } };
    }

    private TransactionReceipt ApplyAssociate(TokenAssociateTransactionBody associate)
    {
        if (!_accounts.TryGetValue(associate.Account.AccountNum, out var account))
        {
            return new TransactionReceipt { Status = ResponseCodeEnum.InvalidAccountId };
        }
        foreach (var t in associate.Tokens)
        {
            var token = $"{t.ShardNum}.{t.RealmNum}.{t.TokenNum}";
            if (!account.Tokens.TryAdd(token, 0))
            {
                return new TransactionReceipt { Status = ResponseCodeEnum.TokenAlreadyAssociatedToAccount };
            }
        }
        AssociationsApplied++;
        return new TransactionReceipt { Status = ResponseCodeEnum.Success };
    }

    private TransactionReceipt ApplyTransfer(CryptoTransferTransactionBody transfer, string transactionId)
    {
        var hbar = transfer.Transfers?.AccountAmounts.ToList() ?? [];
        if (hbar.Sum(a => a.Amount) != 0 || transfer.TokenTransfers.Any(t => t.Transfers.Sum(a => a.Amount) != 0))
        {
            return new TransactionReceipt { Status = ResponseCodeEnum.InvalidAccountAmounts };
        }
        foreach (var a in hbar)
        {
            if (!_accounts.TryGetValue(a.AccountID.AccountNum, out var acct))
            {
                return new TransactionReceipt { Status = ResponseCodeEnum.InvalidAccountId };
            }
            if (acct.Tinybars + a.Amount < 0)
            {
                return new TransactionReceipt { Status = ResponseCodeEnum.InsufficientAccountBalance };
            }
        }
        foreach (var t in transfer.TokenTransfers)
        {
            var token = $"{t.Token.ShardNum}.{t.Token.RealmNum}.{t.Token.TokenNum}";
            foreach (var a in t.Transfers)
            {
                if (!_accounts.TryGetValue(a.AccountID.AccountNum, out var acct))
                {
                    return new TransactionReceipt { Status = ResponseCodeEnum.InvalidAccountId };
                }
                if (!acct.Tokens.TryGetValue(token, out var held))
                {
                    return new TransactionReceipt { Status = ResponseCodeEnum.TokenNotAssociatedToAccount };
                }
                if (held + a.Amount < 0)
                {
                    return new TransactionReceipt { Status = ResponseCodeEnum.InsufficientTokenBalance };
                }
            }
        }
        foreach (var a in hbar)
        {
            _accounts[a.AccountID.AccountNum].Tinybars += a.Amount;
        }
        var moves = hbar.Select(a => (Account: $"0.0.{a.AccountID.AccountNum}", Token: (string?)null, a.Amount)).ToList();
        foreach (var t in transfer.TokenTransfers)
        {
            var token = $"{t.Token.ShardNum}.{t.Token.RealmNum}.{t.Token.TokenNum}";
            foreach (var a in t.Transfers)
            {
                _accounts[a.AccountID.AccountNum].Tokens[token] += a.Amount;
                moves.Add(($"0.0.{a.AccountID.AccountNum}", token, a.Amount));
            }
        }
        RecordTransaction(transactionId, moves);
        return new TransactionReceipt { Status = ResponseCodeEnum.Success };
    }

    public async ValueTask DisposeAsync()
    {
        await _mirror.DisposeAsync();
        await _node.DisposeAsync();
    }

    private sealed class FakeHederaAccount(byte[] publicKey)
    {
        public byte[] PublicKey { get; } = publicKey;
        public DateTimeOffset CreatedAt { get; } = DateTimeOffset.UtcNow;
        public long Tinybars { get; set; }
        public Dictionary<string, long> Tokens { get; } = [];
    }
}

/// <summary>The node's CryptoService, generated from our hapi.proto (server side).</summary>
public sealed class FakeCryptoService(FakeHedera hedera) : CryptoService.CryptoServiceBase
{
    public override Task<TransactionResponse> createAccount(Transaction request, ServerCallContext context) =>
        Task.FromResult(hedera.Handle(request, create: true));

    public override Task<TransactionResponse> cryptoTransfer(Transaction request, ServerCallContext context) =>
        Task.FromResult(hedera.Handle(request, create: false));

    public override Task<Response> getTransactionReceipts(Query request, ServerCallContext context) =>
        Task.FromResult(hedera.Receipt(request));
}

/// <summary>The node's TokenService (associateTokens only).</summary>
public sealed class FakeTokenService(FakeHedera hedera) : TokenService.TokenServiceBase
{
    public override Task<TransactionResponse> associateTokens(Transaction request, ServerCallContext context) =>
        Task.FromResult(hedera.Handle(request, TransactionBody.DataOneofCase.TokenAssociate));
}
