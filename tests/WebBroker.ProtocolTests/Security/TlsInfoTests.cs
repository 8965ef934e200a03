namespace WebBroker.ProtocolTests;

/// <summary>
/// What the plain-text INFO (sent before the TLS handshake) says about TLS: <c>tls_required</c> with a
/// <c>tls {}</c> block, and <c>tls_verify</c> only when client certificates are required, which clients
/// read to decide whether to present theirs.
/// </summary>
public sealed class TlsInfoTests(ServerPool pool, TestCertificates certificates) : IClassFixture<ServerPool>, IClassFixture<TestCertificates>
{
    private string Tls(string extra) =>
        certificates.Tls($"ca_file: \"{certificates.CaFile}\"{extra}") + "\n";

    public static TheoryData<ServerKind, string> Verifying => Servers.Cross(", verify: true", ", verify_and_map: true");

    [Theory]
    [MemberData(nameof(Verifying))]
    public async Task Info_says_tls_verify_when_client_certificates_are_required(ServerKind kind, string verify)
    {
        var server = await pool.GetAsync(kind, Tls(verify));
        await using var client = await server.ConnectAsync();

        Assert.True(client.Info.GetProperty("tls_required").GetBoolean(), client.InfoLine);
        Assert.True(client.Info.TryGetProperty("tls_verify", out var tlsVerify), client.InfoLine);
        Assert.True(tlsVerify.GetBoolean(), client.InfoLine);
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Info_leaves_tls_verify_out_when_client_certificates_are_not_required(ServerKind kind)
    {
        var server = await pool.GetAsync(kind, Tls(""));
        await using var client = await server.ConnectAsync();

        Assert.True(client.Info.GetProperty("tls_required").GetBoolean(), client.InfoLine);
        Assert.False(client.Info.TryGetProperty("tls_verify", out _), client.InfoLine);
    }
}
