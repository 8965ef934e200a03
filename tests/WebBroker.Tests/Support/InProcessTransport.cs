using System.IO.Pipelines;
using System.Net;
using WebBroker.Broker.Hosting;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Support;

/// <summary>A duplex pipe whose other end is served by an in-process server: a connection without a socket.</summary>
internal static class InProcessTransport
{
    public static IDuplexPipe Connect(NatsServer server)
    {
        var toServer = new Pipe();
        var toClient = new Pipe();
        var serverSide = new DuplexPipe(toServer.Reader, toClient.Writer);
        _ = Task.Run(() => server.AcceptAsync(serverSide, new IPEndPoint(IPAddress.Loopback, 0), () =>
        {
            toClient.Writer.Complete();
            toServer.Reader.CancelPendingRead();
        }));
        return new DuplexPipe(toClient.Reader, toServer.Writer);
    }
}
