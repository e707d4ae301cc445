using Rowell.Abstractions.Security;

namespace Rowell.Grains.Webhooks;

/// <summary>Key rotation: the endpoint's signing secrets (current and, during an overlap, previous) re-sealed under SECRET_KEY.</summary>
public sealed partial class WebhookSubscriptionGrain : IResealableGrain
{
    public async Task<ResealOutcome> Reseal(CancellationToken cancellationToken = default)
    {
        if (_row is null)
        {
            return ResealOutcome.Missing;
        }
        var current = vault.Reseal(Id, _row.SealedSecret);
        var previous = _row.PreviousSealedSecret is { } p ? vault.Reseal(Id, p) : null;
        if (current is null && previous is null)
        {
            return ResealOutcome.AlreadyCurrent;
        }
        var row = _row with { SealedSecret = current ?? _row.SealedSecret, PreviousSealedSecret = previous ?? _row.PreviousSealedSecret };
        await store.SaveEndpointAsync(row, [], cancellationToken);
        _row = row;
        return ResealOutcome.Resealed;
    }
}
