using WebBroker.Broker.Server;
using WebBroker.Client;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Client;

/// <summary>Our small client, against the engine in this process and against Debian's nats-server.</summary>
public class NatsConnectionTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static Task<NatsConnection> InProcess(NatsServer server) =>
        NatsConnection.ConnectAsync(InProcessTransport.Connect(server));

    [Fact]
    public async Task Publish_and_subscribe_in_process()
    {
        var server = new NatsServer(new ServerOptions());
        await using var sub = await InProcess(server);
        await using var pub = await InProcess(server);
        await using var subscription = await sub.SubscribeAsync("greet.*");
        await pub.PublishAsync("greet.world", "hello");
        var msg = await subscription.Messages.ReadAsync().AsTask().WaitAsync(Bound);
        Assert.Equal(("greet.world", "hello"), (msg.Subject, msg.Text));
    }

    [Fact]
    public async Task Request_and_reply_in_process()
    {
        var server = new NatsServer(new ServerOptions());
        await using var responder = await InProcess(server);
        await using var requester = await InProcess(server);
        await using var service = await responder.SubscribeAsync("svc.echo");
        var serving = Task.Run(async () =>
        {
            var request = await service.Messages.ReadAsync();
            await responder.PublishAsync(request.ReplyTo!, "echo: " + request.Text);
        });
        var reply = await requester.RequestAsync("svc.echo", "hi");
        Assert.Equal("echo: hi", reply.Text);
        await serving.WaitAsync(Bound);
    }

    [Fact]
    public async Task A_request_nobody_serves_fails_with_no_responders()
    {
        var server = new NatsServer(new ServerOptions());
        await using var requester = await InProcess(server);
        await Assert.ThrowsAsync<NatsNoRespondersException>(() => requester.RequestAsync("nobody.home", "?"));
    }

    [Fact]
    public async Task Wrong_credentials_surface_the_servers_error()
    {
        var server = new NatsServer(new ServerOptions { Token = "right" });
        var ex = await Assert.ThrowsAsync<NatsClientException>(() =>
            NatsConnection.ConnectAsync(InProcessTransport.Connect(server), new NatsClientOptions { Token = "wrong" }));
        Assert.Contains("Authorization Violation", ex.Message);
    }

    [Fact]
    public async Task Request_reply_and_headers_work_against_nats_server()
    {
        await using var natsServer = await ServerProcess.StartAsync(ServerKind.NatsServer);
        await using var responder = await NatsConnection.ConnectAsync("127.0.0.1", natsServer.Port);
        await using var requester = await NatsConnection.ConnectAsync("127.0.0.1", natsServer.Port);
        await using var service = await responder.SubscribeAsync("svc.upper", queue: "workers");
        var serving = Task.Run(async () =>
        {
            var request = await service.Messages.ReadAsync();
            await responder.PublishAsync(request.ReplyTo!, request.Text.ToUpperInvariant());
        });
        Assert.Equal("LOUD", (await requester.RequestAsync("svc.upper", "loud")).Text);
        await serving.WaitAsync(Bound);
        await Assert.ThrowsAsync<NatsNoRespondersException>(() => requester.RequestAsync("nobody.home", "?"));
    }
}
