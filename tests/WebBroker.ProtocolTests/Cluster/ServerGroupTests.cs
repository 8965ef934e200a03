namespace WebBroker.ProtocolTests;

/// <summary>
/// The shared test support's group of nodes (WebBroker.TestSupport's <see cref="ServerGroup"/>): a WebBroker node and a
/// nats-server node side by side, each configured from its own plan and serving its own clients. Servers do not
/// cluster yet; this is where mixed clusters will be tested once they do.
/// </summary>
public sealed class ServerGroupTests
{
    [Fact]
    public async Task A_group_of_one_WebBroker_and_one_nats_server_node_runs_side_by_side_and_serves_both()
    {
        await using var group = await ServerGroup.StartAsync([ServerKind.WebBroker, ServerKind.NatsServer]);

        Assert.Equal([ServerKind.WebBroker, ServerKind.NatsServer], group.Nodes.Select(n => n.Server.Kind));
        Assert.NotEqual(group[0].Server.Port, group[1].Server.Port);
        Assert.NotEqual(group[0].ClusterPort, group[1].ClusterPort);
        Assert.Equal([$"nats-route://127.0.0.1:{group[1].ClusterPort}"], group[0].Routes);
        Assert.Equal([$"nats-route://127.0.0.1:{group[0].ClusterPort}"], group[1].Routes);

        foreach (var node in group.Nodes)
        {
            await using var client = await node.Server.ConnectReadyAsync();
            // Each node got its own config: its name, from the plan.
            Assert.Equal(node.Name, client.Info.GetProperty("server_name").GetString());
            await client.SendAsync($"SUB hello.{node.Name} 1\r\nPUB hello.{node.Name} 2\r\nhi\r\n");
            await client.ExpectMsgAsync($"hello.{node.Name}", "1", "hi");
        }
    }
}
