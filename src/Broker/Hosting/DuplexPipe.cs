using System.IO.Pipelines;

namespace WebBroker.Broker.Hosting;

/// <summary>A reader and a writer that together make one connection's transport.</summary>
public sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;

/// <summary>A TLS connection's transport, carrying the certificate the client presented (null when none),
/// for verify_and_map to find the user it names.</summary>
public sealed record TlsDuplexPipe(PipeReader Input, PipeWriter Output, System.Security.Cryptography.X509Certificates.X509Certificate2? ClientCertificate) : IDuplexPipe;
