using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>A throw-away CA and a server certificate for 127.0.0.1 signed by it, as PEM files in a temporary
/// directory that both servers read (<c>tls { cert_file, key_file }</c>).</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("webbroker-certs-").FullName;
    private readonly X509Certificate2 _ca;

    public TestCertificates()
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=webbroker-test-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        _ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(_ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(CaFile, _ca.ExportCertificatePem());
        File.WriteAllText(CertFile, server.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public string CaFile => Path.Combine(_directory, "ca.pem");
    public string CertFile => Path.Combine(_directory, "server.pem");
    public string KeyFile => Path.Combine(_directory, "server.key");

    /// <summary>The config's <c>tls {}</c> block with these files.</summary>
    public string TlsBlock => $"tls {{ cert_file: \"{CertFile}\", key_file: \"{KeyFile}\" }}";

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

    public void Dispose()
    {
        _ca.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
