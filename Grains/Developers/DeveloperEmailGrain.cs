using Rowell.Abstractions.Developers;

namespace Rowell.Grains.Developers;

/// <summary>One grain per normalised email: its single-threaded turn makes "first claim wins" race-free.</summary>
public sealed class DeveloperEmailGrain(
    [PersistentState("email")] IPersistentState<EmailClaimState> state) : Grain, IDeveloperEmailGrain
{
    public async Task<string> Claim(string developerId)
    {
        if (!state.RecordExists)
        {
            state.State.DeveloperId = developerId;
            await state.WriteStateAsync();
        }
        return state.State.DeveloperId;
    }
}
