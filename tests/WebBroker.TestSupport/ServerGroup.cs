namespace WebBroker.TestSupport;

/// <summary>
/// N servers side by side, each of either kind, each with its own work directory, random client port and
/// captured log, and a reserved cluster port (<see cref="GroupNode"/>): the shape a cluster of mixed nodes
/// takes once servers route to each other. Each node's config comes from a function of its plan, so a test
/// decides what the nodes share (accounts, a cluster block) and what differs.
/// </summary>
public sealed class ServerGroup : IAsyncDisposable
{
    private readonly GroupNode[] _nodes;

    private ServerGroup(GroupNode[] nodes) => _nodes = nodes;

    public IReadOnlyList<GroupNode> Nodes => _nodes;

    public GroupNode this[int index] => _nodes[index];

    /// <summary>Plans a node per kind, reserves their cluster ports, then starts them in order (bounded each).
    /// If one fails to start, those already running are stopped and the error carries the failing node's log.</summary>
    /// <param name="config">Each node's config text (null: none). The default names the node: <c>server_name</c>.</param>
    public static async Task<ServerGroup> StartAsync(IReadOnlyList<ServerKind> kinds, Func<GroupNode, string?>? config = null,
        bool monitor = false)
    {
        config ??= node => $"server_name: {node.Name}\n";
        var ports = FreePorts.Pick(kinds.Count);
        var nodes = new GroupNode[kinds.Count];
        for (var i = 0; i < nodes.Length; i++) nodes[i] = new GroupNode(i, kinds[i], ports[i], nodes);
        var group = new ServerGroup(nodes);
        try
        {
            foreach (var node in nodes) node.Started(await ServerProcess.StartAsync(node.Kind, config(node), monitor));
        }
        catch
        {
            await group.DisposeAsync();
            throw;
        }
        return group;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            if (node.Running is { } server) await server.DisposeAsync();
        }
    }

    public override string ToString() => string.Join(", ", _nodes.Select(n => n.ToString()));
}
