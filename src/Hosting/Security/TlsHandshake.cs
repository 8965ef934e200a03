using System.IO.Pipelines;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WebBroker.Broker.Hosting;
using WebBroker.Broker.Server;

namespace WebBroker.Web.Security;

/// <summary>Builds the client port's TLS from the config's <c>tls {}</c>: .NET's SslStream over the raw
/// connection, the server certificate from PEM files, client certificates checked against ca_file.</summary>
public static class TlsHandshake
{
    public static ClientTls Create(TlsOptions options)
    {
        var (certificate, authorities) = Load(options);
        var protocols = options.MinVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13;

        async Task<IDuplexPipe> Handshake(IDuplexPipe transport)
        {
            var ssl = new SslStream(new DuplexPipeStream(transport), leaveInnerStreamOpen: false);
            using var timeout = new CancellationTokenSource(options.Timeout);
            await ssl.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate,
                ClientCertificateRequired = options.Verify,
                EnabledSslProtocols = protocols,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, cert, _, errors) => !options.Verify || Trusted(cert, authorities),
            }, timeout.Token);
            var presented = ssl.RemoteCertificate is { } remote ? new X509Certificate2(remote) : null;
            return new TlsDuplexPipe(PipeReader.Create(ssl), PipeWriter.Create(ssl), presented);
        }
        return new ClientTls(Handshake, options.HandshakeFirst);
    }

    /// <summary>Kestrel HTTPS for a <c>tls {}</c> block (the websocket listener): the PEM certificate, client
    /// certificates required and checked against ca_file with verify, the handshake timeout and minimum version.</summary>
    public static Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions HttpsOptions(TlsOptions options)
    {
        var (certificate, authorities) = Load(options);
        return new Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions
        {
            ServerCertificate = certificate,
            ClientCertificateMode = options.Verify
                ? Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.RequireCertificate
                : Microsoft.AspNetCore.Server.Kestrel.Https.ClientCertificateMode.NoCertificate,
            ClientCertificateValidation = (cert, _, _) => !options.Verify || Trusted(cert, authorities),
            CheckCertificateRevocation = false,
            HandshakeTimeout = options.Timeout,
            SslProtocols = options.MinVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13,
        };
    }

    private static (X509Certificate2 Certificate, X509Certificate2Collection? Authorities) Load(TlsOptions options)
    {
        var certificate = X509Certificate2.CreateFromPemFile(options.CertFile, options.KeyFile);
        // SslStream wants a key it can use after the PEM import; a PKCS#12 round trip gives one on every platform.
        certificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        X509Certificate2Collection? authorities = null;
        if (options.CaFile is { } ca)
        {
            authorities = [];
            authorities.ImportFromPemFile(ca);
        }
        return (certificate, authorities);
    }

    private static bool Trusted(X509Certificate? presented, X509Certificate2Collection? authorities)
    {
        if (presented is null) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (authorities is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        }
        return chain.Build(new X509Certificate2(presented));
    }

}

/// <summary>A stream over a duplex pipe, for SslStream to run on top of a Kestrel connection.</summary>
internal sealed class DuplexPipeStream(IDuplexPipe pipe) : Stream
{
    private readonly Stream _reader = pipe.Input.AsStream();
    private readonly Stream _writer = pipe.Output.AsStream();

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => _reader.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _reader.ReadAsync(buffer, cancellationToken);
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _reader.ReadAsync(buffer, offset, count, cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => _writer.Write(buffer, offset, count);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _writer.WriteAsync(buffer, cancellationToken);
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _writer.WriteAsync(buffer, offset, count, cancellationToken);
    public override void Flush() => _writer.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _writer.FlushAsync(cancellationToken);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
            _writer.Dispose();
        }
        base.Dispose(disposing);
    }
}
