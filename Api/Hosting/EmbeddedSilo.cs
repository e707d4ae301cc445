using Rowell.Grains.Hosting;
using Rowell.Grains.Observability;

namespace Rowell.Api.Hosting;

/// <summary>
/// The one place the API touches the grain implementations (the Grains assembly): in embedded mode this
/// process co-hosts a silo, and a silo needs the grains. Everything else in the API talks to grains through
/// Grains.Abstractions, as a cluster client does; Tests/Architecture/LayeringTests.cs keeps it so.
/// </summary>
public static class EmbeddedSilo
{
    public static void Add(WebApplicationBuilder builder, RowellSettings settings) =>
        builder.UseOrleans(silo => silo.UseRowell(settings));

    /// <summary>The co-hosted silo's Orleans dashboard at /admin/dashboard, with ADMIN_TOKEN only (never proxied by nginx).</summary>
    public static void MapDashboard(WebApplication app, RowellSettings settings) =>
        OperatorDashboard.Map(app, settings, "/admin/dashboard");
}
