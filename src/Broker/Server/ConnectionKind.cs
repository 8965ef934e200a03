namespace WebBroker.Broker.Server;

/// <summary>
/// What a connection is, as nats-server's connection kinds: a client, another server (route, gateway,
/// leaf node), or one of the server's own internal clients (system events, JetStream, accounts'
/// service imports). The transport it arrives on is a separate matter (<see cref="TransportType"/>).
/// </summary>
public enum ConnectionKind { Client, Router, Gateway, Leaf, System, JetStream, Account }

public static class ConnectionKindNames
{
    /// <summary>nats-server's name of the kind, as /connz shows it.</summary>
    public static string ConnzKind(this ConnectionKind kind) => kind switch
    {
        ConnectionKind.Client => "Client",
        ConnectionKind.Router => "Router",
        ConnectionKind.Gateway => "Gateway",
        ConnectionKind.Leaf => "Leafnode",
        ConnectionKind.System => "System",
        ConnectionKind.JetStream => "JetStream",
        ConnectionKind.Account => "Account",
        _ => "Unknown Type",
    };

    /// <summary>Internal clients live in the server process: no socket, no pipes, no protocol.</summary>
    public static bool IsInternal(this ConnectionKind kind) => kind is ConnectionKind.System or ConnectionKind.JetStream or ConnectionKind.Account;
}
