using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;

namespace Rowell.Grains.Developers;

public sealed class ApiKeyGrain(
    [PersistentState("apikey")] IPersistentState<ApiKeyState> state,
    TimeProvider time) : Grain, IApiKeyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public async Task<IssuedApiKey> Issue(string developerId, string name, string mode, IReadOnlyList<string> permissions, string tier)
    {
        if (state.RecordExists)
        {
            throw new RowellException(ErrorCodes.Conflict, $"API key {Id} already exists.");
        }
        var secret = ApiKeySecrets.NewSecret(Id, mode);
        state.State = new ApiKeyState
        {
            DeveloperId = developerId,
            Name = name,
            Mode = mode,
            SecretHash = ApiKeySecrets.Hash(secret),
            Prefix = secret[..12],
            Permissions = permissions.ToList(),
            CreatedAt = time.GetUtcNow(),
            Tier = tier,
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
        return Task.FromResult(live ? new ApiKeyPrincipal(Id, s.DeveloperId, s.Mode, s.Permissions, s.Tier) : null);
    }

    private ApiKeyView View() => new(Id, state.State.Name, state.State.Mode, state.State.Prefix, state.State.Permissions,
        state.State.CreatedAt, state.State.RevokedAt);
}
