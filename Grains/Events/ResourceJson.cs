using System.Text.Json;
using Rowell.Abstractions.Accounts;
using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Abstractions.Wallets;

namespace Rowell.Grains.Events;

/// <summary>
/// Event payloads for resources whose HTTP shape lives in the API (Api/Endpoints/ResponseModels.cs): the same
/// fields and names, so an event's data.object is the resource as GET returns it.
/// </summary>
public static class ResourceJson
{
    public static string Account(AccountView a) => JsonSerializer.Serialize(AccountObject(a));

    public static string Wallet(WalletView w) => JsonSerializer.Serialize(WalletObject(w));

    public static string ApiKey(ApiKeyView k, DateTimeOffset now) => JsonSerializer.Serialize(new
    {
        id = k.Id,
        @object = "api_key",
        name = k.Name,
        mode = k.Mode,
        prefix = k.Prefix,
        permissions = k.Permissions,
        created_at = EventJson.Timestamp(k.CreatedAt),
        expires_at = k.ExpiresAt is { } e ? EventJson.Timestamp(e) : null,
        revoked_at = k.RevokedAt is { } r ? EventJson.Timestamp(r) : null,
        status = k.RevokedAt is not null ? "revoked" : k.ExpiresAt is { } x && x <= now ? "expired" : "active",
        secret = (string?)null,
    });

    private static object WalletObject(WalletView w) => new
    {
        id = w.Id,
        @object = "wallet",
        account_id = w.AccountId,
        network = w.Network.Wire(),
        environment = w.Environment.Wire(),
        address = w.Address,
        public_key = w.PublicKey,
        created_at = EventJson.Timestamp(w.CreatedAt),
    };

    private static object AccountObject(AccountView a) => new
    {
        id = a.Id,
        @object = "account",
        network = a.Network.Wire(),
        environment = a.Environment.Wire(),
        account_type = a.AccountType.Wire(),
        country_code = a.CountryCode,
        region = a.Region,
        kyc_status = a.KycStatus.Wire(),
        metadata = a.Metadata,
        wallets = a.Wallets.Select(WalletObject).ToList(),
        created_at = EventJson.Timestamp(a.CreatedAt),
        updated_at = EventJson.Timestamp(a.UpdatedAt),
    };
}
