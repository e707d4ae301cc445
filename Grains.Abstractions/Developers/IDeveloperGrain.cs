namespace Rowell.Abstractions.Developers;

/// <summary>A developer (key: dev_…): profile, tier and the ids of its API keys.</summary>
[Alias("rowell.IDeveloperGrain")]
public interface IDeveloperGrain : IGrainWithStringKey
{
    [Alias("register")]
    Task<Registration> Register(RegisterDeveloperCommand command);

    [Alias("get")]
    Task<DeveloperView?> Get();
}

/// <summary>
/// One API key (key: key_…). Stores only the SHA-256 of the secret; verifies a presented secret
/// in constant time. The key id is embedded in the secret so lookup needs no scan.
/// </summary>
[Alias("rowell.IApiKeyGrain")]
public interface IApiKeyGrain : IGrainWithStringKey
{
    [Alias("issue")]
    Task<IssuedApiKey> Issue(string developerId, string name, string mode, IReadOnlyList<string> permissions, string tier);

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
