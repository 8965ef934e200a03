namespace WebBroker.TestSupport;

/// <summary>
/// One node of a <see cref="ServerGroup"/>, planned before any node starts: its kind, its name, and a cluster
/// port reserved for it, so that each node's config can name the others' routes once servers cluster.
/// </summary>
public sealed class GroupNode
{
    internal GroupNode(int index, ServerKind kind, int clusterPort, IReadOnlyList<GroupNode> all)
    {
        Index = index;
        Kind = kind;
        ClusterPort = clusterPort;
        _all = all;
    }

    private readonly IReadOnlyList<GroupNode> _all;
    private ServerProcess? _server;

    public int Index { get; }
    public ServerKind Kind { get; }

    /// <summary>The node's server name (<c>server_name</c> in its config): <c>n0</c>, <c>n1</c>, ...</summary>
    public string Name => $"n{Index}";

    /// <summary>A free loopback port kept for this node's cluster listener (<c>cluster { port }</c>).</summary>
    public int ClusterPort { get; }

    /// <summary>The route URLs of every other node, for this node's <c>cluster { routes }</c>.</summary>
    public IReadOnlyList<string> Routes => [.. _all.Where(n => n != this).Select(n => $"nats-route://127.0.0.1:{n.ClusterPort}")];

    /// <summary>The running server, once the group has started it.</summary>
    public ServerProcess Server => _server ?? throw new InvalidOperationException($"{Name} has not started");

    /// <summary>The running server, or null before the group started it.</summary>
    internal ServerProcess? Running => _server;

    internal void Started(ServerProcess server) => _server = server;

    public override string ToString() => $"{Name} ({Kind})";
}
