using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Rowell.Grains.Analytics;
using Rowell.Grains.Observability;

namespace Rowell.Tests.Infrastructure;

/// <summary>Instruments for code a test builds by hand: each call gets a meter factory of its own, as a host would.</summary>
public static class TestMetrics
{
    public static IMeterFactory Factory() => new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    public static RowellMetrics Core(IMeterFactory? factory = null) => new(factory ?? Factory());

    public static AnalyticsMetrics Analytics(IMeterFactory? factory = null) => new(Core(factory));
}
