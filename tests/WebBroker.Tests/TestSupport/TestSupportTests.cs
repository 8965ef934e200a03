using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace WebBroker.Tests.TestSupport;

/// <summary>The shared test support's own pieces that every server test leans on: log waits, free ports, certificates.</summary>
public class TestSupportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_log_wait_sees_lines_after_its_mark_whether_they_came_before_or_after_it_began()
    {
        var log = new LogCapture("server");
        log.Add("Starting");
        var mark = log.Mark;
        log.Add("Listening for client connections on 127.0.0.1:4222");
        Assert.Equal("Listening for client connections on 127.0.0.1:4222", await log.WaitForAsync("Listening", mark, Bound));

        var later = log.WaitForAsync("Reloaded", log.Mark, Bound);
        Assert.False(later.IsCompleted);
        log.Add("Reloaded server configuration");
        Assert.Equal("Reloaded server configuration", await later);
        Assert.Equal(["Listening for client connections on 127.0.0.1:4222", "Reloaded server configuration"], log.Since(mark));
    }

    [Fact]
    public async Task A_log_wait_that_times_out_says_what_the_server_printed()
    {
        var log = new LogCapture("server");
        log.Add("Starting");
        var mark = log.Mark;
        log.Add("something else");
        // A line before the mark does not count.
        var error = await Assert.ThrowsAsync<TimeoutException>(() => log.WaitForAsync("Starting", mark, TimeSpan.FromMilliseconds(50)));
        Assert.Contains("server did not print 'Starting'", error.Message);
        Assert.Contains("something else", error.Message);
    }

    [Fact]
    public void Picked_ports_differ_and_are_free_to_bind()
    {
        var ports = FreePorts.Pick(3);
        Assert.Equal(3, ports.Distinct().Count());
        foreach (var port in ports)
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
        }
    }

    [Fact]
    public void The_server_and_client_certificates_chain_to_the_test_ca_and_a_foreign_one_does_not()
    {
        using var certificates = new TestCertificates();
        using var other = new TestCertificates();
        using var server = X509Certificate2.CreateFromPemFile(certificates.CertFile, certificates.KeyFile);
        using var client = certificates.IssueClient("CN=alice");

        Assert.True(certificates.IsIssuedByCa(server));
        Assert.True(certificates.IsIssuedByCa(client.Certificate));
        Assert.True(client.Certificate.HasPrivateKey);
        Assert.Equal("CN=alice", client.Certificate.Subject);
        Assert.False(other.IsIssuedByCa(client.Certificate));
        Assert.Contains("127.0.0.1", server.GetNameInfo(X509NameType.DnsName, false) + " " +
            string.Join(' ', server.Extensions.OfType<X509SubjectAlternativeNameExtension>().SelectMany(e => e.EnumerateIPAddresses())));
    }
}
