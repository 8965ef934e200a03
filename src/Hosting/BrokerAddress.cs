using System.Net;

namespace WebBroker.Web;

/// <summary>A listen address as nats-server's config writes it.</summary>
internal static class BrokerAddress
{
    public static IPAddress Parse(string host) => host switch
    {
        "" or "0.0.0.0" or "*" => IPAddress.Any,
        "::" or "[::]" => IPAddress.IPv6Any,
        "localhost" => IPAddress.Loopback,
        _ => IPAddress.TryParse(host.Trim('[', ']'), out var ip) ? ip : Dns.GetHostAddresses(host)[0],
    };
}
