namespace WebBroker.ProtocolTests;

/// <summary>Queue subscriptions (<c>SUB subject group sid</c>): one member of a group gets each message.</summary>
public sealed class QueueGroupTests(ServerPool pool) : IClassFixture<ServerPool>
{
    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Each_message_goes_to_exactly_one_member_of_a_queue_group_and_to_every_plain_subscriber(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var memberA = await server.ConnectReadyAsync();
        await using var memberB = await server.ConnectReadyAsync();
        await using var plain = await server.ConnectReadyAsync();
        await using var publisher = await server.ConnectReadyAsync();
        foreach (var (client, sub) in new[] { (memberA, "SUB jobs workers 1"), (memberB, "SUB jobs workers 1"), (plain, "SUB jobs 1") })
        {
            await client.SendAsync($"{sub}\r\nPING\r\n");
            await client.ExpectLineAsync("PONG");
        }

        const int count = 200;
        await publisher.SendAsync(string.Concat(Enumerable.Range(0, count).Select(i => $"PUB jobs {i.ToString().Length}\r\n{i}\r\n")));

        for (var i = 0; i < count; i++) await plain.ExpectMsgAsync("jobs", "1", i.ToString());

        // Read both members at once until the group has received every message.
        var delivered = new List<(string Member, string Payload)>();
        using var allArrived = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        async Task Drain(RawClient member, string name)
        {
            try
            {
                while (true)
                {
                    var msg = await member.ReadMsgAsync(TimeSpan.FromSeconds(10), allArrived.Token);
                    Assert.Equal(("jobs", "1"), (msg.Subject, msg.Sid));
                    lock (delivered)
                    {
                        delivered.Add((name, msg.Payload));
                        if (delivered.Count == count) allArrived.Cancel();
                    }
                }
            }
            catch (OperationCanceledException) when (allArrived.IsCancellationRequested)
            {
            }
        }
        await Task.WhenAll(Drain(memberA, "A"), Drain(memberB, "B"));

        Assert.Equal(Enumerable.Range(0, count).Select(i => i.ToString()).Order(), delivered.Select(d => d.Payload).Order());
        Assert.Contains(delivered, d => d.Member == "A");
        Assert.Contains(delivered, d => d.Member == "B");
        await memberA.ExpectOpenAsync(); // no duplicates queued behind
        await memberB.ExpectOpenAsync();
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task Each_queue_group_gets_its_own_copy(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB g one 1\r\nSUB g two 2\r\nPUB g 1\r\nx\r\nPING\r\n");

        var sids = new[] { (await client.ReadMsgAsync()).Sid, (await client.ReadMsgAsync()).Sid };
        Assert.Equal(["1", "2"], sids.Order());
        await client.ExpectLineAsync("PONG");
    }

    [Theory]
    [MemberData(nameof(Servers.All), MemberType = typeof(Servers))]
    public async Task A_lone_queue_member_gets_every_message(ServerKind kind)
    {
        var server = await pool.GetAsync(kind);
        await using var client = await server.ConnectReadyAsync();

        await client.SendAsync("SUB lone q 1\r\nPUB lone 1\r\na\r\nPUB lone 1\r\nb\r\nPING\r\n");

        await client.ExpectMsgAsync("lone", "1", "a");
        await client.ExpectMsgAsync("lone", "1", "b");
        await client.ExpectLineAsync("PONG");
    }
}
