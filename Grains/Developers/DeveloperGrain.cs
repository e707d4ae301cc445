using Rowell.Abstractions.Common;
using Rowell.Abstractions.Developers;

namespace Rowell.Grains.Developers;

public sealed class DeveloperGrain(
    [PersistentState("developer")] IPersistentState<DeveloperState> state,
    TimeProvider time) : Grain, IDeveloperGrain
{
    /// <summary>The first key may do everything a test key can; narrower keys come with the key-management API.</summary>
    public static readonly IReadOnlyList<string> AllPermissions =
    [
        "accounts:read", "accounts:write", "transfers:read", "transfers:write", "webhooks:read", "webhooks:write",
        "compliance:read", "compliance:write", "analytics:read", "sandbox:write",
    ];

    private string Id => this.GetPrimaryKeyString();

    public async Task<Registration> Register(RegisterDeveloperCommand command)
    {
        if (state.RecordExists)
        {
            throw new RowellException(ErrorCodes.Conflict, $"Developer {Id} already exists.");
        }
        var email = command.Email.Trim().ToLowerInvariant();
        var owner = await GrainFactory.GetGrain<IDeveloperEmailGrain>(email).Claim(Id);
        if (owner != Id)
        {
            throw new RowellException(ErrorCodes.Conflict, "A developer with this email is already registered.");
        }

        var keyId = RowellIds.New(RowellIds.ApiKey);
        var issued = await GrainFactory.GetGrain<IApiKeyGrain>(keyId).Issue(Id, "Default test key", "test", AllPermissions, "free");
        state.State = new DeveloperState
        {
            Email = email,
            FirstName = command.FirstName,
            LastName = command.LastName,
            Company = command.Company,
            CountryCode = command.CountryCode,
            ApiKeyIds = { keyId },
            CreatedAt = time.GetUtcNow(),
        };
        await state.WriteStateAsync();
        return new Registration(View(), issued);
    }

    public Task<DeveloperView?> Get() => Task.FromResult(state.RecordExists ? View() : null);

    private DeveloperView View() => new(Id, state.State.Email, state.State.FirstName, state.State.LastName,
        state.State.Company, state.State.CountryCode, state.State.Tier, state.State.CreatedAt);
}
