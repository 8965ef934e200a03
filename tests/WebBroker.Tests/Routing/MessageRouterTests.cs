using System.Text;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Routing;
using WebBroker.Broker.Server;
using WebBroker.Tests.Support;

namespace WebBroker.Tests.Routing;

/// <summary>The server's own publisher and its internal subscribers go through the one router.</summary>
public class MessageRouterTests
{
    private static ServerOptions WithSystemUser() => new()
    {
        SystemAccount = "SYS",
        Users = [new UserOptions { User = "s", Password = "s", Account = "SYS" }],
        Accounts = [new AccountOptions { Name = "SYS" }],
    };

    [Fact]
    public async Task An_internal_subscriber_gets_the_headers_off_the_publishers_read_loop()
    {
        var server = new NatsServer(WithSystemUser());
        var received = new TaskCompletionSource<InternalMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var release = new ManualResetEventSlim();
        server.System.Subscribe("internal.test", message =>
        {
            received.TrySetResult(message);
            release.Wait(TimeSpan.FromSeconds(30)); // a slow callback must not hold the publisher
        });
        await using var client = new InMemoryConnection(server, quietConnect: false);
        const string Headers = "NATS/1.0\r\nNats-Msg-Id: 42\r\n\r\n";
        await client.SendAsync($"CONNECT {{\"verbose\":false,\"pedantic\":false,\"headers\":true,\"user\":\"s\",\"pass\":\"s\"}}\r\n" +
            $"HPUB internal.test reply.x {Headers.Length} {Headers.Length + 5}\r\n{Headers}hello\r\nPING\r\n");
        var message = await received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await client.ReadUntilAsync("PONG"); // answered while the callback is still running
        release.Set();

        Assert.Equal("internal.test", message.Subject);
        Assert.Equal("reply.x", message.Reply);
        Assert.Equal(Headers, Encoding.ASCII.GetString(message.Headers));
        Assert.Equal("hello", Encoding.ASCII.GetString(message.Payload));
    }

    [Fact]
    public async Task The_servers_own_events_cross_into_an_account_that_imports_them()
    {
        var options = new ServerOptions
        {
            SystemAccount = "SYS",
            Users = [new UserOptions { User = "a", Password = "a", Account = "A" }],
            Accounts =
            [
                new AccountOptions { Name = "SYS", Exports = [new ExportOptions { Subject = "$SYS.ACCOUNT.*.CONNECT" }] },
                new AccountOptions { Name = "A", Imports = [new ImportOptions { Account = "SYS", Subject = "$SYS.ACCOUNT.*.CONNECT", Prefix = "from.sys" }] },
            ],
        };
        var server = new NatsServer(options);
        const string Connect = "CONNECT {\"verbose\":false,\"pedantic\":false,\"user\":\"a\",\"pass\":\"a\"}\r\n";
        await using var watcher = new InMemoryConnection(server, quietConnect: false);
        await watcher.SendAsync(Connect + "SUB from.sys.> 1\r\nPING\r\n");
        await watcher.ReadUntilAsync("PONG");

        await using var newcomer = new InMemoryConnection(server, quietConnect: false);
        await newcomer.SendAsync(Connect + "PING\r\n");
        await newcomer.ReadUntilAsync("PONG");

        Assert.Contains("MSG from.sys.$SYS.ACCOUNT.A.CONNECT 1 ", await watcher.ReadUntilAsync("MSG from.sys.$SYS.ACCOUNT.A.CONNECT"));
    }
}
