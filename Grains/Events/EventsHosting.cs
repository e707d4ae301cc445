using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Storage;
using Rowell.Abstractions.Events;
using Rowell.Grains.Email;
using Rowell.Grains.Hosting;
using Rowell.Grains.Observability;
using Rowell.Grains.Webhooks;

namespace Rowell.Grains.Events;

/// <summary>
/// Events wiring, in one place for RowellHosting and the test cluster: the memory stream provider the relay
/// publishes to (with its PubSubStore), the relay's start-up, and the log / fan-out / webhook / email stores
/// for the mode.
/// </summary>
public static class EventsHosting
{
    public const string PubSubStore = "PubSubStore";

    public static ISiloBuilder AddRowellEvents(this ISiloBuilder silo, RowellSettings settings)
    {
        silo.AddMemoryStreams(EventStreams.Provider);
        if (settings.IsCluster)
        {
            silo.AddAdoNetGrainStorage(PubSubStore, ob => ob.Configure<IServiceProvider>((o, sp) =>
            {
                o.Invariant = RowellHosting.PostgresInvariant;
                o.ConnectionString = settings.DatabaseConnectionString!;
                o.GrainStorageSerializer = ActivatorUtilities.CreateInstance<OrleansGrainStorageSerializer>(sp);
            }));
        }
        else
        {
            silo.AddMemoryGrainStorage(PubSubStore);
        }
        // Every silo makes sure the relay's reminder exists and wakes the relay (idempotent).
        silo.AddStartupTask((sp, _) => sp.GetRequiredService<IGrainFactory>().GetGrain<IEventRelayGrain>(0).Start());
        return silo;
    }

    /// <summary>Stores for the mode. TryAdd: the test cluster registers shared in-memory instances first.</summary>
    public static IServiceCollection AddRowellEventServices(this IServiceCollection services, RowellSettings settings)
    {
        if (settings.IsCluster)
        {
            services.TryAddSingleton<IEventLog, PostgresEventLog>();
            services.TryAddSingleton<IEventFanout, PostgresEventFanout>();
            services.TryAddSingleton<IWebhookStore, PostgresWebhookStore>();
            services.TryAddSingleton<IEmailOutbox, PostgresEmailOutbox>();
        }
        else
        {
            services.TryAddSingleton<InMemoryEventLog>();
            services.TryAddSingleton<InMemoryWebhookStore>();
            services.TryAddSingleton<InMemoryEmailOutbox>();
            services.TryAddSingleton<IEventLog>(sp => sp.GetRequiredService<InMemoryEventLog>());
            services.TryAddSingleton<IEventFanout, InMemoryEventFanout>();
            services.TryAddSingleton<IWebhookStore>(sp => sp.GetRequiredService<InMemoryWebhookStore>());
            services.TryAddSingleton<IEmailOutbox>(sp => sp.GetRequiredService<InMemoryEmailOutbox>());
        }
        services.TryAddSingleton(sp => new WebhookSender(settings.Events, TimeProvider.System));
        services.AddRowellMetrics();
        services.TryAddSingleton<WebhookMetrics>();
        return services;
    }

    /// <summary>One set of in-memory event stores shared by several silos (the test cluster's stand-in for Postgres).</summary>
    public static IServiceCollection AddSharedInMemoryEvents(this IServiceCollection services, InMemoryEventLog log, InMemoryWebhookStore webhooks, InMemoryEmailOutbox email)
    {
        services.AddSingleton(log);
        services.AddSingleton(webhooks);
        services.AddSingleton(email);
        services.AddSingleton<IEventLog>(log);
        services.AddSingleton<IWebhookStore>(webhooks);
        services.AddSingleton<IEmailOutbox>(email);
        services.AddSingleton<IEventFanout>(sp => new InMemoryEventFanout(log, webhooks, email, TimeProvider.System));
        return services;
    }
}
