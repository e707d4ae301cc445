using System.Net;
using Rowell.Client;
using Rowell.Client.Models;

namespace Rowell.Tests.Clients;

/// <summary>The envelope's errors arrive as typed exceptions with code, message, field and request id.</summary>
[Collection(ClientsCollection.Name)]
public sealed class ClientErrorTests(ClientsFixture fixture)
{
    [Fact]
    public async Task A_validation_error_names_its_field_and_request_id()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        using var client = fixture.Client(key);
        var error = await Assert.ThrowsAsync<RowellValidationException>(() =>
            client.Accounts.CreateAsync(new CreateAccountRequest("bitcoin", "testnet", "user", "KE")));
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(ErrorCodes.ValidationError, error.Code);
        Assert.Equal("network", error.Field);
        Assert.False(string.IsNullOrWhiteSpace(error.ApiMessage));
        Assert.StartsWith("req_", error.RequestId);
        Assert.Contains(error.RequestId!, error.Message);
    }

    [Fact]
    public async Task Unknown_key_missing_resource_and_insufficient_funds_are_their_own_types()
    {
        using var stranger = fixture.Client("sk_test_" + new string('x', 40));
        var unauthorized = await Assert.ThrowsAsync<RowellAuthenticationException>(() => stranger.Developers.MeAsync());
        Assert.Equal(ErrorCodes.Unauthorized, unauthorized.Code);

        var (_, key) = await fixture.NewDeveloperAsync();
        using var client = fixture.Client(key);
        var missing = await Assert.ThrowsAsync<RowellNotFoundException>(() => client.Accounts.GetAsync("acc_doesnotexist000000000"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var from = await client.Accounts.CreateAsync(new CreateAccountRequest("stellar", "testnet", "user", "KE"));
        var to = await client.Accounts.CreateAsync(new CreateAccountRequest("stellar", "testnet", "user", "NG"));
        var broke = await Assert.ThrowsAsync<RowellPaymentException>(() =>
            client.Transfers.CreateAsync(new CreateTransferRequest(from.Id, to.Id, "XLM", "1000000.0000000")));
        Assert.Equal(ErrorCodes.InsufficientFunds, broke.Code);
    }

    [Fact]
    public async Task A_typed_round_trip_funds_transfers_and_watches_the_timeline_to_completed()
    {
        var (_, key) = await fixture.NewDeveloperAsync();
        using var client = fixture.Client(key);
        Assert.Equal("test", client.Mode);
        var from = await client.Accounts.CreateAsync(new CreateAccountRequest("stellar", "testnet", "user", "KE"));
        var to = await client.Accounts.CreateAsync(new CreateAccountRequest("stellar", "testnet", "merchant", "NG"));
        Assert.StartsWith("acc_", from.Id);
        Assert.StartsWith("wal_", Assert.Single(from.Wallets).Id);
        var funded = await client.Sandbox.FundAsync(new SandboxFundRequest(from.Id, "XLM", "100"));
        // Sandbox accounts open with 10,000 XLM.
        Assert.Contains(funded, b => b.AssetCode == "XLM" && b.Amount == "10100.0000000");

        var transfer = await client.Transfers.CreateAsync(new CreateTransferRequest(from.Id, to.Id, "XLM", "12.5"));
        Assert.Equal("12.5000000", transfer.Amount);
        var statuses = new List<string>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await foreach (var step in client.Transfers.WatchAsync(transfer.Id, TimeSpan.FromMilliseconds(50), deadline.Token))
        {
            statuses.Add(step.Status);
        }
        Assert.Equal("completed", statuses[^1]);
        Assert.Equal("completed", (await client.Transfers.GetAsync(transfer.Id)).Status);
        var balances = await client.Accounts.BalancesAsync(to.Id);
        Assert.Contains(balances, b => b.AssetCode == "XLM" && b.Amount == "10012.5000000");
        var tx = await client.Transactions.GetAsync((await client.Transfers.GetAsync(transfer.Id)).TransactionHash!);
        Assert.Equal(transfer.Id, tx.TransferId);
    }
}
