using System.Net;
using System.Net.Sockets;
using Rowell.Abstractions.Common;
using Rowell.Grains.Events;

namespace Rowell.Grains.Webhooks;

/// <summary>
/// The SSRF guard. A webhook URL must be https (http only with ROWELL_WEBHOOKS_ALLOW_HTTP), carry no userinfo,
/// and name a host whose every address is public: no loopback, private, CGNAT, link-local, metadata, multicast,
/// documentation, benchmarking or reserved range, in any spelling (IPv4-mapped IPv6, NAT64, 6to4 and Teredo
/// embed IPv4 and are refused). Checked when an endpoint is created or changed, and again at connect time by
/// <see cref="WebhookSender"/>, which connects to the very address it checked, so DNS rebinding gets nowhere.
/// ROWELL_WEBHOOKS_ALLOW_PRIVATE lifts the address rule (development and tests only).
/// </summary>
public sealed class WebhookUrlPolicy(EventSettings settings, Func<string, CancellationToken, Task<IPAddress[]>>? resolve = null)
{
    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolve = resolve ?? ((host, ct) => Dns.GetHostAddressesAsync(host, ct));

    private static readonly (IPAddress Network, int Prefix)[] Blocked =
    [
        .. new[]
        {
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24", "192.0.2.0/24",
            "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
            "::/96", "::ffff:0:0/96", "64:ff9b::/96", "64:ff9b:1::/48", "100::/64", "2001::/32", "2001:db8::/32", "2002::/16",
            "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
        }.Select(Parse),
    ];

    public const int MaxUrlLength = 2048;

    /// <summary>Validates a URL for an endpoint; throws 400 VALIDATION_ERROR on <c>url</c>.</summary>
    public async Task<Uri> ValidateAsync(string url, CancellationToken cancellationToken)
    {
        if (url.Length > MaxUrlLength || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Refuse("url must be an absolute https URL.");
        }
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && settings.AllowHttp))
        {
            throw Refuse(settings.AllowHttp ? "url must be an http or https URL." : "url must use https.");
        }
        if (uri.UserInfo.Length > 0)
        {
            throw Refuse("url must not contain a user name or password.");
        }
        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            throw Refuse("url must not contain a fragment.");
        }
        if (!settings.AllowPrivate)
        {
            try
            {
                await ResolveAllowedAsync(uri.IdnHost, cancellationToken);
            }
            catch (WebhookTargetRefusedException e)
            {
                throw Refuse(e.Message);
            }
        }
        return uri;
    }

    /// <summary>Resolves <paramref name="host"/> and returns an address to connect to; refuses if any address is blocked.</summary>
    public async Task<IPAddress> ResolveAllowedAsync(string host, CancellationToken cancellationToken)
    {
        var literal = host.Trim('[', ']');
        IPAddress[] addresses;
        if (IPAddress.TryParse(literal, out var ip))
        {
            addresses = [ip];
        }
        else
        {
            try
            {
                addresses = await _resolve(host, cancellationToken);
            }
            catch (SocketException)
            {
                throw new WebhookTargetRefusedException($"The host {host} does not resolve.");
            }
        }
        if (addresses.Length == 0)
        {
            throw new WebhookTargetRefusedException($"The host {host} does not resolve.");
        }
        if (!settings.AllowPrivate && addresses.FirstOrDefault(IsBlocked) is { } blocked)
        {
            throw new WebhookTargetRefusedException($"The host {host} resolves to {blocked}, a loopback, private, link-local or reserved address; webhooks go to public addresses only.");
        }
        return addresses.First();
    }

    public static bool IsBlocked(IPAddress address)
    {
        var candidates = address.IsIPv4MappedToIPv6 ? new[] { address, address.MapToIPv4() } : [address];
        return candidates.Any(a => Blocked.Any(b => InRange(a, b.Network, b.Prefix)));
    }

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        if (address.AddressFamily != network.AddressFamily)
        {
            return false;
        }
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        var fullBytes = prefix / 8;
        for (var i = 0; i < fullBytes; i++)
        {
            if (a[i] != n[i])
            {
                return false;
            }
        }
        var rest = prefix % 8;
        if (rest == 0)
        {
            return true;
        }
        var mask = (byte)(0xFF << (8 - rest));
        return (a[fullBytes] & mask) == (n[fullBytes] & mask);
    }

    private static (IPAddress, int) Parse(string cidr)
    {
        var parts = cidr.Split('/');
        return (IPAddress.Parse(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
    }

    private static RowellException Refuse(string message) => RowellException.Validation("url", message);
}

/// <summary>The connect-time guard refused the target (it resolves, or now resolves, to a blocked address).</summary>
public sealed class WebhookTargetRefusedException(string message) : Exception(message);
