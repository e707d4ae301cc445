using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Transfers;

namespace Rowell.Tests.Transfers;

/// <summary>Small helpers so each transfer test reads as its scenario.</summary>
public static class TransferTestKit
{
    public static async Task<AccountView> NewAccountAsync(IGrainFactory grains, string developer, Network network = Network.Stellar, string country = "NG") =>
        await grains.GetGrain<IAccountGrain>(RowellIds.New(RowellIds.Account)).Create(new CreateAccountCommand(
            developer, network, LedgerEnvironment.Testnet, AccountType.User, country, new Dictionary<string, string>()));

    public static CreateTransferCommand Pay(string developer, AccountView from, string to, string amount, string asset = "XLM", string? memo = null) =>
        new(developer, from.Id, to, asset, decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), memo, new Dictionary<string, string>(), null, null);

    public static ITransferGrain NewTransfer(IGrainFactory grains) => grains.GetGrain<ITransferGrain>(RowellIds.New(RowellIds.Transfer));

    /// <summary>Polls until the transfer is final (bounded), returning the final view.</summary>
    public static async Task<TransferView> SettledAsync(IGrainFactory grains, string transferId, string developer, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await grains.GetGrain<ITransferGrain>(transferId).Get(developer);
            if (view is not null && view.Status.IsFinal())
            {
                return view;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Transfer {transferId} is still {view?.Status} after the deadline.");
            }
            await Task.Delay(50);
        }
    }

    public static async Task<decimal> BalanceAsync(IGrainFactory grains, AccountView account, string asset) =>
        (await grains.GetGrain<IAccountGrain>(account.Id).GetBalances(account.DeveloperId)).Single(b => b.AssetCode == asset).Balance;
}
