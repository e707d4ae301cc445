using Rowell.Api.Auth;
using Rowell.Api.Endpoints;
using Rowell.Api.Hosting;
using Rowell.Api.Infrastructure;
using Rowell.Api.Observability;
using Rowell.Api.RateLimiting;
using Rowell.Grains.Hosting;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);
var settings = RowellSettings.From(builder.Configuration);

builder.AddRowellOrleans(settings);
builder.AddRowellObservability();
builder.Services.AddMemoryCache();
builder.Services.AddSingleton<AccountReadCache>();
builder.Services.AddSingleton<Rowell.Api.Auth.ApiKeyMissCache>();
builder.Services.AddSingleton<Rowell.Api.Endpoints.ReadinessProbe>();
builder.AddRowellPlatform();
builder.Services.ConfigureHttpJsonOptions(o => ApiJson.Configure(o.SerializerOptions));
builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
{
    doc.Info.Title = "Rowell API";
    doc.Info.Description = "Payment infrastructure for African fintechs: accounts, Stellar and Hedera wallets, transfers, webhooks.";
    return Task.CompletedTask;
}));

var app = builder.Build();

app.UseRowellRequestMetrics();
app.UseRowellErrors();
// The dashboard's static files at / (before auth: they are public; the API key stays in the browser).
app.UseRowellDashboard();
app.UseApiKeyAuthentication();
app.UseRowellPlatform();

app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", o => o.WithTitle("Rowell API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
app.MapHealthEndpoints();
app.MapRowellMetrics();
app.MapDevelopersEndpoints();
app.MapAccountsEndpoints();
app.MapTransfersEndpoints();
app.MapTransactionsEndpoints();
app.MapDepositsEndpoints();
app.MapComplianceEndpoints();
app.MapEventsEndpoints();
app.MapWebhooksEndpoints();
app.MapSandboxEndpoints();
app.MapAnalyticsEndpoints();
app.MapAdminEndpoints();
if (!settings.IsCluster)
{
    EmbeddedSilo.MapDashboard(app, settings);
}

app.Lifetime.ApplicationStarted.Register(() =>
{
    if (!settings.IsCluster)
    {
        app.Logger.LogWarning("EMBEDDED MODE: one co-hosted silo with IN-MEMORY storage and the sandbox ledger. Data is NOT durable and is lost on exit. Set ROWELL_CLUSTER=postgres for the durable cluster.");
    }
    if (settings.SecretKeyIsEphemeral)
    {
        app.Logger.LogWarning("SECRET_KEY is not set: wallet keys are sealed with a random per-process key.");
    }
    foreach (var url in app.Urls)
    {
        app.Logger.LogInformation("Rowell API listening on {Url} — docs at {Url}/docs, health at {Url}/health", url, url, url);
    }
});

app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
