using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Configuration;
using Polly;
using Polly.Retry;
using Rowell.Abstractions.Common;
using Rowell.Grains.Ledgers.Hedera.Hapi;

namespace Rowell.Grains.Ledgers.Hedera;

/// <summary>A consensus node: its account (the nodeAccountID of what we send it) and its gRPC URL.</summary>
public sealed record HederaNode(HederaAccountId Account, Uri Url)
{
    /// <summary>"0.0.3@https://testnet-node00-00-grpc.hedera.com:443" (http:// = plaintext HTTP/2).</summary>
    public static HederaNode Parse(string spec, string settingName)
    {
        var at = spec.IndexOf('@');
        if (at < 0 || !HederaAccountId.TryParse(spec[..at], out var account)
            || !Uri.TryCreate(spec[(at + 1)..], UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{settingName} must look like 0.0.3@https://host:port, not '{spec}'.");
        }
        return new HederaNode(account, url);
    }
}

/// <summary>
/// HAPI over gRPC (Grpc.Net.Client). Transport retries come from gRPC's own retry policy (UNAVAILABLE
/// only: re-sending the same signed transaction is harmless, the node answers DUPLICATE_TRANSACTION);
/// receipt polling is a Polly pipeline. No hand-written retry loops.
/// </summary>
public sealed class HapiClient(TimeSpan callTimeout, TimeSpan receiptPollInterval, int receiptPollAttempts) : IDisposable
{
    private readonly ConcurrentDictionary<Uri, GrpcChannel> _channels = new();

    private CryptoService.CryptoServiceClient Client(HederaNode node) => new(Channel(node));

    private TokenService.TokenServiceClient TokenClient(HederaNode node) => new(Channel(node));

    private GrpcChannel Channel(HederaNode node) =>
        _channels.GetOrAdd(node.Url, url => GrpcChannel.ForAddress(url, new GrpcChannelOptions
        {
            ServiceConfig = new ServiceConfig
            {
                MethodConfigs =
                {
                    new MethodConfig
                    {
                        Names = { MethodName.Default },
                        RetryPolicy = new Grpc.Net.Client.Configuration.RetryPolicy
                        {
                            MaxAttempts = 3,
                            InitialBackoff = TimeSpan.FromMilliseconds(250),
                            MaxBackoff = TimeSpan.FromSeconds(2),
                            BackoffMultiplier = 2,
                            RetryableStatusCodes = { StatusCode.Unavailable },
                        },
                    },
                },
            },
        }));

    public Task<TransactionResponse> CreateAccountAsync(HederaNode node, Transaction tx, CancellationToken cancellationToken) =>
        CallAsync(() => Client(node).createAccountAsync(tx, deadline: Deadline, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    public Task<TransactionResponse> AssociateTokensAsync(HederaNode node, Transaction tx, CancellationToken cancellationToken) =>
        CallAsync(() => TokenClient(node).associateTokensAsync(tx, deadline: Deadline, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    /// <summary>Sends a signed transaction to the service its body belongs to.</summary>
    public Task<TransactionResponse> SubmitAsync(HederaNode node, Transaction tx, TransactionBody.DataOneofCase kind, CancellationToken cancellationToken) => kind switch
    {
        TransactionBody.DataOneofCase.CryptoCreateAccount => CreateAccountAsync(node, tx, cancellationToken),
        TransactionBody.DataOneofCase.TokenAssociate => AssociateTokensAsync(node, tx, cancellationToken),
        _ => CryptoTransferAsync(node, tx, cancellationToken),
    };

    public Task<TransactionResponse> CryptoTransferAsync(HederaNode node, Transaction tx, CancellationToken cancellationToken) =>
        CallAsync(() => Client(node).cryptoTransferAsync(tx, deadline: Deadline, cancellationToken: cancellationToken).ResponseAsync, cancellationToken);

    /// <summary>
    /// Asks the node for the receipt until it is final (status not UNKNOWN / RECEIPT_NOT_FOUND) or the
    /// polling budget is spent; then returns what it has (UNKNOWN means: not settled yet).
    /// Receipt queries are free: no payment transaction in the header.
    /// </summary>
    public async Task<TransactionReceipt> GetReceiptAsync(HederaNode node, TransactionID id, CancellationToken cancellationToken)
    {
        var pipeline = new ResiliencePipelineBuilder<TransactionReceipt>()
            .AddRetry(new RetryStrategyOptions<TransactionReceipt>
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { Status: ResponseCodeEnum.Unknown or ResponseCodeEnum.ReceiptNotFound }),
                MaxRetryAttempts = receiptPollAttempts,
                Delay = receiptPollInterval,
                BackoffType = DelayBackoffType.Constant,
            })
            .Build();
        return await pipeline.ExecuteAsync(async ct =>
        {
            var query = new Query { TransactionGetReceipt = new TransactionGetReceiptQuery { Header = new QueryHeader(), TransactionID = id } };
            var response = await CallAsync(() => Client(node).getTransactionReceiptsAsync(query, deadline: Deadline, cancellationToken: ct).ResponseAsync, ct);
            var answer = response.TransactionGetReceipt;
            if (answer?.Header is { NodeTransactionPrecheckCode: not ResponseCodeEnum.Ok } header)
            {
                return new TransactionReceipt { Status = header.NodeTransactionPrecheckCode };
            }
            return answer?.Receipt ?? new TransactionReceipt { Status = ResponseCodeEnum.Unknown };
        }, cancellationToken);
    }

    private DateTime Deadline => DateTime.UtcNow + callTimeout;

    private static async Task<T> CallAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (RpcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RowellException(ErrorCodes.LedgerUnavailable, $"The Hedera node did not accept the call ({ex.StatusCode}); try again later.");
        }
    }

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
