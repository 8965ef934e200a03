using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebBroker.TestSupport;

/// <summary>
/// A throw-away CA, a server certificate for 127.0.0.1 and localhost signed by it, and client certificates on
/// demand, as PEM files in a temporary directory that both servers read (<c>tls { cert_file, key_file, ca_file }</c>).
/// Usable as a class fixture.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    private readonly TempDirectory _directory = new("webbroker-certs-");
    private readonly X509Certificate2 _ca;
    private readonly RSA _caKey = RSA.Create(2048);
    private int _clients;

    public TestCertificates()
    {
        var caRequest = new CertificateRequest("CN=webbroker-test-ca", _caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        _ca = caRequest.CreateSelfSigned(now.AddMinutes(-10), now.AddDays(2)); // outlives every leaf it signs
        File.WriteAllText(CaFile, _ca.ExportCertificatePem());

        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        using var server = Issue("CN=127.0.0.1", ServerAuth, names, CertFile, KeyFile);
    }

    public string CaFile => _directory["ca.pem"];
    public string CertFile => _directory["server.pem"];
    public string KeyFile => _directory["server.key"];

    /// <summary>The config's <c>tls {}</c> block with the server's files and any more settings (<c>handshake_first: true</c>).</summary>
    public string Tls(string more = "") =>
        $"tls {{ cert_file: \"{CertFile}\", key_file: \"{KeyFile}\"{(more.Length > 0 ? ", " + more : "")} }}";

    /// <summary>The config's <c>tls {}</c> block with the server's files.</summary>
    public string TlsBlock => Tls();

    /// <summary>The config's <c>tls {}</c> block that also requires a client certificate from this CA. Its handshake
    /// timeout is longer than the 2 s default: a server's first handshake with chain checks can take longer on a loaded machine.</summary>
    public string VerifyingTlsBlock => Tls($"ca_file: \"{CaFile}\", verify: true, timeout: 10");

    /// <summary>Issues a client certificate signed by the CA (PEM files beside the others, and the certificate with
    /// its private key for <see cref="System.Net.Security.SslStream"/>). The caller disposes the certificate.</summary>
    public ClientCertificate IssueClient(string subject = "CN=client")
    {
        var n = Interlocked.Increment(ref _clients);
        var (cert, key) = (_directory[$"client-{n}.pem"], _directory[$"client-{n}.key"]);
        return new ClientCertificate(Issue(subject, ClientAuth, names: null, cert, key), cert, key);
    }

    /// <summary>Whether the server presented a certificate chaining to this CA.</summary>
    public bool IsIssuedByCa(X509Certificate? presented)
    {
        if (presented is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_ca);
        return chain.Build(new X509Certificate2(presented));
    }

    /// <summary>Signs a leaf certificate with the CA, writes it and its key as PEM, and returns it with its key.</summary>
    private X509Certificate2 Issue(string subject, Oid usage, SubjectAlternativeNameBuilder? names, string certFile, string keyFile)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        if (names is not null) request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(_ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));
        File.WriteAllText(certFile, issued.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
        _directory.Dispose();
    }
}
