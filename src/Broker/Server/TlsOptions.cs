namespace WebBroker.Broker.Server;

/// <summary>nats-server's <c>tls {}</c> block for the client port.</summary>
public sealed class TlsOptions
{
    public string CertFile { get; set; } = "";
    public string KeyFile { get; set; } = "";
    /// <summary>CA bundle that client certificates must chain to (with <see cref="Verify"/>).</summary>
    public string? CaFile { get; set; }
    /// <summary>Require and check a client certificate.</summary>
    public bool Verify { get; set; }
    /// <summary>verify_and_map: the client certificate (its email, DNS names or subject) names the user; no
    /// password is asked.</summary>
    public bool VerifyAndMap { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
    /// <summary>TLS before INFO (handshake_first), instead of nats-server's usual INFO-then-TLS.</summary>
    public bool HandshakeFirst { get; set; }
    /// <summary>"1.2" or "1.3".</summary>
    public string? MinVersion { get; set; }
}
