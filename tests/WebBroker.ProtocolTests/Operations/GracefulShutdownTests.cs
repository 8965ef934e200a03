namespace WebBroker.ProtocolTests;

/// <summary>SIGTERM: the server stops, delivers what it had already accepted, closes its clients and exits.</summary>
public sealed class GracefulShutdownTests
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task On_SIGTERM_accepted_messages_are_delivered_then_clients_are_closed_and_the_server_exits(ServerKind kind)
    {
        // A server of its own: this test ends it.
        await using var server = await ServerProcess.StartAsync(kind);
        await using var subscriber = await server.ConnectReadyAsync();
        await subscriber.SendAsync("SUB work 1\r\nPING\r\n");
        await subscriber.ExpectLineAsync("PONG");
        await using var publisher = await server.ConnectReadyAsync();
        const int Count = 2000;
        var batch = string.Concat(Enumerable.Range(0, Count).Select(i => $"PUB work {i.ToString().Length}\r\n{i}\r\n"));
        await publisher.SendAsync(batch + "PING\r\n");
        await publisher.ExpectLineAsync("PONG"); // every message is routed (queued to the subscriber) by now

        var exit = server.TerminateAsync(TimeSpan.FromSeconds(30));
        for (var i = 0; i < Count; i++)
            await subscriber.ExpectMsgAsync("work", "1", i.ToString());
        await subscriber.ReadUntilClosedAsync(TimeSpan.FromSeconds(15));
        await exit; // exited (nats-server 2.9 reports 1 after SIGTERM, so the code itself is not compared)
    }
}
