using System.Net;
using WebBroker.Broker.Accounts;
using WebBroker.Broker.Clients;
using WebBroker.Broker.Protocol;
using WebBroker.Broker.Security;
using WebBroker.Broker.Server;

namespace WebBroker.Tests.Security;

/// <summary>
/// The authenticator as every listener calls it: the CONNECT and the transport's facts in, an account with its
/// permissions or nats-server's refusal out. (The wire behaviour is proven against nats-server by the protocol
/// and interop suites; these pin the seam itself.)
/// </summary>
public class AuthenticatorTests
{
    private static AuthResult Authenticate(NatsServer server, TransportType kind, ConnectOptions connect) =>
        server.Authenticator.Authenticate(new AuthRequest(connect, kind, Nonce: null, ClientCertificate: null, IPAddress.Loopback, CookieJwt: null));

    [Fact]
    public void A_listed_user_gets_its_account_and_permissions_on_every_transport()
    {
        var permissions = new PermissionOptions { Publish = new SubjectPermission { Allow = ["orders.>"] } };
        var server = new NatsServer(new ServerOptions
        {
            Accounts = [new AccountOptions { Name = "A" }],
            Users = [new UserOptions { User = "alice", Password = "pw", Account = "A", Permissions = permissions }],
        });
        foreach (var kind in new[] { TransportType.Tcp, TransportType.WebSocket })
        {
            var result = Authenticate(server, kind, new ConnectOptions { User = "alice", Pass = "pw" });
            Assert.Null(result.Refusal);
            Assert.Equal("A", result.Account!.Name);
            Assert.Same(permissions, result.Permissions);
        }
    }

    [Fact]
    public void A_wrong_password_is_refused_with_nats_servers_text_and_reason()
    {
        var server = new NatsServer(new ServerOptions { Users = [new UserOptions { User = "alice", Password = "pw" }] });
        var result = Authenticate(server, TransportType.Tcp, new ConnectOptions { User = "alice", Pass = "nope" });
        Assert.Equal((ClosedReason.AuthenticationViolation, "Authorization Violation"), result.Refusal);
        Assert.Null(result.Account);
    }

    [Fact]
    public void The_websocket_listeners_own_token_applies_to_websocket_clients_only()
    {
        var options = new ServerOptions { Token = "tcp-token" };
        options.WebSocket.Token = "ws-token";
        var server = new NatsServer(options);
        Assert.Null(Authenticate(server, TransportType.WebSocket, new ConnectOptions { AuthToken = "ws-token" }).Refusal);
        Assert.NotNull(Authenticate(server, TransportType.WebSocket, new ConnectOptions { AuthToken = "tcp-token" }).Refusal);
        Assert.Null(Authenticate(server, TransportType.Tcp, new ConnectOptions { AuthToken = "tcp-token" }).Refusal);
        Assert.NotNull(Authenticate(server, TransportType.Tcp, new ConnectOptions { AuthToken = "ws-token" }).Refusal);
    }

    [Fact]
    public void Without_configured_credentials_the_connection_keeps_its_account()
    {
        var options = new ServerOptions();
        options.WebSocket.Username = "ws";
        options.WebSocket.Password = "pw";
        var server = new NatsServer(options);
        Assert.Same(AuthResult.Open, Authenticate(server, TransportType.Tcp, new ConnectOptions()));
        Assert.False(server.Authenticator.Required(TransportType.Tcp));
        Assert.True(server.Authenticator.Required(TransportType.WebSocket));
        Assert.NotNull(Authenticate(server, TransportType.WebSocket, new ConnectOptions()).Refusal);
    }
}
