using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>tls { handshake_first: true }</c>: the TLS handshake comes before INFO, so a client that starts TLS at once
/// is served. nats-server 2.9.10 does not have the option (it came in 2.10), so this runs against WebBroker alone.
/// </summary>
public sealed class HandshakeFirstTests(TestCertificates certificates) : IClassFixture<TestCertificates>
{
    [Fact]
    public async Task A_client_that_starts_tls_at_once_gets_info_over_tls_and_is_served()
    {
        var config = certificates.Tls("handshake_first: true") + "\n";
        await using var server = await ServerProcess.StartAsync(ServerKind.WebBroker, config);
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", server.Port);
        await using var tls = new SslStream(tcp.GetStream());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            RemoteCertificateValidationCallback = (_, cert, _, _) => certificates.IsIssuedByCa(cert),
        }, cts.Token);

        var reader = new StreamReader(tls, Encoding.Latin1);
        var info = await reader.ReadLineAsync(cts.Token);
        Assert.StartsWith("INFO {", info);
        Assert.Contains("\"tls_required\":true", info);
        await tls.WriteAsync(Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nSUB first 1\r\nPUB first 2\r\nok\r\nPING\r\n"), cts.Token);
        Assert.Equal("MSG first 1 2", await reader.ReadLineAsync(cts.Token));
        Assert.Equal("ok", await reader.ReadLineAsync(cts.Token));
        Assert.Equal("PONG", await reader.ReadLineAsync(cts.Token));
    }
}
