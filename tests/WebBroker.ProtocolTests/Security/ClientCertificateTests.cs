using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace WebBroker.ProtocolTests;

/// <summary>
/// <c>tls { verify: true }</c> with the shared test CA: a client presenting a certificate the CA issued is served;
/// one presenting none is refused. (This also proves the client certificates WebBroker.TestSupport makes.)
/// </summary>
public sealed class ClientCertificateTests(ServerPool pool, TestCertificates certificates) : IClassFixture<ServerPool>, IClassFixture<TestCertificates>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_certificate_from_the_ca_is_served(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, certificates.VerifyingTlsBlock + "\n");
        using var client = certificates.IssueClient("CN=alice");
        var outcome = await ServedOverTlsAsync(server, client.Certificate);
        Assert.True(outcome == "served", $"refused a client certificate the CA issued: {outcome}\n{server.RecentOutput}");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_client_without_a_certificate_is_refused(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, certificates.VerifyingTlsBlock + "\n");
        var outcome = await ServedOverTlsAsync(server, null);
        Assert.True(outcome != "served", $"served a client without a certificate\n{server.RecentOutput}");
    }

    /// <summary>Reads INFO, upgrades to TLS (presenting <paramref name="certificate"/>, if any), sends CONNECT and PING;
    /// "served" when PONG comes back, else what happened instead (the handshake failed, the server closed the connection).</summary>
    private async Task<string> ServedOverTlsAsync(ServerProcess server, X509Certificate2? certificate)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        using var tcp = new TcpClient { NoDelay = true };
        await tcp.ConnectAsync("127.0.0.1", server.Port, cts.Token);
        var stream = tcp.GetStream();
        Assert.StartsWith("INFO {", await ReadLineAsync(stream, cts.Token));
        await using var tls = new SslStream(stream);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = "127.0.0.1",
                RemoteCertificateValidationCallback = (_, cert, _, _) => certificates.IsIssuedByCa(cert),
                ClientCertificates = certificate is null ? null : [certificate],
            }, cts.Token);
            await tls.WriteAsync(Encoding.ASCII.GetBytes("CONNECT {\"verbose\":false,\"pedantic\":false}\r\nPING\r\n"), cts.Token);
            var answer = await ReadLineAsync(tls, cts.Token);
            return answer == "PONG" ? "served" : $"answered {answer ?? "nothing (closed)"}";
        }
        catch (Exception e) when (e is IOException or System.Security.Authentication.AuthenticationException)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    /// <summary>One line, byte by byte, so that nothing after it is read from the plain stream before TLS starts.</summary>
    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancel)
    {
        var line = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancel) == 1)
        {
            if (one[0] == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)one[0]);
        }
        return line.Length == 0 ? null : line.ToString();
    }
}
