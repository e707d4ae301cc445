using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;
using Rowell.Grains.Events;

namespace Rowell.Grains.Developers;

public sealed class ApiKeyGrain(
    [PersistentState("apikey")] IPersistentState<ApiKeyState> state,
    IEventLog events,
    TimeProvider time) : Grain, IApiKeyGrain
{
    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.RecordExists)
        {
            await GrainEventOutbox.FlushAsync(events, state.State.PendingEvents, cancellationToken);
        }
    }

    /// <summary>Records api_key.created / api_key.revoked in the state write itself; appended to the log after it.</summary>
    private void Record(string type, int seq) =>
        state.State.PendingEvents.Add(new PendingEvent(RowellIds.Derive(RowellIds.Event, $"{Id}/{type}"), state.State.DeveloperId, state.State.Mode,
            Id, seq, type, ResourceJson.ApiKey(View(), time.GetUtcNow()), time.GetUtcNow()));

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
        Record("api_key.created", 1);
        await state.WriteStateAsync();
        await GrainEventOutbox.FlushAsync(events, state.State.PendingEvents, CancellationToken.None);
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
            Record("api_key.revoked", 2);
            await state.WriteStateAsync();
            await GrainEventOutbox.FlushAsync(events, state.State.PendingEvents, CancellationToken.None);
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
