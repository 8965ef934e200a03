namespace WebBroker.ProtocolTests.Infrastructure;

/// <summary>Raw client connections to a running server (<see cref="ServerProcess"/> lives in WebBroker.TestSupport).</summary>
public static class ServerConnections
{
    /// <summary>Opens a raw client connection and reads the server's INFO line.</summary>
    public static Task<RawClient> ConnectAsync(this ServerProcess server, int? receiveBufferSize = null) =>
        RawClient.ConnectAsync(server.Port, receiveBufferSize);

    /// <summary>Opens a connection, sends CONNECT and waits for the PONG after it.</summary>
    public static async Task<RawClient> ConnectReadyAsync(this ServerProcess server, string connectJson = RawClient.QuietConnect)
    {
        var client = await server.ConnectAsync();
        try
        {
            await client.HandshakeAsync(connectJson);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
        return client;
    }
}
