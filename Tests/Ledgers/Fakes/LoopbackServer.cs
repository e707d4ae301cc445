using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rowell.Tests.Ledgers.Fakes;

/// <summary>An in-process Kestrel server on 127.0.0.1 with a free port: the stand-in for a public ledger endpoint.</summary>
public static class LoopbackServer
{
    public static async Task<(WebApplication App, Uri Url)> StartAsync(
        Action<WebApplication> map, Action<IServiceCollection>? services = null, HttpProtocols protocols = HttpProtocols.Http1)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = protocols));
        builder.Logging.ClearProviders();
        services?.Invoke(builder.Services);
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }
}
