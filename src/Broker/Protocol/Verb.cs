namespace WebBroker.Broker.Protocol;

/// <summary>
/// Every operation of nats-server's wire protocols: the client protocol, and the verbs that routes,
/// gateways and leaf nodes add (remote subscriptions and messages, account interest). Which of them
/// a connection may send depends on its kind (<see cref="VerbTable"/>).
/// </summary>
public enum Verb : byte
{
    Unknown,
    // Every kind: the handshake and keep-alive.
    Connect, Info, Ping, Pong, Ok, Err,
    // Clients.
    Pub, Hpub, Sub, Unsub,
    // Routes and gateways: RS+, RS-, RMSG; routes and leaf nodes: HMSG.
    RouteSub, RouteUnsub, RouteMsg, Hmsg,
    // Leaf nodes (and routes, which relay leaf interest): LS+, LS-, LMSG.
    LeafSub, LeafUnsub, LeafMsg,
    // Routes and gateways: account interest, A+ and A-.
    AccountSub, AccountUnsub,
}
