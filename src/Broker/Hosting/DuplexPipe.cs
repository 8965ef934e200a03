using System.IO.Pipelines;

namespace WebBroker.Broker.Hosting;

/// <summary>A reader and a writer that together make one connection's transport.</summary>
public sealed record DuplexPipe(PipeReader Input, PipeWriter Output) : IDuplexPipe;
