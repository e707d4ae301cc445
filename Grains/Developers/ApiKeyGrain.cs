using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;

namespace Rowell.Grains.Developers;

public sealed class ApiKeyGrain(
    [PersistentState("apikey")] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<IssuedApiKey> Issue(ApiKeySpec spec)
    {
        if (state.RecordExists)
        {
            throw new RowellException(ErrorCodes.Conflict, $"API key {Id} already exists.");
        }
        var secret = ApiKeySecrets.NewSecret(Id, spec.Mode);
        state.State = new ApiKeyState
        {
            DeveloperId = spec.DeveloperId,
            Name = spec.Name,
            Mode = spec.Mode,
            SecretHash = ApiKeySecrets.Hash(secret),
            Prefix = secret[..12],
            Permissions = spec.Permissions.ToList(),
            CreatedAt = time.GetUtcNow(),
            ExpiresAt = spec.ExpiresAt,
            Tier = spec.Tier,
            CustomRateLimit = spec.CustomRateLimit,
        };
        await state.WriteStateAsync();
        return new IssuedApiKey(View(), secret);
    }

    public Task<ApiKeyPrincipal?> Authenticate(string secret)
    {
        var s = state.State;
        var live = state.RecordExists
            && ApiKeySecrets.Matches(secret, s.SecretHash)
            && s.RevokedAt is null
            && (s.ExpiresAt is null || s.ExpiresAt > time.GetUtcNow());
        return Task.FromResult(live ? new ApiKeyPrincipal(Id, s.DeveloperId, s.Mode, s.Permissions, s.Tier, s.CustomRateLimit, s.ExpiresAt) : null);
    }

    public Task<ApiKeyView?> Get() => Task.FromResult(state.RecordExists ? View() : null);

    public async Task<ApiKeyView> Revoke()
    {
        if (!state.RecordExists)
        {
            throw RowellException.NotFound("API key");
        }
        if (state.State.RevokedAt is null)
        {
            state.State.RevokedAt = time.GetUtcNow();
            await state.WriteStateAsync();
        }
        return View();
    }

    public async Task SetTier(string tier, int? customRateLimit)
    {
        if (!state.RecordExists || (state.State.Tier == tier && state.State.CustomRateLimit == customRateLimit))
        {
            return;
        }
        state.State.Tier = tier;
        state.State.CustomRateLimit = customRateLimit;
        await state.WriteStateAsync();
    }

    private ApiKeyView View() => new(Id, state.State.Name, state.State.Mode, state.State.Prefix, state.State.Permissions,
        state.State.CreatedAt, state.State.RevokedAt, state.State.ExpiresAt);
}
