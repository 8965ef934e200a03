using WebBroker.Broker.Clients;
using WebBroker.Broker.Server;
using WebBroker.Broker.Connections;

namespace WebBroker.Broker.Routing;

/// <summary>Who publishes: the connection (a client, or an internal one such as the system service's)
/// and the account whose subject space the message enters.</summary>
public readonly record struct MessageOrigin(Connection Connection, Accounts.Account Account)
{
    public ConnectionKind Kind => Connection.Kind;

    /// <summary>The origin of a connection publishing in its own account.</summary>
    public static MessageOrigin Of(Connection connection) => new(connection, connection.Account);
}
