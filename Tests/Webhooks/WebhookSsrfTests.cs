using System.Net;
using Rowell.Abstractions.Common;
using Rowell.Grains.Events;
using Rowell.Grains.Webhooks;
using Rowell.Tests.Infrastructure;

namespace Rowell.Tests.Webhooks;

/// <summary>The SSRF guard: every refused form, at create/change time and at connect time (DNS rebinding, redirects).</summary>
public sealed class WebhookSsrfTests
{
    private static readonly EventSettings Strict = new();

    /// <summary>A resolver under the test's control: names map to the addresses given, anything else does not resolve.</summary>
    private static Func<string, CancellationToken, Task<IPAddress[]>> Dns(Dictionary<string, string[]> names) =>
        (host, _) => names.TryGetValue(host, out var a) ? Task.FromResult(a.Select(IPAddress.Parse).ToArray()) : throw new System.Net.Sockets.SocketException(11001);

    private static async Task AssertRefusedAsync(WebhookUrlPolicy policy, string url)
    {
        var e = await Assert.ThrowsAsync<RowellException>(() => policy.ValidateAsync(url, CancellationToken.None));
        Assert.Equal(ErrorCodes.ValidationError, e.Code);
        Assert.Equal("url", e.Field);
    }

    [Theory]
    [InlineData("http://example.com/hook")]                // plain http without ROWELL_WEBHOOKS_ALLOW_HTTP
    [InlineData("https://user:pass@example.com/hook")]     // userinfo
    [InlineData("https://user@example.com/hook")]
    [InlineData("ftp://example.com/hook")]
    [InlineData("not a url")]
    [InlineData("https://127.0.0.1/hook")]                 // loopback
    [InlineData("https://127.1/hook")]                     // loopback, short form
    [InlineData("https://2130706433/hook")]                // loopback, one decimal number
    [InlineData("https://0x7f.0.0.1/hook")]                // loopback, hex
    [InlineData("https://0.0.0.0/hook")]                   // "this host"
    [InlineData("https://10.1.2.3/hook")]                  // private
    [InlineData("https://172.16.5.4/hook")]
    [InlineData("https://192.168.1.1/hook")]
    [InlineData("https://100.64.0.1/hook")]                // CGNAT
    [InlineData("https://169.254.169.254/latest/meta-data")] // link-local / cloud metadata
    [InlineData("https://224.0.0.1/hook")]                 // multicast
    [InlineData("https://192.0.2.10/hook")]                // documentation
    [InlineData("https://198.51.100.7/hook")]
    [InlineData("https://203.0.113.9/hook")]
    [InlineData("https://198.18.0.1/hook")]                // benchmarking
    [InlineData("https://240.0.0.1/hook")]                 // reserved
    [InlineData("https://[::1]/hook")]                     // IPv6 loopback
    [InlineData("https://[::]/hook")]
    [InlineData("https://[::ffff:127.0.0.1]/hook")]        // IPv4-mapped loopback
    [InlineData("https://[::ffff:10.0.0.1]/hook")]         // IPv4-mapped private
    [InlineData("https://[64:ff9b::7f00:1]/hook")]         // NAT64 of 127.0.0.1
    [InlineData("https://[64:ff9b:1::a00:1]/hook")]        // local-use NAT64
    [InlineData("https://[2002:7f00:1::1]/hook")]          // 6to4 of 127.0.0.1
    [InlineData("https://[fe80::1]/hook")]                 // link-local
    [InlineData("https://[fd00:ec2::254]/hook")]           // unique local (AWS metadata over IPv6)
    [InlineData("https://[ff02::1]/hook")]                 // multicast
    [InlineData("https://[2001:db8::1]/hook")]             // documentation
    public async Task Refused_forms_are_400_validation_errors_on_url(string url) =>
        await AssertRefusedAsync(new WebhookUrlPolicy(Strict, Dns(new())), url);

    [Fact]
    public async Task A_hostname_that_resolves_to_loopback_or_to_any_private_address_is_refused()
    {
        var policy = new WebhookUrlPolicy(Strict, Dns(new()
        {
            ["loopback.example"] = ["127.0.0.1"],
            ["mixed.example"] = ["93.184.216.34", "10.0.0.5"],
            ["v6.example"] = ["::1"],
        }));
        await AssertRefusedAsync(policy, "https://loopback.example/hook");
        await AssertRefusedAsync(policy, "https://mixed.example/hook");
        await AssertRefusedAsync(policy, "https://v6.example/hook");
        await AssertRefusedAsync(policy, "https://does-not-resolve.example/hook");
        // localhost through the system resolver.
        await AssertRefusedAsync(new WebhookUrlPolicy(Strict), "https://localhost/hook");
    }

    [Fact]
    public async Task Public_https_is_accepted_and_the_development_switches_only_lift_their_own_rule()
    {
        var dns = Dns(new() { ["hooks.example"] = ["93.184.216.34"] });
        Assert.Equal("https://hooks.example/rowell", (await new WebhookUrlPolicy(Strict, dns).ValidateAsync("https://hooks.example/rowell", CancellationToken.None)).ToString());
        var httpOnly = new WebhookUrlPolicy(Strict with { AllowHttp = true }, dns);
        await httpOnly.ValidateAsync("http://hooks.example/rowell", CancellationToken.None);
        await AssertRefusedAsync(httpOnly, "http://127.0.0.1/hook");
        var privateOnly = new WebhookUrlPolicy(Strict with { AllowPrivate = true }, dns);
        await privateOnly.ValidateAsync("https://127.0.0.1/hook", CancellationToken.None);
        await AssertRefusedAsync(privateOnly, "http://127.0.0.1/hook");
        await AssertRefusedAsync(privateOnly, "https://u:p@127.0.0.1/hook");
    }

    [Fact]
    public async Task Dns_rebinding_is_caught_at_connect_time_and_nothing_reaches_the_loopback_receiver()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var answers = 0;
        // First answer (validation) public, every later one (the connection) loopback.
        Func<string, CancellationToken, Task<IPAddress[]>> rebinding = (_, _) =>
            Task.FromResult(new[] { IPAddress.Parse(Interlocked.Increment(ref answers) == 1 ? "93.184.216.34" : "127.0.0.1") });
        var settings = Strict with { AllowHttp = true };
        var policy = new WebhookUrlPolicy(settings, rebinding);
        var url = $"http://rebind.example:{receiver.BaseUrl.Port}/hook";
        await policy.ValidateAsync(url, CancellationToken.None);
        using var sender = new WebhookSender(settings, TimeProvider.System, policy);
        var outcome = await sender.SendAsync(url, "evt_1", "{}", [WebhookSigner.KeyOf(WebhookSigner.NewSecret())], CancellationToken.None);
        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.StatusCode);
        Assert.Contains("127.0.0.1", outcome.Error);
        Assert.Empty(receiver.Received);
    }

    [Fact]
    public async Task A_redirect_to_loopback_is_not_followed()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var redirector = await WebhookReceiver.StartAsync();
        redirector.Respond = (_, _) => (307, new Dictionary<string, string> { ["Location"] = target.Url("/internal") });
        // The redirector itself is allowed (as a public host would be); the loopback target must never be asked.
        var settings = Strict with { AllowHttp = true, AllowPrivate = true };
        using var sender = new WebhookSender(settings, TimeProvider.System);
        var outcome = await sender.SendAsync(redirector.Url("/hook"), "evt_1", "{}", [WebhookSigner.KeyOf(WebhookSigner.NewSecret())], CancellationToken.None);
        Assert.Equal(307, outcome.StatusCode);
        Assert.False(outcome.Succeeded);
        Assert.Single(redirector.Received);
        Assert.Empty(target.Received);
    }

    [Fact]
    public async Task The_api_refuses_a_private_url_with_400_on_url()
    {
        await using var factory = new ApiFactory();
        var (client, _, _) = await factory.NewDeveloperAsync();
        foreach (var url in new[] { "https://127.0.0.1/hook", "https://localhost/hook", "http://example.com/hook", "https://169.254.169.254/" })
        {
            var error = await Http.ErrorAsync(await client.PostAsync("/api/v1/webhooks", ApiFactory.Json(new { url, events = new[] { "*" } })), 400, "VALIDATION_ERROR");
            Assert.Contains("url", error.GetRawText());
        }
        Assert.Equal(0, (await Http.ReadAsync(await client.GetAsync("/api/v1/webhooks"), 200)).GetProperty("data").GetProperty("items").GetArrayLength());
    }
}
