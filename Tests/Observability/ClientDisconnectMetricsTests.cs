using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Rowell.Grains.Observability;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Observability;

/// <summary>
/// A caller that hangs up mid-request is nobody's error: the request metric records 499 (nginx's "client closed
/// request"), never a 5xx that would page an operator, and nothing is logged at warning or above.
/// The metric is read from this host's own meter (IMeterFactory), so other tests running at the same time can't
/// add to what this one sees.
/// </summary>
public sealed class ClientDisconnectMetricsTests : IAsyncLifetime
{
    private readonly FakeLoggerProvider _logs = new();
    private ApiFactory _factory = null!;
    private int _port;

    public Task InitializeAsync()
    {
        // A real Kestrel socket: only a real connection can be hung up on mid-body the way a phone on a bad network does.
        _factory = new ApiFactory(TestSettings.Embedded(), new Dictionary<string, string> { ["ROWELL_RATE_LIMIT"] = "off" },
            services: s => s.AddSingleton<ILoggerProvider>(_logs));
        _port = FreePort.Next();
        _factory.UseKestrel(_port);
        _factory.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_client_that_hangs_up_while_sending_its_body_is_counted_as_499_not_as_a_5xx_and_not_logged_as_an_error()
    {
        var (client, _, _) = await _factory.NewDeveloperAsync();
        using var requests = new MetricCollector<long>(_factory.Services.GetRequiredService<IMeterFactory>(), RowellMetrics.MeterName, "rowell_requests");

        _logs.Collector.Clear(); // start-up lines (the embedded-mode warning) are not this request's

        // Headers promise 200 bytes of JSON; 11 arrive; then the connection is reset.
        using (var socket = new System.Net.Sockets.TcpClient())
        {
            await socket.ConnectAsync(System.Net.IPAddress.Loopback, _port);
            var stream = socket.GetStream();
            var head = $"POST /api/v1/accounts HTTP/1.1\r\nHost: 127.0.0.1:{_port}\r\nAuthorization: {client.DefaultRequestHeaders.Authorization}\r\n" +
                       "Content-Type: application/json\r\nContent-Length: 200\r\n\r\n{\"network\":";
            await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
            await stream.FlushAsync();
            await Task.Delay(300);
            socket.Client.LingerState = new System.Net.Sockets.LingerOption(true, 0);
        }

        // The middleware records after the pipeline unwinds, which can be a moment after the client gave up.
        await requests.WaitForMeasurementsAsync(1, TimeSpan.FromSeconds(10));
        var accountCreates = requests.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags["endpoint"] == "/api/v1/accounts" && (string?)m.Tags["method"] == "POST")
            .ToList();
        Assert.Equal(new[] { "499" }, accountCreates.Select(m => (string)m.Tags["status"]!).ToArray());
        Assert.DoesNotContain(requests.GetMeasurementSnapshot(), m => ((string?)m.Tags["status"])!.StartsWith('5'));
        var loud = _logs.Collector.GetSnapshot().Where(r => r.Level >= LogLevel.Warning && r.Category!.StartsWith("Rowell", StringComparison.Ordinal)).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud.Select(r => $"{r.Level} {r.Category}: {r.Message} {r.Exception?.GetType().Name}")));

        // The same route still answers normally afterwards, and that answer is counted with its real status.
        var ok = await client.PostAsync("/api/v1/accounts", ApiFactory.Json(new { network = "stellar", environment = "testnet", account_type = "user", country_code = "KE" }));
        Assert.NotEqual(HttpStatusCode.InternalServerError, ok.StatusCode);
        await requests.WaitForMeasurementsAsync(2, TimeSpan.FromSeconds(10));
        Assert.Contains(requests.GetMeasurementSnapshot(), m => (string?)m.Tags["status"] == ((int)ok.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
