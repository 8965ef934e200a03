using System.Security.Cryptography.X509Certificates;

namespace WebBroker.TestSupport;

/// <summary>A client certificate issued by <see cref="TestCertificates"/>: with its private key, and as PEM files.</summary>
public sealed record ClientCertificate(X509Certificate2 Certificate, string CertFile, string KeyFile) : IDisposable
{
    public void Dispose() => Certificate.Dispose();
}
