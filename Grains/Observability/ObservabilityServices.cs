using Microsoft.Extensions.DependencyInjection;

namespace Rowell.Grains.Observability;

public static class ObservabilityServices
{
    /// <summary>Silo-side metric feeders (every silo, and the embedded API's co-hosted one).</summary>
    public static IServiceCollection AddRowellSiloMetrics(this IServiceCollection services) =>
        services.AddRowellMetrics().AddHostedService<ActiveAccountsSampler>();
}
