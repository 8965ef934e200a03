using System.Security.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using WebBroker.Broker.Server;

namespace WebBroker.Web.Security;

/// <summary>Kestrel's HTTPS from a <c>tls {}</c> block: the websocket listener (wss://) and the https monitoring port.</summary>
public static class KestrelTls
{
    /// <param name="verifyClients">Whether the block's <c>verify</c> applies (nats-server never asks monitoring clients for a certificate).</param>
    public static HttpsConnectionAdapterOptions Options(TlsOptions tls, bool verifyClients)
    {
        var authorities = TlsHandshake.LoadAuthorities(tls);
        var verify = verifyClients && tls.Verify;
        return new HttpsConnectionAdapterOptions
        {
            ServerCertificate = TlsHandshake.LoadCertificate(tls),
            SslProtocols = tls.MinVersion == "1.3" ? SslProtocols.Tls13 : SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = verify ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
            ClientCertificateValidation = (certificate, _, _) => !verify || TlsHandshake.Trusted(certificate, authorities),
            CheckCertificateRevocation = false,
            HandshakeTimeout = tls.Timeout,
        };
    }
}
