namespace Rowell.Abstractions.Developers;

/// <summary>A developer (key: dev_…): profile, tier and the ids of its API keys.</summary>
[Alias("rowell.IDeveloperGrain")]
public interface IDeveloperGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task<Registration> Register(RegisterDeveloperCommand command);

    [Alias("get")]
    Task<DeveloperView?> Get();

    /// <summary>Issues a new key; the secret is in the result only. Validates name, mode, permissions and expiry.</summary>
    [Alias("create-api-key")]
    Task<IssuedApiKey> CreateApiKey(CreateApiKeyCommand command);

    /// <summary>Every key of the developer, newest first, without secrets.</summary>
    [Alias("list-api-keys")]
    Task<IReadOnlyList<ApiKeyView>> ListApiKeys();

    /// <summary>Revokes one of the developer's keys (404 for any other id). Revoking twice is harmless.</summary>
    [Alias("revoke-api-key")]
    Task<ApiKeyView> RevokeApiKey(string keyId);

    /// <summary>Operator action: free | pro | enterprise (enterprise may carry a custom per-minute limit). Pushed to every key.</summary>
    [Alias("set-tier")]
    Task<DeveloperView> SetTier(string tier, int? customRateLimit);

    /// <summary>Adds counts aggregated by an API process (called by its periodic flush, never per request).</summary>
    [Alias("record-usage")]
    Task RecordUsage(IReadOnlyList<UsageCount> counts);

    /// <summary>The last <paramref name="days"/> UTC days that saw requests, newest first.</summary>
    [Alias("get-usage")]
    Task<IReadOnlyList<UsageDay>> GetUsage(int days);
}

/// <summary>
/// One API key (key: key_…). Stores only the SHA-256 of the secret; verifies a presented secret
/// in constant time. The key id is embedded in the secret so lookup needs no scan.
/// </summary>
[Alias("rowell.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("issue")]
    Task<IssuedApiKey> Issue(ApiKeySpec spec);

    [Alias("get")]
    Task<ApiKeyView?> Get();

    /// <summary>Stops the key authenticating. API processes drop their cached principal within 5 s.</summary>
    [Alias("revoke")]
    Task<ApiKeyView> Revoke();

    [Alias("set-tier")]
    Task SetTier(string tier, int? customRateLimit);

    /// <summary>The principal when <paramref name="secret"/> is this key's secret and the key is live; else null.</summary>
    [Alias("authenticate")]
    Task<ApiKeyPrincipal?> Authenticate(string secret);
}

/// <summary>Email uniqueness (key: lower-cased email): the first developer to claim it keeps it.</summary>
[Alias("rowell.IDeveloperEmailGrain")]
public interface IDeveloperEmailGrain : IGrainWithStringKey
{
    /// <summary>Returns the developer id that owns the email: <paramref name="developerId"/> if the claim won.</summary>
    [Alias("claim")]
    Task<string> Claim(string developerId);
}
